//! The nesting cap shared by the parsers. Every walk over a query's trees recurses (parsing,
//! planning, keyword matching, evaluation, even dropping a tree), so the parsers refuse trees
//! deeper than this instead of letting a query overflow the stack: 1 MiB in wasm by default,
//! where an overflow is a trap that loses the page's loaded events. No real query nests more
//! than about ten levels; `tests/fuzz_query.rs` checks that this cap leaves room in a 512 KiB stack.

use crate::diag::{Diagnostic, Span};

pub const MAX_NESTING: usize = 128;

/// The error for the level that went past the cap; `what` names the tree ("the search
/// expression", "the expression").
pub fn too_deep(span: Span, what: &str) -> Diagnostic {
    Diagnostic::at("E122", span, format!("{what} nests more than {MAX_NESTING} levels deep, the limit"))
        .hint("no query needs this many nested `(`, `not`, `!`, `-` or chained operators: simplify it")
}

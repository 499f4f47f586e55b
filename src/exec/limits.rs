//! Caps on a query's own working memory: rows gathered for a table operator, groups of an
//! aggregation, rows made by `multi` extraction. Past a cap the query stops with a diagnostic
//! that names the stage, instead of running for minutes and then exhausting memory (in wasm, a
//! trap that loses every loaded event). The defaults refuse nothing a real query over a few GB
//! of CloudTrail needs: such a store holds a few million events, so every event's row, or a
//! group per event, fits; `multi` may make ten rows per event of ten million.

use crate::diag::{Diagnostic, Span};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Limits {
    /// Rows a table operator (sort, top, transpose, ...) may receive: at about 150 bytes each,
    /// the default is 1.5 GB.
    pub rows: usize,
    /// Groups one aggregation may make (a group holds its key twice and its states).
    pub groups: usize,
    /// Rows `parse regex ... multi` stages may make in all (they stream, so this is a cap on
    /// time more than memory; one event's rows are held at once).
    pub multi_rows: usize,
}

impl Default for Limits {
    fn default() -> Self {
        // In the browser the heap is at most 4 GiB and up to 2 GiB of it may be loaded events
        // (about 1.6 million of them): 3 million rows or groups (~450 MB) still covers each
        // event twice.
        let table = if cfg!(target_arch = "wasm32") { 3_000_000 } else { 10_000_000 };
        Limits { rows: table, groups: table, multi_rows: 100_000_000 }
    }
}

/// Which cap was passed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cap {
    Rows,
    Groups,
    MultiRows,
}

/// A passed cap and the step (index into the plan's steps) where it happened.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exceeded {
    pub cap: Cap,
    pub step: usize,
}

/// The error for a passed cap: `stage` is the step's span in the query and its operator's name.
pub fn diagnostic(x: Exceeded, limits: &Limits, stage: &(Span, String)) -> Diagnostic {
    let (span, op) = stage;
    let (code, message, hint) = match x.cap {
        Cap::Rows => (
            "E301",
            format!("`{op}` would receive more than {} rows, the limit for a table operator", thousands(limits.rows)),
            "filter (`where`, a narrower scope) or aggregate (`count by ...`) before it",
        ),
        Cap::Groups => (
            "E302",
            format!("`{op}` made more than {} groups, the limit for an aggregation", thousands(limits.groups)),
            "group by fewer or coarser fields (a `timeslice`, a prefix), or filter before it",
        ),
        Cap::MultiRows => (
            "E303",
            format!(
                "`{op} ... multi` made more than {} rows, the limit for `multi` extraction",
                thousands(limits.multi_rows)
            ),
            "make the regex match less often, or narrow the scope before it",
        ),
    };
    Diagnostic::at(code, span.clone(), message).hint(hint)
}

/// 10000000 -> "10,000,000".
fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(thousands(10_000_000), "10,000,000");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
    }
}

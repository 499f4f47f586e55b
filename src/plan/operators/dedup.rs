//! `dedup [consecutive] [N] [by f]`: drops repeated rows (runtime: `ops::dedup`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "dedup",
    words: &["dedup"],
    common: &[],
    keywords: &["consecutive", "by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "dedup [consecutive] [N] [by field, ...]",
    doc: "Keeps the first N rows (default 1) per key; `consecutive` only drops repeats next to each other.",
    examples: &[r#"* | json "eventName" | dedup 2 by eventName | count by eventName"#, r#"* | dedup consecutive"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Dedup {
    consecutive: bool,
    n: usize,
    by: Vec<Name>,
}

impl Node for Dedup {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.by, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let consecutive = c.eat_word("consecutive");
    let n = if matches!(c.peek(), Tok::Num(_)) { c.expect_usize("a count")? } else { 1 };
    let by = if c.eat_word("by") { c.name_list("a field")? } else { Vec::new() };
    c.expect_stage_end("dedup")?;
    Ok(Box::new(Dedup { consecutive, n, by }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Dedup { consecutive, n, by } = node(n);
    if *n == 0 {
        return Err(Diagnostic::at("E217", p.span.clone(), "`dedup 0` would drop every row")
            .hint("keep at least one row per key: `dedup 1 by f`"));
    }
    Ok(Step::Table(Box::new(ops::dedup::Dedup {
        consecutive: *consecutive,
        n: *n,
        by: p.ids(by),
        raw: p.fields.id("_raw"),
    })))
}

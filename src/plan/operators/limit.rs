//! `limit N` / `head N`: the first N rows in the current order (runtime: `ops::limit`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::cursor::Cursor;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "limit",
    words: &["limit", "head"],
    common: &["limit"],
    keywords: &[],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "limit N (also `head N`)",
    doc: "Keeps the first N rows in the current order (raw events come newest first).",
    examples: &[r#"* | json "eventName" | limit 2"#, r#"* | json "eventName" | fields eventName | head 1"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Limit {
    n: usize,
}

impl Node for Limit {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, _: &mut Vec<String>) {}
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let n = c.expect_usize("how many rows, like `limit 10`")?;
    c.expect_stage_end("limit")?;
    Ok(Box::new(Limit { n }))
}

fn plan(n: &dyn Node, _: &mut Planner) -> Result<Step, Diagnostic> {
    let Limit { n } = node(n);
    Ok(Step::Table(Box::new(ops::limit::Limit(*n))))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    n.as_any().downcast_ref::<Limit>().map(|l| super::view::View::Limit(l.n))
}

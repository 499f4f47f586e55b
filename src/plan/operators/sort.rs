//! `sort by a [asc], b`: orders the table (runtime: `ops::sort`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::plan::expr::compile;
use crate::syntax::ast::Expr;
use crate::syntax::cursor::Cursor;
use crate::syntax::expr::expr;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "sort",
    words: &["sort", "order"],
    common: &["sort"],
    keywords: &["by", "asc", "desc"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "sort [by] key [asc|desc], ... (also `order by`)",
    doc: "Orders the rows: numbers numerically, text by bytes, null lowest; descending unless `asc`.",
    examples: &[
        r#"* | json "eventName" | count by eventName | sort by _count, eventName asc"#,
        r#"* | json "eventName" | count by eventName | order by +eventName"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Sort {
    keys: Vec<(Expr, bool)>,
}

impl Node for Sort {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        self.keys.iter().for_each(|(e, _)| names::expr(e, out));
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    c.eat_word("by");
    let mut keys = Vec::new();
    loop {
        let mut descending = true;
        if c.eat_sym("+") {
            descending = false;
        } else if c.eat_sym("-") {
            descending = true;
        }
        let e = expr(c)?;
        if c.eat_word("asc") {
            descending = false;
        } else if c.eat_word("desc") {
            descending = true;
        }
        keys.push((e, descending));
        if !c.eat_sym(",") {
            break;
        }
    }
    c.expect_stage_end("sort")?;
    Ok(Box::new(Sort { keys }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Sort { keys } = node(n);
    let keys = keys.iter().map(|(e, d)| Ok((compile(e, p.fields)?, *d))).collect::<Result<_, Diagnostic>>()?;
    Ok(Step::Table(Box::new(ops::sort::Sort { keys })))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    n.as_any().downcast_ref::<Sort>().map(|s| super::view::View::Sort(&s.keys))
}

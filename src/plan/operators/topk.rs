//! `topk(N, field) [by g]`: the N rows with the largest values, ranked (runtime: `ops::top::Topk`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "topk",
    words: &["topk"],
    common: &[],
    keywords: &["by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "topk(N, field) [by group, ...]",
    doc: "Keeps the N rows with the largest values of the field (per group), adding their `_rank`.",
    examples: &[r#"* | json "eventName", "awsRegion" | count by eventName, awsRegion | topk(2, _count) by awsRegion"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Topk {
    n: usize,
    fields: Vec<Name>,
    by: Vec<Name>,
}

impl Node for Topk {
    fn table_writes(&self) -> Vec<String> {
        vec!["_rank".into()]
    }
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.fields, out);
        names::all(&self.by, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    c.expect_sym("(", "after `topk`: write `topk(10, _count)`")?;
    let n = c.expect_usize("how many rows")?;
    c.expect_sym(",", "after the number of rows")?;
    let fields = c.name_list("a field to rank by")?;
    c.expect_sym(")", "to close `topk(`")?;
    let by = c.opt_by("a field to group by")?;
    c.expect_stage_end("topk")?;
    Ok(Box::new(Topk { n, fields, by }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Topk { n, fields, by } = node(n);
    Ok(Step::Table(Box::new(ops::top::Topk {
        n: *n,
        field: p.fields.id(&fields[0].text),
        by: p.ids(by),
        rank: p.fields.id("_rank"),
    })))
}

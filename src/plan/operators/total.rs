//! `total f [as t] [by g]` and `accum f [as a] [by g]`: the sum over all rows, or the running
//! sum (runtime: `ops::total`). Two operators, one node.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static TOTAL: Spec = Spec {
    name: "total",
    words: &["total"],
    common: &[],
    keywords: &["as", "by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "total field [as name] [by group, ...]",
    doc: "Adds `_total`: the field's sum over all rows (per group) to every row.",
    examples: &[r#"* | json "eventName" | count by eventName | total _count as all"#],
    parse,
    plan,
};

pub static ACCUM: Spec = Spec {
    name: "accum",
    words: &["accum"],
    common: &[],
    keywords: &["as", "by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "accum field [as name] [by group, ...]",
    doc: "Adds `_accum`: the running sum of the field in the current row order (per group).",
    examples: &[r#"* | json "eventName" | count by eventName | sort by eventName asc | accum _count by eventName"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Total {
    field: Name,
    alias: Option<Name>,
    by: Vec<Name>,
    running: bool,
}

impl Node for Total {
    fn table_writes(&self) -> Vec<String> {
        let default = if self.running { "_accum" } else { "_total" };
        vec![self.alias.as_ref().map_or(default.to_string(), |a| a.text.clone())]
    }
    fn operator(&self) -> &'static str {
        if self.running {
            ACCUM.name
        } else {
            TOTAL.name
        }
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
        names::opt(&self.alias, out);
        names::all(&self.by, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    let running = c.is_word("accum");
    c.bump();
    let field = c.expect_name("a field to add up")?;
    let alias = c.opt_alias()?;
    let by = c.opt_by("a field to group by")?;
    c.expect_stage_end(if running { "accum" } else { "total" })?;
    Ok(Box::new(Total { field, alias, by, running }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Total { field, alias, by, running } = node(n);
    let name = alias.as_ref().map_or(if *running { "_accum" } else { "_total" }.to_string(), |a| a.text.clone());
    Ok(Step::Table(Box::new(ops::total::Total {
        field: p.fields.id(&field.text),
        by: p.ids(by),
        out: p.fields.id(&name),
        name,
        running: *running,
    })))
}

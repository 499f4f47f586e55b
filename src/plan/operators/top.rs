//! `top N a, b [by f]`: the most frequent values (runtime: `ops::top::Top`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "top",
    words: &["top"],
    common: &["top"],
    keywords: &["by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "top N field[, field] [by count_field]",
    doc: "The N most frequent combinations of the fields, with their `_count`.",
    examples: &[r#"* | json "eventName" | top 3 eventName"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Top {
    n: usize,
    fields: Vec<Name>,
    by: Option<Name>,
}

impl Node for Top {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.fields, out);
        names::opt(&self.by, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let n = c.expect_usize("how many rows, like `top 10 user`")?;
    let fields = c.name_list("a field")?;
    let by = if c.eat_word("by") { Some(c.expect_name("a field to rank by")?) } else { None };
    c.expect_stage_end("top")?;
    Ok(Box::new(Top { n, fields, by }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Top { n, fields, by } = node(n);
    Ok(Step::Table(Box::new(ops::top::Top {
        n: *n,
        fields: p.named(fields),
        by: by.as_ref().map(|b| (p.fields.id(&b.text), b.text.clone())),
        count: p.fields.id("_count"),
    })))
}

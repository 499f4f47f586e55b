//! `top N a, b [by f [asc|desc], ...]`: the most frequent values, or the first rows in an
//! order (runtime: `ops::top::Top`).

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
    keywords: &["by", "asc", "desc"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "top N field[, field] [by field [asc|desc], ...]",
    doc: "The N most frequent combinations of the fields, with their `_count`.",
    examples: &[r#"* | json "eventName" | top 3 eventName"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Top {
    n: usize,
    fields: Vec<Name>,
    /// Keys to rank by, each with `true` for descending (the default).
    by: Vec<(Name, bool)>,
}

impl Node for Top {
    fn table_writes(&self) -> Vec<String> {
        vec!["_count".into()]
    }
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.fields, out);
        self.by.iter().for_each(|(n, _)| names::name(n, out));
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let n = c.expect_usize("how many rows, like `top 10 user`")?;
    let fields = c.name_list("a field")?;
    let mut by = Vec::new();
    if c.eat_word("by") {
        loop {
            let name = c.expect_name("a field to rank by")?;
            // Descending unless `asc` (a `desc` is allowed and changes nothing).
            let desc = !c.eat_word("asc");
            if desc {
                c.eat_word("desc");
            }
            by.push((name, desc));
            if !c.eat_sym(",") {
                break;
            }
        }
    }
    c.expect_stage_end("top")?;
    Ok(Box::new(Top { n, fields, by }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Top { n, fields, by } = node(n);
    Ok(Step::Table(Box::new(ops::top::Top {
        n: *n,
        fields: p.named(fields),
        by: by.iter().map(|(b, desc)| (p.fields.id(&b.text), b.text.clone(), *desc)).collect(),
        count: p.fields.id("_count"),
    })))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let t = n.as_any().downcast_ref::<Top>()?;
    Some(super::view::View::Top { n: t.n, fields: &t.fields, by: &t.by })
}

//! `fields a, b` keeps and orders columns; `fields - a` removes them (runtime: `ops::fields`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "fields",
    words: &["fields"],
    common: &["fields"],
    keywords: &[],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "fields a, b | fields - a, b",
    doc: "Keeps the listed fields, in that order (fields starting with `_` stay), or removes them with `-`.",
    examples: &[r#"* | json "eventName", "awsRegion" | fields eventName | fields - awsRegion"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Fields {
    drop: bool,
    names: Vec<Name>,
}

impl Node for Fields {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.names, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let drop = c.eat_sym("-");
    let names = c.name_list("a field name")?;
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.text.eq_ignore_ascii_case(&n.text)) {
            return Err(Diagnostic::at("E134", n.span.clone(), format!("`{}` is listed twice", n.text)));
        }
    }
    c.expect_stage_end("fields")?;
    Ok(Box::new(Fields { drop, names }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Fields { drop, names } = node(n);
    Ok(Step::Table(Box::new(ops::fields::Fields { drop: *drop, ids: p.named(names) })))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let f = n.as_any().downcast_ref::<Fields>()?;
    Some(super::view::View::Fields { drop: f.drop, names: &f.names })
}

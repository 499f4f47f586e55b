//! `withtime f [as g]`: pairs a field's value with the message time (runtime: `ops::withtime`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "withtime",
    words: &["withtime"],
    common: &[],
    keywords: &["as"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: "withtime field [as name]",
    doc: "Adds `field_withtime`: the field's value with the message time, for `most_recent` and `least_recent`.",
    examples: &[r#"* | json "eventName" | withtime eventName | most_recent(eventName_withtime) as last"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Withtime {
    field: Name,
    alias: Option<Name>,
}

impl Node for Withtime {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
        names::opt(&self.alias, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let field = c.expect_name("a field")?;
    let alias = if c.eat_word("as") { Some(c.expect_name("a field name")?) } else { None };
    c.expect_stage_end("withtime")?;
    Ok(Box::new(Withtime { field, alias }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Withtime { field, alias } = node(n);
    let name = alias.as_ref().map_or(format!("{}_withtime", field.text), |a| a.text.clone());
    Ok(Step::Row(Box::new(ops::withtime::Withtime { field: p.fields.id(&field.text), out: p.fields.id(&name), name })))
}

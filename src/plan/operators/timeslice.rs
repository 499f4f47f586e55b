//! `timeslice 1h` / `timeslice 10 buckets`: the start of each row's time bucket (runtime:
//! `ops::timeslice`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "timeslice",
    words: &["timeslice"],
    common: &["timeslice"],
    keywords: &["by", "buckets", "as"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Sometimes,
    usage: "timeslice [by] width | N buckets [as name]",
    doc: "Sets `_timeslice` to the start of the row's time bucket; `N buckets` splits the query's time range.",
    examples: &[r#"* | timeslice 1h | count by _timeslice"#, r#"* | timeslice 10 buckets as t | count by t"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Timeslice {
    width_ms: Option<f64>,
    buckets: Option<usize>,
    alias: Option<Name>,
}

impl Node for Timeslice {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::opt(&self.alias, out);
    }
    /// Buckets (or the default) are cut from the query's time range; a width is not.
    fn range_dependent(&self) -> bool {
        self.width_ms.is_none()
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    c.eat_word("by");
    let (mut width_ms, mut buckets) = (None, None);
    match c.peek().clone() {
        Tok::Duration { .. } => width_ms = Some(c.duration("a width")?.0),
        Tok::Num(_) => {
            let n = c.expect_usize("a number of buckets")?;
            if !c.eat_word("buckets") {
                return Err(c.unexpected("expected `buckets` after the count, or a width with a unit such as `1h`"));
            }
            buckets = Some(n);
        }
        _ => {}
    }
    let alias = c.opt_alias()?;
    c.expect_stage_end("timeslice")?;
    Ok(Box::new(Timeslice { width_ms, buckets, alias }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Timeslice { width_ms, buckets, alias } = node(n);
    let name = alias.as_ref().map_or("_timeslice".to_string(), |a| a.text.clone());
    Ok(Step::Row(Box::new(ops::timeslice::Timeslice {
        width_ms: *width_ms,
        buckets: *buckets,
        out: p.fields.id(&name),
        end: p.fields.id("__timeslice_end"),
        name,
    })))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let t = n.as_any().downcast_ref::<Timeslice>()?;
    Some(super::view::View::Timeslice { width_ms: t.width_ms, buckets: t.buckets, alias: t.alias.as_ref() })
}

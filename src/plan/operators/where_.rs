//! `where cond`: keeps the rows whose condition is true (runtime: `ops::where_`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::plan::expr::compile_in;
use crate::syntax::ast::Expr;
use crate::syntax::cursor::Cursor;
use crate::syntax::expr::expr;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "where",
    words: &["where"],
    common: &["where"],
    keywords: &[],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: "where condition",
    doc: "Keeps the rows whose condition is true; a null or non-boolean result drops the row.",
    examples: &[r#"* | json "eventName" | where eventName matches "Get*" or eventName = "ConsoleLogin" | count"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Where(Expr);

impl Node for Where {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::expr(&self.0, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    if c.at_stage_end() {
        return Err(c.unexpected("expected a condition after `where`"));
    }
    let e = expr(c)?;
    c.expect_stage_end("where")?;
    Ok(Box::new(Where(e)))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Where(e) = node(n);
    Ok(Step::Row(Box::new(ops::where_::Where(compile_in(e, p)?))))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    n.as_any().downcast_ref::<Where>().map(|w| super::view::View::Where(&w.0))
}

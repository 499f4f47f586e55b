//! `expr as name`: a stage that starts with an expression, not an operator word; a bare call
//! such as `num(x)` converts its field in place (runtime: `ops::eval`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::{self, Step};
use crate::plan::expr::compile_in;
use crate::syntax::ast::{Expr, ExprKind, Name};
use crate::syntax::cursor::Cursor;
use crate::syntax::expr::expr;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "expr",
    words: &["if"],
    common: &["if"],
    keywords: &["as", "nodrop"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: "expression as name | if(condition, then, else) as name | num(field)",
    doc: "Computes an expression into a field; a lone conversion call (`num(x)`, `toLowerCase(x)`) changes its field in place.",
    examples: &[
        r#"* | json "eventName" | if(eventName = "ConsoleLogin", 1, 0) as login | length(eventName) * 2 as n | sum(login)"#,
        r#"* | json "eventName" | toLowerCase(eventName) | count by eventName"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Eval {
    expr: Expr,
    name: Option<Name>,
}

impl Node for Eval {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::expr(&self.expr, out);
        names::opt(&self.name, out);
    }
}

/// `expr as name`, or a bare call such as `num(x)` that converts its field in place.
pub fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    let e = expr(c)?;
    if c.eat_word("as") {
        let name = c.expect_name("a field name after `as`")?;
        if c.is_word("nodrop") {
            return Err(nodrop(c, &e));
        }
        c.expect_stage_end("as")?;
        return Ok(Box::new(Eval { expr: e, name: Some(name) }));
    }
    if let ExprKind::Field(n) = &e.kind {
        return Err(Diagnostic::at("E201", n.span.clone(), format!("unknown operator `{}`", n.text))
            .suggest(&n.text, super::words()));
    }
    if !c.at_stage_end() {
        return Err(c.unexpected("expected `as` and a field name"));
    }
    Ok(Box::new(Eval { expr: e, name: None }))
}

/// `expr as name nodrop`: a computed field never drops its row, so there is nothing to keep.
/// Sumo Logic's reference says `parseHex` takes no `nodrop`; the message names it when it is the call.
fn nodrop(c: &Cursor, e: &Expr) -> Diagnostic {
    let what = match &e.kind {
        ExprKind::Call { name, .. } => format!("`{}(...) as name`", name.text),
        _ => "an expression stage".to_string(),
    };
    Diagnostic::at("E125", c.span(), format!("{what} does not take `nodrop`"))
        .hint("it never drops a row: a value it cannot compute is null, so remove `nodrop`")
}

/// Functions that may stand alone and convert their field in place (`| num(x)`); the others
/// need `as name` (Sumo Logic requires it for `concat`, `replace`, ...).
const IN_PLACE: &[&str] = &[
    "num",
    "number",
    "toint",
    "tolong",
    "todouble",
    "tostring",
    "round",
    "ceil",
    "floor",
    "abs",
    "tolowercase",
    "touppercase",
    "trim",
    "urldecode",
    "urlencode",
    "base64decode",
    "base64encode",
];

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Eval { expr, name } = node(n);
    // An expression stage runs inside a chain of `nodrop` extractions without ending it.
    p.keep_chain();
    let target = match (name, &expr.kind) {
        (Some(n), _) => n.text.clone(),
        // `num(x)`, `round(x)`, `toLowerCase(x)` alone convert x in place.
        (None, ExprKind::Call { name, args })
            if IN_PLACE.iter().any(|f| f.eq_ignore_ascii_case(&name.text))
                && matches!(args.first().map(|a| &a.kind), Some(ExprKind::Field(_))) =>
        {
            let Some(ExprKind::Field(f)) = args.first().map(|a| &a.kind) else { unreachable!() };
            f.text.clone()
        }
        _ => {
            return Err(Diagnostic::at("E205", p.span.clone(), "this expression needs a name for its result")
                .hint("add `as name` at the end"))
        }
    };
    let c = compile_in(expr, p)?;
    Ok(Step::Row(Box::new(ops::eval::Eval { expr: c, out: p.fields.id(&target), name: target })))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let e = n.as_any().downcast_ref::<Eval>()?;
    Some(super::view::View::Eval { expr: &e.expr, name: e.name.as_ref() })
}

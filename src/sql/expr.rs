//! Expressions (`where`, `if`, `expr as x`, sort keys) to SQL, with Sumo Logic's loose typing
//! written out: a missing field compares equal to '', numbers compare as numbers even when a
//! field holds them as text, arithmetic is on DOUBLEs (so `7 / 2` is 3.5), and a comparison
//! with a missing value is false rather than NULL (so `not` of it is true, as in Sumo Logic).

use super::fail;
use super::quote::{lit, num};
use super::Dialect;
use crate::diag::Diagnostic;
use crate::syntax::ast::{BinOp, Expr, ExprKind};
use crate::value::Value;

/// What an SQL expression holds, as far as the translator knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    Text,
    Num,
    Bool,
    Null,
}

/// Where field names are looked up: the stages before (the pipeline's live fields).
pub trait Names {
    fn dialect(&self) -> Dialect;
    /// The SQL column of a field and its type; `None` for a field no stage has set.
    fn field(&self, name: &str, e: &Expr) -> Result<Option<(String, Ty)>, Diagnostic>;
}

pub type Sql = (String, Ty);

/// An expression as SQL and its type.
pub fn expr(n: &dyn Names, e: &Expr) -> Result<Sql, Diagnostic> {
    let d = n.dialect();
    Ok(match &e.kind {
        ExprKind::Lit(Value::Null) => ("NULL".into(), Ty::Null),
        ExprKind::Lit(Value::Num(x)) => (num(*x), Ty::Num),
        ExprKind::Lit(Value::Bool(b)) => (if *b { "TRUE" } else { "FALSE" }.into(), Ty::Bool),
        ExprKind::Lit(Value::Str(s)) => (lit(d, s), Ty::Text),
        ExprKind::Field(name) => n.field(&name.text, e)?.unwrap_or(("CAST(NULL AS VARCHAR)".into(), Ty::Null)),
        ExprKind::Not(x) => (format!("NOT {}", boolean(n, x)?), Ty::Bool),
        ExprKind::Neg(x) => (format!("-{}", double(&expr(n, x)?)), Ty::Num),
        ExprKind::Binary { op, left, right } => binary(n, *op, left, right)?,
        ExprKind::In { expr: x, list, negated } => {
            let v = text(d, &expr(n, x)?);
            let items: Vec<String> = list.iter().map(|i| expr(n, i).map(|s| text(d, &s))).collect::<Result<_, _>>()?;
            let not = if *negated { "NOT " } else { "" };
            (format!("({v} {not}IN ({}))", items.join(", ")), Ty::Bool)
        }
        ExprKind::Matches { expr: x, pattern, negated } => {
            let ExprKind::Lit(Value::Str(glob)) = &pattern.kind else {
                return Err(fail::expression(pattern.span.clone(), "`matches` takes a quoted pattern here"));
            };
            let v = text(d, &expr(n, x)?);
            let not = if *negated { "NOT " } else { "" };
            (format!("({v} {not}LIKE {} ESCAPE '!')", lit(d, &like(glob))), Ty::Bool)
        }
        ExprKind::Ternary { cond, then, other } => {
            let (c, a, b) = (boolean(n, cond)?, expr(n, then)?, expr(n, other)?);
            branches(&c, a, b)
        }
        ExprKind::Call { name, args } => super::funcs::call(n, &name.text, args, e)?,
        ExprKind::Regex(_) => return Err(fail::expression(e.span.clone(), "a regex literal outside `matches`")),
        ExprKind::Subquery(_) => return Err(fail::expression(e.span.clone(), "a subquery")),
    })
}

/// `CASE WHEN c THEN a ELSE b END`, typed as its branches.
pub fn branches(c: &str, a: Sql, b: Sql) -> Sql {
    let ty = if a.1 == b.1 || b.1 == Ty::Null {
        a.1
    } else if a.1 == Ty::Null {
        b.1
    } else {
        Ty::Text
    };
    let (x, y) = if ty == Ty::Text { (text_raw(&a), text_raw(&b)) } else { (a.0, b.0) };
    (format!("CASE WHEN {c} THEN {x} ELSE {y} END"), ty)
}

/// A condition that is TRUE or FALSE, never NULL: Sumo Logic's `where` keeps only true, and
/// the strings "true"/"false" count as booleans.
pub fn boolean(n: &dyn Names, e: &Expr) -> Result<String, Diagnostic> {
    let (s, ty) = expr(n, e)?;
    Ok(match ty {
        Ty::Bool => format!("COALESCE({s}, FALSE)"),
        Ty::Text => format!("COALESCE(lower({s}) = 'true', FALSE)"),
        Ty::Num | Ty::Null => "FALSE".into(),
    })
}

/// A value as text, null kept (numbers as Sumo Logic prints them: no `.0` on whole numbers).
pub fn text_raw(v: &Sql) -> String {
    match v.1 {
        Ty::Text | Ty::Null => v.0.clone(),
        Ty::Bool => format!("CAST({} AS VARCHAR)", v.0),
        Ty::Num => format!(
            "CASE WHEN {x} = floor({x}) AND abs({x}) < 1e15 THEN CAST(CAST({x} AS BIGINT) AS VARCHAR) ELSE CAST({x} AS VARCHAR) END",
            x = v.0
        ),
    }
}

/// A value as text with null as '' (how `=`, `in` and `matches` see a missing field).
pub fn text(_d: Dialect, v: &Sql) -> String {
    match v.1 {
        Ty::Null => "''".into(),
        // A literal is never null.
        Ty::Text if v.0.starts_with('\'') => v.0.clone(),
        _ => format!("COALESCE({}, '')", text_raw(v)),
    }
}

/// A value as a DOUBLE, NULL when it is not a number.
pub fn double(v: &Sql) -> String {
    match v.1 {
        Ty::Num => format!("CAST({} AS DOUBLE)", v.0),
        Ty::Text => format!("TRY_CAST(trim({}) AS DOUBLE)", v.0),
        Ty::Bool | Ty::Null => "CAST(NULL AS DOUBLE)".into(),
    }
}

/// A Sumo glob (`*` any run) as a LIKE pattern with `!` as the escape.
pub fn like(glob: &str) -> String {
    let mut out = String::new();
    for c in glob.chars() {
        match c {
            '*' => out.push('%'),
            '%' | '_' | '!' => {
                out.push('!');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn binary(n: &dyn Names, op: BinOp, l: &Expr, r: &Expr) -> Result<Sql, Diagnostic> {
    use BinOp::*;
    let d = n.dialect();
    if matches!(op, And | Or) {
        let word = if op == And { "AND" } else { "OR" };
        return Ok((format!("({} {word} {})", boolean(n, l)?, boolean(n, r)?), Ty::Bool));
    }
    let (a, b) = (expr(n, l)?, expr(n, r)?);
    Ok(match op {
        Eq | Ne => {
            let eq = equal(d, &a, &b);
            (if op == Eq { eq } else { format!("NOT {eq}") }, Ty::Bool)
        }
        Lt | Le | Gt | Ge => {
            let sym = match op {
                Lt => "<",
                Le => "<=",
                Gt => ">",
                _ => ">=",
            };
            if a.1 == Ty::Num && b.1 == Ty::Num {
                return Ok((format!("COALESCE({} {sym} {}, FALSE)", a.0, b.0), Ty::Bool));
            }
            // Numbers when both are numbers, else text by code point; false with a null.
            let (x, y) = (double(&a), double(&b));
            let (s, t) = (text_raw(&a), text_raw(&b));
            (
                format!("COALESCE(CASE WHEN {x} IS NOT NULL AND {y} IS NOT NULL THEN {x} {sym} {y} ELSE {s} {sym} {t} END, FALSE)"),
                Ty::Bool,
            )
        }
        Contains => {
            let (x, y) = (text(d, &a), text(d, &b));
            (format!("(CASE WHEN {x} = '' OR {y} = '' THEN {x} = {y} ELSE {} > 0 END)", d.strpos(&x, &y)), Ty::Bool)
        }
        Add | Sub | Mul | Div | Rem => {
            let sym = match op {
                Add => "+",
                Sub => "-",
                Mul => "*",
                Div => "/",
                _ => "%",
            };
            (format!("({} {sym} {})", double(&a), double(&b)), Ty::Num)
        }
        And | Or => unreachable!(),
    })
}

/// Sumo Logic's `=`: numbers as numbers (also a number against text that reads as one),
/// anything else as case-sensitive text with a missing value as ''.
fn equal(d: Dialect, a: &Sql, b: &Sql) -> String {
    if a.1 == Ty::Num || b.1 == Ty::Num {
        return format!("COALESCE({} = {}, FALSE)", double(a), double(b));
    }
    format!("({} = {})", text(d, a), text(d, b))
}

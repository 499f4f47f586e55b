//! Sumo Logic functions that have an SQL equivalent; any other stops with `Q002`.

use super::expr::{boolean, branches, double, expr, text, Names, Sql, Ty};
use super::fail;
use crate::diag::Diagnostic;
use crate::syntax::ast::{Expr, ExprKind};
use crate::value::Value;

/// `name(args)` as SQL.
pub fn call(n: &dyn Names, name: &str, args: &[Expr], at: &Expr) -> Result<Sql, Diagnostic> {
    let d = n.dialect();
    let lower = name.to_ascii_lowercase();
    let arg = |i: usize| -> Result<Sql, Diagnostic> {
        args.get(i).map(|a| expr(n, a)).unwrap_or_else(|| Err(fail::expression(at.span.clone(), "a missing argument")))
    };
    Ok(match lower.as_str() {
        "if" if args.len() == 3 => branches(&boolean(n, &args[0])?, arg(1)?, arg(2)?),
        "isnull" => (format!("({} IS NULL)", arg(0)?.0), Ty::Bool),
        "isempty" => empty(&arg(0)?),
        "isblank" => blank(&arg(0)?),
        // Text functions give NULL for a missing value, as the engine's do.
        "tolowercase" => (format!("lower({})", arg(0)?.0), Ty::Text),
        "touppercase" => (format!("upper({})", arg(0)?.0), Ty::Text),
        "length" => (format!("CAST(length({}) AS DOUBLE)", text(d, &arg(0)?)), Ty::Num),
        "trim" => (format!("trim({})", arg(0)?.0), Ty::Text),
        "concat" => {
            let parts: Vec<String> = (0..args.len()).map(|i| arg(i).map(|v| text(d, &v))).collect::<Result<_, _>>()?;
            (format!("concat({})", parts.join(", ")), Ty::Text)
        }
        "replace" if matches!(args.get(1).map(|a| &a.kind), Some(ExprKind::Lit(Value::Str(_)))) => {
            let ExprKind::Lit(Value::Str(from)) = &args[1].kind else { unreachable!() };
            let ExprKind::Lit(Value::Str(to)) = &args[2].kind else {
                return Err(fail::expression(args[2].span.clone(), "`replace` takes a quoted replacement here"));
            };
            if to.contains(['$', '\\']) {
                return Err(fail::expression(args[2].span.clone(), "a replacement with `$0` or `\\`"));
            }
            let q = |s: &str| super::quote::lit(d, s);
            (format!("replace({}, {}, {})", arg(0)?.0, q(from), q(to)), Ty::Text)
        }
        "contains" => {
            let (x, y) = (text(d, &arg(0)?), text(d, &arg(1)?));
            (format!("({} > 0)", d.strpos(&x, &y)), Ty::Bool)
        }
        "num" | "number" | "todouble" => (double(&arg(0)?), Ty::Num),
        "abs" | "ceil" | "floor" => (format!("{lower}({})", double(&arg(0)?)), Ty::Num),
        _ => return Err(fail::function(at.span.clone(), name)),
    })
}

/// `isEmpty`: null or '' (numbers and booleans never are).
fn empty(v: &Sql) -> Sql {
    match v.1 {
        Ty::Text => (format!("COALESCE({} = '', TRUE)", v.0), Ty::Bool),
        Ty::Null => ("TRUE".into(), Ty::Bool),
        _ => (format!("({} IS NULL)", v.0), Ty::Bool),
    }
}

/// `isBlank`: null or only whitespace.
fn blank(v: &Sql) -> Sql {
    match v.1 {
        Ty::Text => (format!("COALESCE(trim({}) = '', TRUE)", v.0), Ty::Bool),
        Ty::Null => ("TRUE".into(), Ty::Bool),
        _ => (format!("({} IS NULL)", v.0), Ty::Bool),
    }
}

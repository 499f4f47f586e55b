//! Aggregation stages (`count by ...`, `sum`, `pct`, `values` ...) as one GROUP BY.

use super::expr::{double, expr, text_raw, Ty};
use super::fail;
use super::pipeline::{Field, Pipe};
use crate::diag::{Diagnostic, Span};
use crate::syntax::ast::{Expr, ExprKind, Name};
use crate::value::Value;

/// One aggregation stage.
pub fn aggregate(
    p: &mut Pipe,
    span: &Span,
    calls: &[(&Name, &[Expr], Option<&Name>)],
    by: &[Name],
) -> Result<(), Diagnostic> {
    let d = p.d;
    let mut select = Vec::new();
    let mut group = Vec::new();
    let mut out: Vec<Field> = Vec::new();
    for b in by {
        let e = Expr { kind: ExprKind::Field(b.clone()), span: b.span.clone() };
        let (sql, ty) = expr(p, &e)?;
        let col = super::quote::ident(d, &format!("by{}", out.len()));
        select.push(format!("{sql} AS {col}"));
        group.push(sql);
        out.push(Field { name: b.text.clone(), col, ty: if ty == Ty::Null { Ty::Text } else { ty } });
    }
    for (func, args, alias) in calls {
        let lower = func.text.to_ascii_lowercase();
        let arg = |i: usize| -> Result<(String, Ty), Diagnostic> {
            args.get(i)
                .map(|a| expr(p, a))
                .unwrap_or_else(|| Err(fail::expression(func.span.clone(), "a missing argument")))
        };
        let named = |default: &str| alias.map_or(default.to_string(), |a| a.text.clone());
        let mut one = |sql: String, name: String, ty: Ty| {
            let col = super::quote::ident(d, &format!("agg{}", out.len()));
            select.push(format!("{sql} AS {col}"));
            out.push(Field { name, col, ty });
        };
        match lower.as_str() {
            "count" if args.is_empty() => one("count(*)".into(), named("_count"), Ty::Num),
            // `count(x)` counts the rows where x has a value.
            "count" => one(format!("count({})", arg(0)?.0), named("_count"), Ty::Num),
            "count_distinct" => one(format!("count(DISTINCT {})", arg(0)?.0), named("_count_distinct"), Ty::Num),
            "sum" | "avg" | "min" | "max" => {
                let x = double(&arg(0)?);
                one(format!("{lower}({x})"), named(&format!("_{lower}")), Ty::Num)
            }
            "first" | "last" => {
                // The engine's rows arrive newest first: `first` is the newest value.
                let by_time = if lower == "first" { "max_by" } else { "min_by" };
                let ts = super::quote::ident(d, "_messagetime");
                if p.aggregated {
                    return Err(fail::operator(
                        func.span.clone(),
                        &lower,
                        "after an aggregation there is no message time to order by",
                    ));
                }
                let v = arg(0)?;
                one(format!("{by_time}({}, {ts})", v.0), named(&format!("_{lower}")), v.1)
            }
            "values" => {
                // Up to 100 values in the engine (the first seen): the same below that.
                let v = text_raw(&arg(0)?);
                one(d.values(&v), named("_values"), Ty::Text)
            }
            "pct" | "percentile" => {
                let field = match args.first().map(|a| &a.kind) {
                    Some(ExprKind::Field(n)) => n.text.clone(),
                    _ => "value".to_string(),
                };
                let x = double(&arg(0)?);
                for a in args.iter().skip(1) {
                    let ExprKind::Lit(Value::Num(q)) = a.kind else {
                        return Err(fail::expression(a.span.clone(), "a percentile must be a number"));
                    };
                    let name = match alias {
                        Some(al) if args.len() == 2 => al.text.clone(),
                        _ => format!("_{field}_pct_{}", crate::value::format_num(q)),
                    };
                    one(format!("approx_percentile({x}, {})", q / 100.0), name, Ty::Num);
                }
            }
            _ => return Err(fail::operator(func.span.clone(), &lower, "this aggregate has no SQL equivalent here")),
        }
    }
    let from = p.current().to_string();
    let groupby = if group.is_empty() { String::new() } else { format!(" GROUP BY {}", group.join(", ")) };
    let _ = span;
    p.push(format!("SELECT {} FROM {from}{groupby}", select.join(", ")));
    p.fields = out;
    p.aggregated = true;
    p.order.clear();
    Ok(())
}

//! Stages over the whole result: `sort`, `top`, `limit`, `fields`, and `timeslice` (a row
//! stage, but it reads the message time, so it sits with the time-aware ones).

use super::expr::{expr, Ty};
use super::fail;
use super::pipeline::{Field, Pipe};
use super::quote::ident;
use crate::diag::{Diagnostic, Span};
use crate::syntax::ast::{Expr, ExprKind, Name};

/// `sort by a, b asc`: numbers by value, text by code point, a missing value lowest (so last
/// when descending, first when ascending), as `Value::sort_cmp` orders them.
pub fn sort(p: &mut Pipe, keys: &[(Expr, bool)]) -> Result<(), Diagnostic> {
    let mut order = Vec::new();
    for (e, desc) in keys {
        let (sql, _) = expr(p, e)?;
        order.push(if *desc { format!("{sql} DESC NULLS LAST") } else { format!("{sql} ASC NULLS FIRST") });
    }
    p.order = order;
    p.ordered = true;
    Ok(())
}

/// `limit n`: after a sort, the first n in that order; otherwise the first n of an order
/// Sumo Logic leaves unspecified for tables (newest first for messages).
pub fn limit(p: &mut Pipe, n: usize) {
    if p.order.is_empty() && !p.aggregated {
        p.order = vec![format!("{} DESC", ident(p.d, "_messagetime"))];
    }
    let order = if p.order.is_empty() { String::new() } else { format!(" ORDER BY {}", p.order.join(", ")) };
    let from = p.current().to_string();
    p.push(format!("SELECT * FROM {from}{order} LIMIT {n}"));
}

/// `top n a, b [by k]`: a count by the fields, the n largest.
pub fn top(p: &mut Pipe, span: &Span, n: usize, fields: &[Name], by: &[(Name, bool)]) -> Result<(), Diagnostic> {
    if !by.is_empty() {
        return Err(fail::operator(span.clone(), "top", "`top ... by` is not translated"));
    }
    let count = Name { text: "count".into(), span: span.clone() };
    super::aggregate::aggregate(p, span, &[(&count, &[], None)], fields)?;
    let key = Expr { kind: ExprKind::Field(Name { text: "_count".into(), span: span.clone() }), span: span.clone() };
    sort(p, &[(key, true)])?;
    limit(p, n);
    Ok(())
}

/// `fields a, b` keeps (fields starting with `_` stay) and orders; `fields - a` removes.
pub fn fields(p: &mut Pipe, drop: bool, names: &[Name]) {
    if drop {
        p.fields.retain(|f| !names.iter().any(|n| n.text.eq_ignore_ascii_case(&f.name)));
        return;
    }
    let mut kept: Vec<Field> = names
        .iter()
        .map(|n| {
            p.fields.iter().find(|f| f.name.eq_ignore_ascii_case(&n.text)).cloned().unwrap_or(Field {
                name: n.text.clone(),
                col: "CAST(NULL AS VARCHAR)".into(),
                ty: Ty::Null,
            })
        })
        .collect();
    for f in &p.fields {
        if f.name.starts_with('_') && !kept.iter().any(|k| k.name.eq_ignore_ascii_case(&f.name)) {
            kept.push(f.clone());
        }
    }
    p.fields = kept;
}

/// `timeslice 1h [as t]`: the start of the message's bucket, in epoch milliseconds (UTC).
pub fn timeslice(p: &mut Pipe, span: &Span, width_ms: Option<f64>, alias: Option<&Name>) -> Result<(), Diagnostic> {
    let Some(w) = width_ms else {
        return Err(fail::operator(
            span.clone(),
            "timeslice",
            "`N buckets` cuts the query's time range into buckets, which the SQL does not know",
        ));
    };
    if p.aggregated {
        return Err(fail::operator(span.clone(), "timeslice", "after an aggregation there is no message time"));
    }
    let w = w as i64;
    let ts = ident(p.d, "_messagetime");
    let name = alias.map_or("_timeslice".to_string(), |a| a.text.clone());
    let col = p.fresh(&name);
    p.stage(&[(format!("{ts} - ({ts} % {w})"), col.clone())], None);
    p.set(&name, col, Ty::Num);
    Ok(())
}

//! The extraction stages: `json`, `parse` and `parse regex`, each a column per field and a
//! match flag, with Sumo Logic's `nodrop` chain written out: a failing extraction without
//! `nodrop` keeps its row if an earlier `nodrop` extraction of the same chain matched.

use super::expr::{Names, Ty};
use super::pipeline::Pipe;
use super::quote::{lit, regex_escape, unname_groups};
use super::schema::{self, Access};
use super::{fail, Dialect};
use crate::diag::{Diagnostic, Span};
use crate::syntax::ast::{Expr, ExprKind, Name};

/// The text an extraction reads: `_raw` (the rebuilt event) or a field's column.
fn source(p: &Pipe, field: Option<&Name>, span: &Span) -> Result<Option<String>, Diagnostic> {
    let name = field.map_or("_raw", |n| n.text.as_str());
    let e = Expr { kind: ExprKind::Field(Name { text: name.into(), span: span.clone() }), span: span.clone() };
    Ok(p.field(name, &e)?.map(|(c, ty)| if ty == Ty::Num { format!("CAST({c} AS VARCHAR)") } else { c }))
}

/// Adds the stage: `values` (expression, field name), `matched` (a condition), `nodrop`.
fn finish(p: &mut Pipe, values: Vec<(String, String)>, matched: String, nodrop: bool) {
    let mut adds = Vec::new();
    let mut outs = Vec::new();
    for (e, name) in values {
        let col = p.fresh(&name);
        adds.push((e, col.clone()));
        outs.push((name, col));
    }
    let flag = p.fresh("_matched");
    adds.push((format!("COALESCE({matched}, FALSE)"), flag.clone()));
    // Without nodrop the row stays only if it matched or an earlier nodrop link did.
    let keep = (!nodrop).then(|| {
        let mut any = vec![flag.clone()];
        any.extend(p.chain.iter().cloned());
        any.join(" OR ")
    });
    p.next_chain = if nodrop { p.chain.iter().cloned().chain([flag]).collect() } else { Vec::new() };
    p.stage(&adds, keep);
    for (name, col) in outs {
        p.set(&name, col, Ty::Text);
    }
}

/// `json "a.b" as x`: a column, a struct leaf or a JSON function over a JSON text column.
pub fn json(
    p: &mut Pipe,
    span: &Span,
    field: Option<&Name>,
    nodrop: bool,
    paths: &[&str],
    names: &[Name],
) -> Result<(), Diagnostic> {
    let d = p.d;
    let mut values = Vec::new();
    for (i, path) in paths.iter().enumerate() {
        let name = names.get(i).map_or(path.to_string(), |n| n.text.clone());
        // `field=_raw` is the event too: its columns answer, not a JSON function over its text.
        let field = field.filter(|f| !f.text.eq_ignore_ascii_case("_raw"));
        let value = match field {
            None if !p.aggregated => match schema::access(d, path) {
                Some(Access::Column(c)) => c,
                Some(Access::Json(c, jp)) => scalar_or_text(d, &c, &jp),
                None if path.contains(['[', '*']) || path.contains("..") => {
                    return Err(fail::operator(
                        span.clone(),
                        "json",
                        "array paths (`[n]`, `[*]`, `..`) are not translated",
                    ))
                }
                None => return Err(fail::column(span.clone(), path)),
            },
            _ => {
                let Some(src) = source(p, field, span)? else {
                    values.push(("CAST(NULL AS VARCHAR)".into(), name));
                    continue;
                };
                if path.contains(['[', '*']) || path.contains("..") {
                    return Err(fail::operator(
                        span.clone(),
                        "json",
                        "array paths (`[n]`, `[*]`, `..`) are not translated",
                    ));
                }
                let jp: String = path.split('.').map(|k| format!("[\"{}\"]", k.replace('"', "\\\""))).collect();
                scalar_or_text(d, &src, &format!("${jp}"))
            }
        };
        values.push((value, name));
    }
    let matched = values.iter().map(|(v, _)| format!("{v} IS NOT NULL")).collect::<Vec<_>>().join(" AND ");
    finish(p, values, format!("({matched})"), nodrop);
    Ok(())
}

/// A JSON value as text: the scalar itself, or an object's or array's JSON text; a JSON
/// `null` is a missing value, as a NULL column is.
fn scalar_or_text(d: Dialect, doc: &str, path: &str) -> String {
    let path = lit(d, path);
    format!("COALESCE({}, NULLIF({}, 'null'))", d.json_scalar(doc, &path), d.json_text(doc, &path))
}

/// `parse "a*b*c" as x, y`: the anchors as a regex, leftmost start and shortest captures
/// (as `ops::parse` finds them), a trailing `*` taking the rest.
pub fn parse(
    p: &mut Pipe,
    span: &Span,
    field: Option<&Name>,
    nodrop: bool,
    patterns: &[(&str, &[Name])],
) -> Result<(), Diagnostic> {
    let [(pattern, names)] = patterns else {
        return Err(fail::operator(span.clone(), "parse", "several patterns in one stage are not translated"));
    };
    let segs: Vec<&str> = pattern.split('*').collect();
    let mut re = String::from("(?s)");
    re += if segs[0].is_empty() { "^" } else { "" };
    for (k, seg) in segs.iter().enumerate() {
        if k > 0 {
            re += if k == segs.len() - 1 && seg.is_empty() { "(.*)" } else { "(.*?)" };
        }
        re += &regex_escape(seg);
    }
    regex_stage(p, span, field, nodrop, &re, names.iter().enumerate().map(|(i, n)| (n.text.clone(), i + 1)).collect())
}

/// `parse regex "(?<x>...)"`: its groups by number (Java and RE2 name groups differently).
pub fn parse_regex(
    p: &mut Pipe,
    span: &Span,
    field: Option<&Name>,
    nodrop: bool,
    patterns: &[&str],
    multi: bool,
) -> Result<(), Diagnostic> {
    if multi {
        return Err(fail::operator(span.clone(), "parse regex", "`multi` (a row per match) is not translated"));
    }
    let [pattern] = patterns else {
        return Err(fail::operator(span.clone(), "parse regex", "several regexes in one stage are not translated"));
    };
    let (re, groups) = unname_groups(pattern);
    regex_stage(p, span, field, nodrop, &re, groups)
}

fn regex_stage(
    p: &mut Pipe,
    span: &Span,
    field: Option<&Name>,
    nodrop: bool,
    re: &str,
    groups: Vec<(String, usize)>,
) -> Result<(), Diagnostic> {
    let d = p.d;
    let src = source(p, field, span)?.unwrap_or_else(|| "CAST(NULL AS VARCHAR)".into());
    let r = lit(d, re);
    let values = groups.into_iter().map(|(name, g)| (d.regex_group(&src, &r, g), name)).collect();
    finish(p, values, d.regex_like(&src, &r), nodrop);
    Ok(())
}

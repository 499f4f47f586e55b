//! The scope (keywords before the first `|`) as a WHERE condition over the event's text.
//!
//! Sumo Logic matches keywords against the raw message, case-insensitively. The table has no raw
//! message, so the translator rebuilds it (`schema::raw_text`: the columns as JSON with
//! CloudTrail's key names and order) and matches there: keys match as in Sumo Logic (a keyword
//! `sourceIPAddress` finds every event that has the key), `"\"errorCode\":\"AccessDenied\""`
//! spans a key and its value as written, and nested JSON (`requestParameters`) is JSON again,
//! not escaped text.

use super::quote::{lit, regex_escape};
use super::{fail, Dialect};
use crate::diag::Diagnostic;
use crate::syntax::ast::Search;

/// The condition, over the `"_raw"` column; `None` for `*`.
pub fn condition(d: Dialect, s: &Search) -> Result<Option<String>, Diagnostic> {
    let raw = super::quote::ident(d, "_raw");
    Ok(match s {
        Search::All => None,
        Search::Keyword { text, quoted, .. } => {
            let trimmed = text.trim_matches('*');
            if trimmed.is_empty() {
                None
            } else if *quoted && !trimmed.contains('*') {
                // A substring without case: ASCII case as the engine's `Literal` folds it.
                Some(format!("{} > 0", d.strpos(&format!("lower({raw})"), &lit(d, &trimmed.to_lowercase()))))
            } else {
                Some(d.regex_like(&raw, &lit(d, &keyword_regex(if *quoted { trimmed } else { text }, !*quoted))))
            }
        }
        Search::Meta { field, value, span } => {
            let lower = field.to_ascii_lowercase();
            // The table is the source the query names: its category holds for every row.
            if lower == "_sourcecategory" {
                return Ok(None);
            }
            if value.trim_matches('*').is_empty() {
                return Ok(None);
            }
            let col = super::schema::COLUMNS
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(field) && matches!(c.ty, super::schema::Ty::Str))
                .ok_or_else(|| {
                    fail::scope(span.clone(), &format!("`{field}=` is not a text column of the CloudTrail table"))
                })?;
            let col = super::quote::ident(d, &col.name.to_ascii_lowercase());
            // A whole-value glob without case; a missing key never matches.
            let re: Vec<String> = value.split('*').map(regex_escape).collect();
            Some(d.regex_like(&col, &lit(d, &format!("(?is)^{}$", re.join(".*")))))
        }
        Search::And(v) => join(d, v, " AND ")?,
        Search::Or(v) => {
            let parts: Vec<Option<String>> = v.iter().map(|x| condition(d, x)).collect::<Result<_, _>>()?;
            if parts.iter().any(Option::is_none) {
                None
            } else {
                Some(format!("({})", parts.into_iter().flatten().collect::<Vec<_>>().join(" OR ")))
            }
        }
        Search::Not(x) => Some(match condition(d, x)? {
            Some(c) => format!("NOT COALESCE({c}, FALSE)"),
            None => "FALSE".into(),
        }),
        Search::Subquery(q) => return Err(fail::scope(q.span.clone(), "a subquery")),
    })
}

fn join(d: Dialect, v: &[Search], sep: &str) -> Result<Option<String>, Diagnostic> {
    let parts: Vec<String> =
        v.iter().map(|x| condition(d, x)).collect::<Result<Vec<_>, _>>()?.into_iter().flatten().collect();
    Ok((!parts.is_empty()).then(|| format!("({})", parts.join(sep))))
}

/// A keyword with `*` (or a bare term) as a case-insensitive regex: a bare word must be a whole
/// term (no letter or digit on either side), and its `*` stays within a term; a quoted
/// keyword's `*` spans anything (as `plan::matcher` compiles them).
fn keyword_regex(text: &str, term: bool) -> String {
    let parts: Vec<String> = text.split('*').map(regex_escape).collect();
    let body = parts.join(if term { "[^\\s\"]*" } else { ".*?" });
    if !term {
        return format!("(?is){body}");
    }
    let l = if text.starts_with('*') { "" } else { "(?:^|[^A-Za-z0-9])" };
    let r = if text.ends_with('*') { "" } else { "(?:$|[^A-Za-z0-9])" };
    format!("(?is){l}{body}{r}")
}

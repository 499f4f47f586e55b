//! Subqueries, `[subquery [from=(..)] [to=(..)]: child query | compose a, b [keywords]]`: the
//! child is parsed and planned here as a query of its own; the driver runs it over the same
//! loaded events before its parent and fills its answer in (`exec::composed`).
//!
//! As Sumo Logic's subqueries page documents them: in the scope the child's rows become
//! `(a="x" AND b="y") OR ...` terms, or with `keywords` `("x" AND "y") OR ...`; in `where` and
//! `if` they are a condition on the row's fields (`keywords` is refused there, `E257`); the child
//! runs over the parent's time range unless `from`/`to` say otherwise. Choices where the docs
//! are silent:
//! - a subquery anywhere else in an expression (`sort`, an aggregate, `lookup`) is refused
//!   (`E257`); an `if` is the expression stage, so `if([subquery: ...], 1, 0) as x` works;
//! - the scope's `a="x"` terms read the event as the scope's `field=value` does (metadata
//!   fields, or the event's top-level key), without case; `where`'s compare text with case, as
//!   `=` does;
//! - a relative `from=(-15m)` counts back from the end of the parent's time range (the end of
//!   the loaded events when none is given), not from the clock: the events here are files,
//!   often old; absolute times are in the query's time zone, a `MM-dd` one in the year of the
//!   range's end.

use super::{operators, plan, Plan};
use crate::diag::{Diagnostic, Span};
use crate::exec::composed::Composed;
use crate::fields::Fields;
use crate::lookup::Lookups;
use crate::syntax::ast::Subquery;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use std::sync::Arc;

/// One subquery of a plan, planned.
pub struct SubPlan {
    pub plan: Plan,
    /// Its answer, shared with the matcher or expression that reads it.
    pub composed: Arc<Composed>,
    pub from: Option<At>,
    pub to: Option<At>,
}

/// A time written in `from=(...)` or `to=(...)`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum At {
    /// `-15m`: this long before the end of the parent's range.
    Ago(i64),
    /// Epoch milliseconds.
    Epoch(i64),
    /// A date and time in the query's time zone.
    Local(NaiveDateTime),
    /// `MM-dd [HH:mm...]`: month, day and time, in the year of the range's end.
    NoYear(u32, u32, NaiveTime),
}

impl At {
    /// Epoch ms, given the parent range's end and the query's offset from UTC (minutes).
    pub fn resolve(&self, end_ms: i64, tz_minutes: i32) -> i64 {
        let local = |t: NaiveDateTime| t.and_utc().timestamp_millis() - i64::from(tz_minutes) * 60_000;
        match *self {
            At::Ago(ms) => end_ms - ms,
            At::Epoch(ms) => ms,
            At::Local(t) => local(t),
            At::NoYear(m, d, time) => {
                use chrono::Datelike;
                let year = chrono::DateTime::from_timestamp_millis(end_ms).map_or(1970, |t| t.year());
                NaiveDate::from_ymd_opt(year, m, d).map_or(end_ms, |day| local(day.and_time(time)))
            }
        }
    }
}

/// Where a subquery is written: the scope (any form) or an expression (no `keywords`).
#[derive(Clone, Copy, PartialEq)]
pub enum Place {
    Scope,
    Expression,
}

/// Parses and plans a subquery; `fields` are the parent's (a `where` reads the compose fields).
pub fn plan_subquery(
    sub: &Subquery,
    place: Place,
    fields: &mut Fields,
    lookups: &Lookups,
    out: &mut Vec<SubPlan>,
) -> Result<Arc<Composed>, Diagnostic> {
    let (from, to, child_at) = header(sub)?;
    let text = &sub.text[child_at - sub.at..];
    if text.trim().is_empty() {
        return Err(Diagnostic::at("E251", sub.span.clone(), "this subquery's child query is empty")
            .hint("write the query, then `| compose field`, like `[subquery: error | count by user | compose user]`"));
    }
    // The child is parsed where it stands in the query, so its spans point into the query.
    let padded = format!("{}{text}", " ".repeat(child_at));
    let child = operators::parse_query(&padded)?;
    let missing = || {
        Diagnostic::at("E256", sub.span.clone(), "a subquery's child query must end with `compose`")
            .hint("add `| compose field` before the `]`: the fields whose values the parent query matches")
    };
    let (last, before) = child.stages.split_last().ok_or_else(missing)?;
    if let Some(st) = before.iter().find(|s| operators::compose::of(&*s.op).is_some()) {
        return Err(Diagnostic::at("E256", st.span.clone(), "`compose` must be the last stage of a subquery"));
    }
    let (names, keywords) = operators::compose::of(&*last.op).ok_or_else(missing)?;
    if let (Place::Expression, Some(span)) = (place, keywords) {
        return Err(Diagnostic::at("E257", span.clone(), "`keywords` cannot be used in a subquery of `where` or `if`")
            .hint("remove `keywords`: the parent compares its fields with the child's, so they need the same names"));
    }
    let composed = Arc::new(Composed::new(
        names.iter().map(|n| n.text.clone()).collect(),
        names.iter().map(|n| fields.id(&n.text)).collect(),
        keywords.is_some(),
    ));
    let plan = plan(&child, lookups)?;
    out.push(SubPlan { plan, composed: composed.clone(), from, to });
    Ok(composed)
}

/// The options before the `:` and where the child query starts.
fn header(sub: &Subquery) -> Result<(Option<At>, Option<At>, usize), Diagnostic> {
    let (mut from, mut to) = (None, None);
    let t = &sub.text;
    let mut i = 0;
    loop {
        i += t[i..].len() - t[i..].trim_start().len();
        let rest = &t[i..];
        let lower = rest.to_ascii_lowercase();
        let (slot, len) = if lower.starts_with("from") {
            (&mut from, 4)
        } else if lower.starts_with("to") {
            (&mut to, 2)
        } else if rest.starts_with(':') {
            return Ok((from, to, sub.at + i + 1));
        } else {
            let at = sub.at + i;
            return Err(Diagnostic::at(
                "E258",
                at..at + rest.chars().next().map_or(0, char::len_utf8),
                "expected `:` and the child query after `[subquery`",
            )
            .hint(
                "write `[subquery: query | compose field]`, with `from=(-1h)` or `to=(...)` before the `:` if needed",
            ));
        };
        let opt_start = sub.at + i;
        let after = rest[len..].trim_start();
        let Some(open) = after.strip_prefix('=').map(str::trim_start).and_then(|a| a.strip_prefix('(')) else {
            return Err(Diagnostic::at(
                "E258",
                opt_start..opt_start + len,
                "write the time in parentheses, like `from=(-15m)`",
            ));
        };
        let Some(close) = open.find(')') else {
            return Err(Diagnostic::at("E258", opt_start..opt_start + len, "the time's `(` is never closed"));
        };
        let value = open[..close].trim();
        let end = t.len() - open[close + 1..].len();
        let span = opt_start..sub.at + end;
        *slot = Some(time(value, span)?);
        i = end;
    }
}

/// `-15m`, an epoch in ms, or one of the documented date formats.
fn time(s: &str, span: Span) -> Result<At, Diagnostic> {
    let bad = || {
        Diagnostic::at("E258", span.clone(), format!("`{s}` is not a time a subquery understands"))
            .hint("write a relative time (`-15m`, `-2h`, `-1d`, `-1w`), epoch milliseconds, or `yyyy-MM-dd HH:mm:ss`")
    };
    if let Some(rel) = s.strip_prefix('-') {
        let (n, unit) = rel.split_at(rel.find(|c: char| !c.is_ascii_digit()).unwrap_or(rel.len()));
        let n: i64 = n.parse().map_err(|_| bad())?;
        let unit_ms = match unit {
            "s" => 1_000,
            "m" => 60_000,
            "h" => 3_600_000,
            "d" => 86_400_000,
            "w" => 7 * 86_400_000,
            _ => return Err(bad()),
        };
        return Ok(At::Ago(n * unit_ms));
    }
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().map(At::Epoch).map_err(|_| bad());
    }
    let s2 = s.replace('/', "-");
    for f in ["%Y-%m-%d %H:%M:%S%.3f", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&s2, f) {
            return Ok(At::Local(t));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(&s2, "%Y-%m-%d") {
        return Ok(At::Local(d.and_time(NaiveTime::MIN)));
    }
    // `MM-dd` with an optional time: no year.
    let (date, clock) = s2.split_once(' ').unwrap_or((&s2, ""));
    let (m, d) = date.split_once('-').ok_or_else(bad)?;
    let (m, d): (u32, u32) = (m.parse().map_err(|_| bad())?, d.parse().map_err(|_| bad())?);
    let clock = if clock.is_empty() {
        NaiveTime::MIN
    } else {
        ["%H:%M:%S%.3f", "%H:%M:%S", "%H:%M"]
            .iter()
            .find_map(|f| NaiveTime::parse_from_str(clock, f).ok())
            .ok_or_else(bad)?
    };
    NaiveDate::from_ymd_opt(2000, m, d).ok_or_else(bad)?;
    Ok(At::NoYear(m, d, clock))
}

#[cfg(test)]
mod tests {
    use super::{time, At};

    #[test]
    fn times_of_the_docs() {
        assert_eq!(time("-15m", 0..0).unwrap(), At::Ago(900_000));
        assert_eq!(time("1700000000000", 0..0).unwrap(), At::Epoch(1_700_000_000_000));
        let t = time("2018/07/08 23:13:36", 0..0).unwrap();
        assert_eq!(t.resolve(0, 0), 1_531_091_616_000);
        assert_eq!(time("2018-07-08", 0..0).unwrap().resolve(0, 60), 1_531_008_000_000 - 3_600_000);
        assert_eq!(time("07-08 10:00", 0..0).unwrap().resolve(1_531_091_616_000, 0), 1_531_044_000_000);
        assert!(time("-15x", 0..0).is_err());
        assert!(time("soon", 0..0).is_err());
    }
}

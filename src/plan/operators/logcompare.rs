//! `logcompare timeshift -1d`: the signatures of the query's messages (the target window, the
//! query's time range) against those of the same query over the range shifted back (the
//! baseline window). Runtime: `ops::logreduce::LogCompare`; the driver reruns the stages before
//! it over the baseline window, as `compare` does, and `Plan::lookback_ms` includes the shift
//! so that `trailscope query --from/--to` loads the baseline's events too.
//!
//! Following Sumo Logic's documentation (LogCompare Syntax), with these choices:
//! - `timeshift -24h` and `timeshift 24h` are the same: the baseline is always before.
//! - Both windows are reduced together (one clustering, as `logreduce` over `_raw`), so a
//!   signature is the same text in both; then each is counted per window.
//! - Columns: `_signature`, `_count` (target), `_baseline_count`, `_status`, and Sumo's hidden
//!   fields `_deltaPercentage` ((target share - baseline share) / baseline share x 100, shares
//!   of each window's total; Sumo says infinity for a new signature, here null, since a table
//!   cell cannot hold infinity), `_anomalyScore` (the signature's term of a symmetric
//!   Kullback-Leibler divergence between the windows' shares, each count smoothed by one half;
//!   Sumo names the measure but not its smoothing) and `_isNew` (1 or 0).
//! - `_status` (Sumo shows it under the count): `new` (only in the target), `gone` (only in the
//!   baseline), `changed` (one window's count at least 1.5 times the other's: the windows are
//!   the same length, so counts compare directly), else `unchanged`.
//! - Rows are sorted by `_anomalyScore`, largest first (Sumo ranks by significance of change),
//!   then by target and baseline count, then by first appearance.
//! - `start_time T [end_time T]` instead of `timeshift`: the baseline is that window (without
//!   `end_time`, as long as the query's range, as Sumo's Custom LogCompare says). A time is RFC
//!   3339 with an offset (`2021-01-06T12:00:00-08:00`), a date and time or a date without one
//!   (in the query's time zone), or epoch milliseconds; one not before the other is `E273`.
//! - `baseline(query)`: the baseline is that query (a scope, and row operators if any) over
//!   the same loaded events in the baseline window, instead of the stages before `logcompare`;
//!   `timeshift -0s baseline(...)` compares two sets of events over the same range. A baseline
//!   query that aggregates or holds a table operator (it must give messages) is `E272`.
//! - `logcompare` must come before any aggregation or table operator (`E226`), as Sumo uses it
//!   after the search's row operators.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::ops::logreduce::{LogCompare, LogReduce, Mode, Window};
use crate::ops::Step;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::node::Node;
use std::sync::Arc;

pub static SPEC: Spec = Spec {
    name: "logcompare",
    words: &["logcompare"],
    common: &[],
    keywords: &["timeshift", "start_time", "end_time", "baseline"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Always,
    usage: "logcompare timeshift -1d | start_time T [end_time T] [baseline (query)]",
    doc: "Compares the messages' signatures with those of the time range shifted back: each with its `_count`, `_baseline_count` and `_status` (new, gone, changed, unchanged).",
    examples: &[
        "* | logcompare timeshift -24h",
        r#"errorCode | logcompare timeshift 1h"#,
        r#"* | logcompare start_time 2023-07-09T00:00:00Z end_time 2023-07-10T00:00:00Z"#,
        r#"errorCode | logcompare timeshift -0s baseline(AccessDenied)"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct LogCompareNode {
    window: Window,
    /// `baseline(...)`: the query's text, padded so that its spans point into the whole query.
    baseline: Option<(String, Span)>,
}

impl Node for LogCompareNode {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn reads_raw(&self) -> bool {
        true
    }
    fn names(&self, _: &mut Vec<String>) {}
    fn table_writes(&self) -> Vec<String> {
        ["_signature", "_count", "_baseline_count", "_status", "_deltaPercentage", "_anomalyScore", "_isNew"]
            .map(String::from)
            .to_vec()
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let window = if c.eat_word("timeshift") {
        c.eat_sym("-");
        Window::Shift(c.duration("a time shift")?.0 as i64)
    } else if c.eat_word("start_time") {
        let (start, local, at) = time(c)?;
        let end = if c.eat_word("end_time") { Some(time(c)?) } else { None };
        if let Some((end, end_local, span)) = &end {
            // Both in one zone (both with offsets, or both the query's), so they compare as written.
            if *end_local != local || *end <= start {
                return Err(Diagnostic::at(
                    "E273",
                    span.clone(),
                    "`end_time` must be after `start_time`, written the same way",
                )
                .hint("both with an offset (2021-01-07T12:00:00-08:00), or both in the query's time zone")
                .label(at, "the start"));
            }
        }
        Window::Between { start, end: end.map(|e| e.0), local }
    } else {
        return Err(c.unexpected("expected `timeshift` or `start_time`, like `logcompare timeshift -1d`"));
    };
    let baseline = if c.eat_word("baseline") { Some(baseline(c)?) } else { None };
    c.expect_stage_end("logcompare")?;
    Ok(Box::new(LogCompareNode { window, baseline }))
}

/// A time after `start_time`/`end_time`, written without spaces: (epoch ms, whether it is in
/// the query's time zone, its span).
fn time(c: &mut Cursor) -> Result<(i64, bool, Span), Diagnostic> {
    let start = c.span().start;
    let src = c.src.clone();
    let len = src[start..].find(|ch: char| ch.is_whitespace() || ch == '|' || ch == '(').unwrap_or(src.len() - start);
    let text = src[start..start + len].trim_end_matches('.');
    let span = start..start + len;
    if len == 0 || matches!(c.peek(), Tok::Eof) {
        return Err(c.unexpected("expected a time, like 2021-01-06T12:00:00-08:00"));
    }
    while !matches!(c.peek(), Tok::Eof) && c.span().start < span.end {
        c.bump();
    }
    let naive = |t: &str| {
        chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M:%S%.f")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
            .ok()
            .or_else(|| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0)))
    };
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        Ok((t.timestamp_millis(), false, span))
    } else if let Some(t) = naive(text) {
        Ok((t.and_utc().timestamp_millis(), true, span))
    } else if let Ok(ms) = text.parse::<i64>() {
        Ok((ms, false, span))
    } else {
        Err(Diagnostic::at("E273", span, format!("`{text}` is not a time"))
            .hint("write 2021-01-06T12:00:00-08:00, 2021-01-06T12:00:00 (the query's time zone), 2021-01-06, or epoch milliseconds"))
    }
}

/// `baseline(query)`: the text between the parentheses, as a query of its own.
fn baseline(c: &mut Cursor) -> Result<(String, Span), Diagnostic> {
    let open = c.expect_sym("(", "after `baseline`: write `baseline(_sourceHost=other)`")?;
    let mut depth = 1;
    let close = loop {
        match c.peek() {
            Tok::Eof => return Err(Diagnostic::at("E273", open, "this `(` of `baseline` is never closed")),
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") => {
                depth -= 1;
                if depth == 0 {
                    break c.bump().span;
                }
            }
            _ => {}
        }
        c.bump();
    };
    let text = &c.src[open.end..close.start];
    let padded = format!("{}{text}", " ".repeat(open.end));
    super::parse_query(&padded)?;
    Ok((padded, open.start..close.end))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let LogCompareNode { window, baseline } = node(n);
    if p.before.iter().any(|s| !matches!(s, Step::Row(_))) {
        return Err(Diagnostic::at(
            "E226",
            p.span.clone(),
            "`logcompare` must come before any aggregation or table operator",
        )
        .hint("it compares messages: `_sourceCategory=x error | logcompare timeshift -1d`"));
    }
    let outs = super::logreduce::outs(p, "_signature_id", "_signature");
    let reduce = LogReduce {
        mode: Mode::Text,
        field: p.fields.id("_raw"),
        by: Vec::new(),
        limit: None,
        least: false,
        noaggregate: false,
        only: Vec::new(),
        outs,
    };
    let baseline = match baseline {
        None => None,
        Some((text, span)) => {
            let q = super::parse_query(text)?;
            let plan = crate::plan::plan(&q, p.lookups)?;
            if plan.steps.iter().any(|s| !matches!(s, Step::Row(_))) {
                return Err(Diagnostic::at(
                    "E272",
                    span.clone(),
                    "a `baseline` query must give messages: no aggregation or table operator",
                )
                .hint(
                    "its messages' signatures are compared with the target's, like `baseline(_sourceHost=cluster-2)`",
                ));
            }
            Some(Arc::new(plan) as Arc<dyn std::any::Any + Send + Sync>)
        }
    };
    let mut slot = |n: &str| p.fields.id(n);
    Ok(Step::LogCompare(Box::new(LogCompare {
        reduce,
        window: *window,
        baseline,
        baseline_count: slot("_baseline_count"),
        status: slot("_status"),
        delta: slot("_deltaPercentage"),
        score: slot("_anomalyScore"),
        is_new: slot("_isNew"),
    })))
}

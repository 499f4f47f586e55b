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
//! - `start_time ... end_time ...` and `baseline(...)` are refused with `U002`; `logcompare`
//!   must come before any aggregation or table operator (`E225`), as Sumo uses it after the
//!   search's row operators.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::ops::logreduce::{LogCompare, LogReduce, Mode};
use crate::ops::Step;
use crate::syntax::cursor::Cursor;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "logcompare",
    words: &["logcompare"],
    common: &[],
    keywords: &["timeshift", "start_time", "end_time", "baseline"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Always,
    usage: "logcompare timeshift -1d",
    doc: "Compares the messages' signatures with those of the time range shifted back: each with its `_count`, `_baseline_count` and `_status` (new, gone, changed, unchanged).",
    examples: &["* | logcompare timeshift -24h", r#"errorCode | logcompare timeshift 1h"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct LogCompareNode {
    shift_ms: f64,
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
    if c.is_word("start_time") || c.is_word("end_time") || c.is_word("baseline") {
        return Err(Diagnostic::at(
            "U002",
            c.span(),
            "unsupported: `logcompare` with `start_time`/`end_time` or `baseline(...)` is not implemented yet; use `timeshift`",
        ));
    }
    if !c.eat_word("timeshift") {
        return Err(c.unexpected("expected `timeshift`, like `logcompare timeshift -1d`"));
    }
    c.eat_sym("-");
    let (shift_ms, _) = c.duration("a time shift")?;
    if c.is_word("baseline") {
        return Err(Diagnostic::at(
            "U002",
            c.span(),
            "unsupported: `logcompare ... baseline(...)` is not implemented yet; the baseline is the same query, shifted",
        ));
    }
    c.expect_stage_end("logcompare")?;
    Ok(Box::new(LogCompareNode { shift_ms }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let LogCompareNode { shift_ms } = node(n);
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
    let mut slot = |n: &str| p.fields.id(n);
    Ok(Step::LogCompare(LogCompare {
        reduce,
        shift_ms: *shift_ms as i64,
        baseline_count: slot("_baseline_count"),
        status: slot("_status"),
        delta: slot("_deltaPercentage"),
        score: slot("_anomalyScore"),
        is_new: slot("_isNew"),
    }))
}

//! What a query needs from loading: event times, and `_raw` exactly as compact JSON.
//!
//! A one-shot query that needs neither (e.g. `* | json "eventName" | count by eventName`) can
//! take the lines of a JSON-lines file as events without scanning each record.

use crate::syntax::ast::{AggCall, Op, Query, Search};

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LoadNeeds {
    /// Event times: for time ranges, ordering (newest first), `_messagetime`, time slices.
    pub time: bool,
    /// `_raw` as compact JSON: anchors and regexes on `_raw`, quoted keywords with JSON
    /// punctuation (`"\"errorCode\":\"AccessDenied\""`), messages shown as they are.
    pub compact: bool,
}

impl Default for LoadNeeds {
    fn default() -> Self {
        LoadNeeds { time: true, compact: true }
    }
}

/// Aggregates whose result does not depend on row order.
fn order_free(c: &AggCall) -> bool {
    let f = c.func.text.to_ascii_lowercase();
    !matches!(f.as_str(), "first" | "last" | "most_recent" | "least_recent" | "count_frequent")
}

fn quoted_keywords_safe(s: &Search) -> bool {
    match s {
        Search::Keyword { text, quoted: true, .. } => !text.contains([':', ',', '{', '}', '[', ']', ' ', '\t']),
        Search::And(v) | Search::Or(v) => v.iter().all(quoted_keywords_safe),
        Search::Not(x) => quoted_keywords_safe(x),
        _ => true,
    }
}

pub fn needs(q: &Query, range_dependent: bool) -> LoadNeeds {
    let Some(agg) = q.stages.iter().position(|s| matches!(s.op, Op::Aggregate { .. })) else {
        return LoadNeeds::default(); // messages show their time and their raw text
    };
    let mentions = |n: &str| crate::syntax::names::mentions(&q.stages, n);
    let streaming_only = q.stages[..agg].iter().all(|s| {
        matches!(s.op, Op::Parse { .. } | Op::ParseRegex { .. } | Op::Json { .. } | Op::Where(_) | Op::Eval { .. })
    });
    let Op::Aggregate { calls, .. } = &q.stages[agg].op else { unreachable!() };
    let time = range_dependent
        || !streaming_only
        || !calls.iter().all(order_free)
        || mentions("_messagetime")
        || mentions("_receipttime")
        || q.stages.iter().any(|s| matches!(s.op, Op::Timeslice { .. } | Op::Withtime { .. }));
    let raw_touched = q.stages[..agg].iter().any(|s| match &s.op {
        Op::Parse { field, .. } | Op::ParseRegex { field, .. } => {
            field.as_ref().map_or(true, |f| f.text.eq_ignore_ascii_case("_raw"))
        }
        _ => false,
    }) || mentions("_raw")
        || mentions("_size");
    LoadNeeds { time, compact: raw_touched || !quoted_keywords_safe(&q.scope) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::parse_query;

    fn n(q: &str) -> LoadNeeds {
        needs(&parse_query(q).unwrap(), false)
    }

    #[test]
    fn only_order_free_aggregations_over_json_skip_times_and_compaction() {
        assert_eq!(n(r#"* | json "eventName" | count by eventName"#), LoadNeeds { time: false, compact: false });
        assert!(n(r#"* | json "eventName" | first(eventName)"#).time);
        assert!(n(r#"* | json "eventName""#).time, "messages");
        assert!(n(r#"* | parse "\"a\":\"*\"" as a | count by a"#).compact);
        assert!(n(r#""\"errorCode\":\"AccessDenied\"" | count"#).compact);
        assert!(!n(r#""ConsoleLogin" | count"#).compact);
        assert!(n(r#"* | timeslice 1h | count by _timeslice"#).time);
        assert!(n(r#"* | where _messagetime > 0 | count"#).time);
    }
}

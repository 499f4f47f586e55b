//! `trace [+|-] "regex" "start"`: the messages connected to a starting ID, following the IDs
//! that occur together in one message. Everything about the operator, its runtime included, is
//! in this file.
//!
//! As Sumo Logic documents it: the regex finds the IDs in each message (its capture group); the
//! chain starts at the given value, and a message holding an ID of the chain is kept and adds
//! its other IDs to the chain; messages unrelated to it are dropped; `+` traces forward in
//! time, `-` backward. Choices where the docs are silent:
//! - the regex runs over `_raw`, every match counts, and each match's ID is its first capture
//!   group that took part (a regex without a group is an error, `E263`); IDs compare exactly
//!   (case matters, as in the regex);
//! - `+` walks the messages from the oldest `_messagetime` to the newest (messages without a
//!   time last), so a message joins only through an ID an earlier message brought in; `-` walks
//!   from the newest to the oldest;
//! - without a sign the chain ignores time: every message connected to the start through
//!   shared IDs, in either direction, is kept;
//! - the kept messages stay in the order they had.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::ops::{Step, TableOp};
use crate::plan::expr::user_regex;
use crate::syntax::cursor::Cursor;
use crate::syntax::node::Node;
use regex::Regex;
use std::collections::{HashMap, HashSet};

pub static SPEC: Spec = Spec {
    name: "trace",
    words: &["trace"],
    common: &[],
    keywords: &[],
    strings: Strings::Regex,
    kind: Kind::Table,
    range: Range::Never,
    usage: r#"trace [+|-] "regex with a (group)" "starting value""#,
    doc: "Keeps the messages linked to a starting ID: a message holding an ID of the chain (the regex's group) adds its other IDs to it; `+` follows time forward, `-` backward.",
    examples: &[
        r#"* | trace "\"(?:principalId|accessKeyId)\":\"([A-Z0-9]+)\"" "AIDAALICEXXXXXXXXXXXX" | count by _sourceCategory"#,
        r#"* | trace + "\"sourceIPAddress\":\"([^\"]+)\"|\"userName\":\"([^\"]+)\"" "alice" | count"#,
    ],
    parse,
    plan,
};

/// Which messages can extend the chain.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Direction {
    /// Any message linked by shared IDs, whatever its time.
    Linked,
    Forward,
    Backward,
}

#[derive(Clone, Debug)]
struct Trace {
    direction: Direction,
    regex: (String, Span),
    start: String,
}

impl Node for Trace {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, _: &mut Vec<String>) {}
    fn reads_raw(&self) -> bool {
        true
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let direction = if c.eat_sym("+") {
        Direction::Forward
    } else if c.eat_sym("-") {
        Direction::Backward
    } else {
        Direction::Linked
    };
    let regex = c.expect_string(r#"a regex in quotes that captures the IDs, like "ID=([0-9A-F]{4})""#)?;
    let (start, _) = c.expect_string(r#"the starting value in quotes, like "7F92""#)?;
    c.expect_stage_end("trace")?;
    Ok(Box::new(Trace { direction, regex, start }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Trace { direction, regex: (pattern, span), start } = node(n);
    let regex = user_regex(pattern, span.clone())?;
    if regex.captures_len() < 2 {
        return Err(Diagnostic::at("E263", span.clone(), "the regex of `trace` has no group to capture the IDs")
            .hint(r#"put the ID in parentheses: "ID=([0-9A-F]{4})""#));
    }
    Ok(Step::Table(Box::new(TraceOp { direction: *direction, regex, start: start.clone(), raw: p.fields.id("_raw") })))
}

/// The runtime step.
struct TraceOp {
    direction: Direction,
    regex: Regex,
    start: String,
    raw: FieldId,
}

impl TableOp for TraceOp {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let ids: Vec<Vec<String>> =
            t.rows.iter().map(|row| r.text(row, self.raw).map(|s| self.ids(&s)).unwrap_or_default()).collect();
        let keep = match self.direction {
            Direction::Linked => self.linked(&ids),
            forward_or_back => {
                let mut order: Vec<usize> = (0..t.rows.len()).collect();
                let times: Vec<Option<i64>> = t.rows.iter().map(|row| r.time(row)).collect();
                let forward = forward_or_back == Direction::Forward;
                // Messages without a time come last either way.
                order.sort_by_key(|&i| (times[i].is_none(), times[i].map(|x| if forward { x } else { -x })));
                self.walk(&ids, &order)
            }
        };
        let mut k = keep.into_iter();
        t.rows.retain(|_| k.next().unwrap_or(false));
        Ok(t)
    }
}

impl TraceOp {
    /// Every ID in a message: each match's first group that took part.
    fn ids(&self, text: &str) -> Vec<String> {
        self.regex
            .captures_iter(text)
            .filter_map(|caps| caps.iter().skip(1).flatten().next().map(|m| m.as_str().to_string()))
            .collect()
    }

    /// In `order`, a message holding a known ID is kept and makes its IDs known.
    fn walk(&self, ids: &[Vec<String>], order: &[usize]) -> Vec<bool> {
        let mut known: HashSet<&str> = HashSet::from([self.start.as_str()]);
        let mut keep = vec![false; ids.len()];
        for &i in order {
            if ids[i].iter().any(|id| known.contains(id.as_str())) {
                keep[i] = true;
                known.extend(ids[i].iter().map(String::as_str));
            }
        }
        keep
    }

    /// Messages whose IDs are connected to the start through shared IDs (union-find on IDs).
    fn linked(&self, ids: &[Vec<String>]) -> Vec<bool> {
        let mut sets = Sets::default();
        let start = sets.slot(&self.start);
        let first: Vec<Option<usize>> = ids
            .iter()
            .map(|msg| {
                let a = sets.slot(msg.first()?);
                for b in &msg[1..] {
                    let b = sets.slot(b);
                    sets.join(a, b);
                }
                Some(a)
            })
            .collect();
        let start = sets.root(start);
        first.into_iter().map(|a| a.is_some_and(|a| sets.root(a) == start)).collect()
    }
}

/// Disjoint sets of IDs.
#[derive(Default)]
struct Sets<'a> {
    index: HashMap<&'a str, usize>,
    parent: Vec<usize>,
}

impl<'a> Sets<'a> {
    fn slot(&mut self, id: &'a str) -> usize {
        let next = self.parent.len();
        let i = *self.index.entry(id).or_insert(next);
        if i == next {
            self.parent.push(next);
        }
        i
    }

    fn root(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn join(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.root(a), self.root(b));
        self.parent[rb] = ra;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(direction: Direction) -> TraceOp {
        TraceOp { direction, regex: Regex::new("ID=([0-9A-F]{4})").unwrap(), start: "7F92".into(), raw: 0 }
    }

    fn ids(msgs: &[&str]) -> Vec<Vec<String>> {
        let o = op(Direction::Linked);
        msgs.iter().map(|m| o.ids(m)).collect()
    }

    /// Oldest first: the docs' session-ID chain, an unrelated message, and a link that appears
    /// only after the message it would have pulled in.
    const MSGS: &[&str] = &[
        "checkout ID=0001 cartID=0002",
        "Initiating requestID=082A for webID=7F92",
        "requestID=082A dbID=1C3B",
        "PROCESSING FAILED: dbID=1C3B",
        "unrelated ID=9999",
        "late link cartID=0002 webID=7F92",
    ];

    #[test]
    fn ids_are_each_match_group() {
        assert_eq!(ids(&["a ID=0001 b webID=7F92 ID=zz"]), [vec!["0001".to_string(), "7F92".into()]]);
    }

    #[test]
    fn linked_ignores_time_forward_and_backward_follow_it() {
        let ids = ids(MSGS);
        assert_eq!(op(Direction::Linked).linked(&ids), [true, true, true, true, false, true]);
        let oldest_first: Vec<usize> = (0..MSGS.len()).collect();
        assert_eq!(op(Direction::Forward).walk(&ids, &oldest_first), [false, true, true, true, false, true]);
        let newest_first: Vec<usize> = (0..MSGS.len()).rev().collect();
        assert_eq!(op(Direction::Backward).walk(&ids, &newest_first), [true, true, false, false, false, true]);
    }
}

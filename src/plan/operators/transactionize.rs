//! `transactionize f1[, f2...] [as name] [maxSpan=1h] [maxPause=5m] [maxLogs=N]
//! [startsWith="text"[;strict]] [endsWith="text"[;strict]] [keepOrphans=true|false] [(child)]`:
//! messages that share a value of any of the fields become one transaction (grouping:
//! `ops::transactionize`, where the limits are described). The parser and the runtime step,
//! which runs the child query per transaction, are in this file.
//!
//! As Sumo Logic documents it: each message gets `_group` (the transaction's number),
//! `_group_duration` (first to last message, ms), `_group_size` and `_group_orphaned` (the
//! prefix is the `as` name when there is one); `keepOrphans` is true by default; the child
//! query (usually `merge`) runs on each transaction's messages on its own. Choices where the
//! docs are silent:
//! - a field matches on the same field only (`a=x` and `b=x` do not join), by its text; a null
//!   or empty value matches nothing;
//! - an orphan is a message with none of the fields: it is a transaction of its own, with
//!   `_group_orphaned` true (false on every other message), dropped when `keepOrphans=false`;
//! - transactions are numbered from 1 in order of their first message (oldest first);
//!   without a child query the messages keep their order and just gain the fields;
//! - `startsWith`/`endsWith` match a message whose `_raw` contains the text, case-insensitive,
//!   `*` a wildcard (as the scope's keywords); with `;strict` a transaction that does not
//!   start (end) with such a message is dropped;
//! - the child's rows come one transaction after another (in number order), with the
//!   transaction's fields in front of the child's columns; `compare` and `logcompare` cannot
//!   run in it (`E245`). `transactionize` needs messages, so it may not follow an
//!   aggregation (`E244`).

use super::{node, Kind, Planner, Range, Registry, Spec, Strings};
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::ops::transactionize::{group, Limits, Msg};
use crate::ops::{Step, TableOp};
use crate::syntax::ast::{Name, Stage};
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use regex::Regex;

pub static SPEC: Spec = Spec {
    name: "transactionize",
    words: &["transactionize"],
    common: &[],
    keywords: &["as", "maxspan", "maxpause", "maxlogs", "startswith", "endswith", "strict", "keeporphans", "true", "false"],
    strings: Strings::Pattern,
    kind: Kind::Table,
    range: Range::Sometimes,
    usage: r#"transactionize f1[, f2] [as name] [maxSpan=1h] [maxPause=5m] [maxLogs=N] [startsWith="text"[;strict]] [endsWith="text"[;strict]] [keepOrphans=false] [(merge ...)]"#,
    doc: "Groups messages that share a value of any of the fields (transitively) into transactions: adds `_group`, `_group_duration`, `_group_size`, `_group_orphaned`, or runs a child query such as `merge` per transaction.",
    examples: &[
        r#"* | json "userIdentity.userName" as user nodrop | json "sourceIPAddress" as ip nodrop | transactionize user, ip | count by _group, _group_size"#,
        r#"* | json "requestID", "eventName" nodrop | transactionize requestID maxSpan=5m (merge eventName join with " > ")"#,
    ],
    parse,
    plan,
};

/// The parameters, lower case, as written after the fields.
const PARAMS: &[&str] = &["maxspan", "maxpause", "maxlogs", "startswith", "endswith", "keeporphans"];

#[derive(Clone, Debug, Default)]
struct Params {
    max_span: Option<i64>,
    max_pause: Option<i64>,
    max_logs: Option<usize>,
    starts: Option<(String, bool)>,
    ends: Option<(String, bool)>,
    keep_orphans: bool,
}

#[derive(Clone, Debug)]
struct Transactionize {
    fields: Vec<Name>,
    alias: Option<Name>,
    params: Params,
    child: Option<Vec<Stage>>,
}

impl Transactionize {
    fn prefix(&self) -> &str {
        self.alias.as_ref().map_or("_group", |a| a.text.as_str())
    }
    fn outputs(&self) -> [String; 4] {
        let p = self.prefix();
        [p.to_string(), format!("{p}_duration"), format!("{p}_size"), format!("{p}_orphaned")]
    }
}

impl Node for Transactionize {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.fields, out);
        names::opt(&self.alias, out);
        if let Some(child) = &self.child {
            out.extend(names::names(child));
        }
    }
    fn range_dependent(&self) -> bool {
        self.child.iter().flatten().any(|s| super::range_dependent(&*s.op))
    }
    fn reads_raw(&self) -> bool {
        self.params.starts.is_some() || self.params.ends.is_some()
    }
    fn table_writes(&self) -> Vec<String> {
        self.outputs().to_vec()
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let fields = c.name_list("a field to group on, like `transactionize requestID`")?;
    let alias = c.opt_alias()?;
    let mut params = Params { keep_orphans: true, ..Params::default() };
    loop {
        c.eat_sym(",");
        let Tok::Ident { name, quoted: false } = c.peek().clone() else { break };
        if !matches!(c.peek_at(1), Tok::Sym("=")) {
            break;
        }
        let span = c.span();
        let key = name.to_ascii_lowercase();
        if !PARAMS.contains(&key.as_str()) {
            return Err(Diagnostic::at("E242", span, format!("`transactionize` has no parameter `{name}`"))
                .hint("its parameters are maxSpan, maxPause, maxLogs, startsWith, endsWith and keepOrphans"));
        }
        c.bump();
        c.bump();
        match key.as_str() {
            "maxspan" => params.max_span = Some(c.duration("a time span after `maxSpan=`")?.0 as i64),
            "maxpause" => params.max_pause = Some(c.duration("a time span after `maxPause=`")?.0 as i64),
            "maxlogs" => {
                let at = c.span();
                let n = c.expect_usize("a number of messages after `maxLogs=`")?;
                if n == 0 {
                    return Err(Diagnostic::at("E243", at, "`maxLogs=0` would leave no message in a transaction")
                        .hint("a transaction holds at least one message: `maxLogs=1` or more"));
                }
                params.max_logs = Some(n);
            }
            "keeporphans" => {
                params.keep_orphans = if c.eat_word("true") {
                    true
                } else if c.eat_word("false") {
                    false
                } else {
                    return Err(c.unexpected("expected `true` or `false` after `keepOrphans=`"));
                }
            }
            _ => {
                let text = c.expect_string("the text in quotes, like `startsWith=\"ConsoleLogin\"`")?.0;
                let strict = c.is_sym(";") && c.is_word_at(1, "strict");
                if strict {
                    c.bump();
                    c.bump();
                }
                *(if key == "startswith" { &mut params.starts } else { &mut params.ends }) = Some((text, strict));
            }
        }
    }
    let child = if c.is_sym("(") {
        let open = c.bump().span;
        let Some(toks) = super::child::tokens_to_close(c) else {
            return Err(Diagnostic::at("E246", open, "this `(` of `transactionize` is never closed")
                .hint("close the child query with `)`, like `(merge eventName)`"));
        };
        if toks.len() == 1 {
            let close = toks[0].span.clone();
            return Err(Diagnostic::at("E247", open.start..close.end, "the child query of `transactionize` is empty")
                .hint("write what to do with each transaction, like `(merge eventName join with \", \")`"));
        }
        Some(crate::syntax::parse::pipeline(&mut Cursor { toks, i: 0, src: c.src.clone() }, &Registry)?)
    } else {
        None
    };
    c.expect_stage_end("transactionize")?;
    Ok(Box::new(Transactionize { fields, alias, params, child }))
}

/// A message "matches" `text` as a scope keyword does: contains it, any case, `*` any run.
fn contains_regex(text: &str) -> Regex {
    let parts: Vec<String> = text.split('*').map(regex::escape).collect();
    Regex::new(&format!("(?is){}", parts.join(".*"))).expect("escaped text is a valid regex")
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let t: &Transactionize = node(n);
    if p.before.iter().any(|s| matches!(s, Step::Aggregate(_))) {
        return Err(after_aggregation("transactionize", p.span.clone()));
    }
    let steps = match &t.child {
        Some(child) => {
            if let Some(st) = child.iter().find(|s| matches!(s.op.operator(), "compare" | "logcompare")) {
                return Err(Diagnostic::at(
                    "E245",
                    st.span.clone(),
                    format!("`{}` cannot run inside `transactionize`'s child query", st.op.keyword()),
                )
                .hint("the child query runs over each transaction's messages only"));
            }
            Some(super::steps(child, p.fields, p.lookups, p.subqueries)?)
        }
        None => None,
    };
    let outs = t.outputs().map(|name| (p.fields.id(&name), name));
    let pr = &t.params;
    Ok(Step::Table(Box::new(TransactionizeOp {
        keys: p.ids(&t.fields),
        time: p.fields.id("_messagetime"),
        raw: p.fields.id("_raw"),
        limits: Limits {
            max_span: pr.max_span,
            max_pause: pr.max_pause,
            max_logs: pr.max_logs,
            strict_start: pr.starts.as_ref().is_some_and(|s| s.1),
            strict_end: pr.ends.as_ref().is_some_and(|s| s.1),
        },
        starts: pr.starts.as_ref().map(|s| contains_regex(&s.0)),
        ends: pr.ends.as_ref().map(|s| contains_regex(&s.0)),
        keep_orphans: pr.keep_orphans,
        outs,
        steps,
    })))
}

/// `E244`: the transaction operators group messages, which an aggregation has folded away.
pub(super) fn after_aggregation(op: &str, span: crate::diag::Span) -> Diagnostic {
    Diagnostic::at("E244", span, format!("`{op}` needs messages, so it must come before any aggregation"))
        .hint(format!("move `{op}` before the aggregation and aggregate its result"))
}

/// The runtime step.
struct TransactionizeOp {
    keys: Vec<FieldId>,
    time: FieldId,
    raw: FieldId,
    limits: Limits,
    starts: Option<Regex>,
    ends: Option<Regex>,
    keep_orphans: bool,
    /// `_group`, `_group_duration`, `_group_size`, `_group_orphaned` (or the `as` name's).
    outs: [(FieldId, String); 4],
    steps: Option<Vec<Step>>,
}

impl TableOp for TransactionizeOp {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let matches = |re: &Option<Regex>, row| {
            re.as_ref().is_some_and(|re| r.text(row, self.raw).is_some_and(|s| re.is_match(&s)))
        };
        let msgs: Vec<Msg> = t
            .rows
            .iter()
            .map(|row| Msg {
                time: r.get(row, self.time).as_num().map(|t| t as i64),
                keys: (self.keys.iter().enumerate())
                    .filter_map(|(k, id)| r.text(row, *id).filter(|s| !s.is_empty()).map(|s| (k, s.into_owned())))
                    .collect(),
                starts: matches(&self.starts, row),
                ends: matches(&self.ends, row),
            })
            .collect();
        let txns: Vec<_> = group(&msgs, &self.limits).into_iter().filter(|x| self.keep_orphans || !x.orphan).collect();
        // Each row's transaction fields; rows in no kept transaction stay `None` and are dropped.
        let mut fields: Vec<Option<[Value; 4]>> = vec![None; t.rows.len()];
        for (k, x) in txns.iter().enumerate() {
            let duration = match (x.start, x.end) {
                (Some(a), Some(b)) => Value::Num((b - a) as f64),
                _ => Value::Null,
            };
            let vals = [Value::Num((k + 1) as f64), duration, Value::Num(x.rows.len() as f64), Value::Bool(x.orphan)];
            for &m in &x.rows {
                fields[m] = Some(vals.clone());
            }
        }
        let set = |row: &mut crate::exec::row::Row, vals: &[Value; 4]| {
            for ((id, _), v) in self.outs.iter().zip(vals) {
                row.set(*id, v.clone());
            }
        };
        let mut rows: Vec<_> = t.rows.into_iter().zip(fields).collect();
        let Some(steps) = &self.steps else {
            let mut out = Table { cols: t.cols, rows: Vec::with_capacity(rows.len()), aggregated: t.aggregated };
            for (id, name) in &self.outs {
                out.add_col(*id, name);
            }
            for (mut row, vals) in rows {
                if let Some(vals) = vals {
                    set(&mut row, &vals);
                    out.rows.push(row);
                }
            }
            return Ok(out);
        };
        let mut cols = t.cols.clone();
        for (id, name) in &self.outs {
            if !cols.iter().any(|c| c.id == *id) {
                cols.push(Col { id: *id, name: name.clone() });
            }
        }
        let mut out = Table { cols: Vec::new(), rows: Vec::new(), aggregated: false };
        for (id, name) in &self.outs {
            out.add_col(*id, name);
        }
        // The empty table still runs the child once, for its columns.
        let mut parts: Vec<(Table, Option<[Value; 4]>)> = Vec::new();
        if txns.is_empty() {
            parts.push((Table { cols: cols.clone(), rows: Vec::new(), aggregated: false }, None));
        }
        for x in &txns {
            let mut members: Vec<usize> = x.rows.clone();
            members.sort_unstable();
            let vals = rows[members[0]].1.clone();
            let sub = members.iter().map(|&m| std::mem::take(&mut rows[m].0)).map(|mut row| {
                if let Some(v) = &vals {
                    set(&mut row, v);
                }
                row
            });
            parts.push((Table { cols: cols.clone(), rows: sub.collect(), aggregated: false }, vals));
        }
        for (sub, vals) in parts {
            let done = crate::ops::child::run(steps, sub, cx)?;
            out.aggregated |= done.aggregated;
            for c in &done.cols {
                out.add_col(c.id, &c.name);
            }
            for mut row in done.rows {
                if let Some(v) = &vals {
                    set(&mut row, v);
                }
                out.rows.push(row);
            }
        }
        Ok(out)
    }
}

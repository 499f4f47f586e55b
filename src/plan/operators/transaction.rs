//! `transaction on f1[, f2] [fringe=10m] with "pattern" [in field] as state, with states a
//! [as x], b in field ... [results by transactions | flow]`: messages with the same ID values
//! as transactions of states (grouping and flow: `ops::transaction`). The parser and the
//! runtime step are in this file.
//!
//! As Sumo Logic documents it: a state is a `matches`-style pattern (`*` any run, the whole
//! text, case-sensitive) over `_raw` or the `in` field, or, with `states`, a field's text
//! itself; `results by transactions` (the default) gives a row per transaction with
//! `_start_time` and `_end_time` (ms) and a count per state; `results by flow` gives the moves
//! between states with their `latency` (ms), for `count by fromstate, tostate`; `fringe` drops
//! transactions that end within it of the time range's start or start within it of its end.
//! Choices where the docs are silent:
//! - several ID fields form one key (all must be equal); a message without one of them, or in
//!   no state, is left out; a message in several states is in the first one written;
//! - `states` needs its `in field` (`E248`) and compares the field's text exactly;
//! - several patterns may name the same state: its count adds up;
//! - rows come in order of each transaction's first message (oldest first); the flow row has the
//!   ID fields, `fromstate`, `tostate` and `latency`, one row per move, so `count by fromstate,
//!   tostate` counts the edges. Messages in a row in the same state are one visit (no move from
//!   a state to itself); latency runs from entering one state to entering the next;
//! - `results by states` and `showing ...` are not implemented (`U002`). `transaction` needs
//!   messages, so it may not follow an aggregation (`E244`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::ops::transaction::{flow, transactions, Mark};
use crate::ops::{Step, TableOp};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use regex::Regex;

pub static SPEC: Spec = Spec {
    name: "transaction",
    words: &["transaction"],
    common: &[],
    keywords: &["on", "fringe", "with", "states", "in", "as", "results", "by", "transactions", "flow", "showing"],
    strings: Strings::Pattern,
    kind: Kind::Table,
    range: Range::Sometimes,
    usage: r#"transaction on f1[, f2] [fringe=10m] with "pattern" [in field] as state[, with states a [as x], b in field] [results by transactions | flow]"#,
    doc: "Follows transactions (messages with the same ID fields) through states: per transaction its `_start_time`, `_end_time` and count per state, or with `results by flow` each move `fromstate` -> `tostate` with its `latency`.",
    examples: &[
        r#"* | json "userIdentity.userName" as user nodrop | json "eventName" | transaction on user with states ConsoleLogin as login, CreateAccessKey as newkey, DeleteTrail in eventName"#,
        r#"* | json "userIdentity.userName" as user nodrop | transaction on user with "*\"ConsoleLogin\"*" as login, with "*\"GetObject\"*" as read results by flow | count by fromstate, tostate"#,
    ],
    parse,
    plan,
};

/// How a message is found to be in a state.
#[derive(Clone, Debug)]
enum Test {
    /// A `matches` pattern.
    Pattern(String),
    /// The field's text, exactly (`with states`).
    Text(String),
}

#[derive(Clone, Debug)]
struct Rule {
    test: Test,
    /// `_raw` when `None`.
    field: Option<Name>,
    state: Name,
}

#[derive(Clone, Debug)]
struct TransactionNode {
    on: Vec<Name>,
    fringe: Option<i64>,
    rules: Vec<Rule>,
    by_flow: bool,
}

impl Node for TransactionNode {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.on, out);
        for r in &self.rules {
            names::opt(&r.field, out);
            names::name(&r.state, out);
        }
    }
    fn range_dependent(&self) -> bool {
        self.fringe.is_some()
    }
    fn reads_raw(&self) -> bool {
        self.rules.iter().any(|r| r.field.is_none())
    }
    fn table_writes(&self) -> Vec<String> {
        if self.by_flow {
            return ["fromstate", "tostate", "latency"].map(String::from).to_vec();
        }
        let mut cols = vec!["_start_time".to_string(), "_end_time".to_string()];
        for r in &self.rules {
            if !cols.iter().any(|c| c.eq_ignore_ascii_case(&r.state.text)) {
                cols.push(r.state.text.clone());
            }
        }
        cols
    }
}

fn unsupported(span: Span, what: &str) -> Diagnostic {
    Diagnostic::at("U002", span, format!("unsupported: {what}"))
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    if !c.eat_word("on") {
        return Err(c.unexpected("expected `on` and the transaction's ID fields, like `transaction on user`"));
    }
    let on = c.name_list("a field that identifies a transaction")?;
    let mut fringe = None;
    if c.is_word("fringe") {
        c.bump();
        c.expect_sym("=", "after `fringe`: write `fringe=10m`")?;
        fringe = Some(c.duration("a time span after `fringe=`")?.0 as i64);
    }
    if !c.is_word("with") {
        return Err(c.unexpected("expected `with` and the states, like `with \"*ConsoleLogin*\" as login`"));
    }
    let mut rules = Vec::new();
    loop {
        c.eat_word("with");
        if c.eat_word("states") {
            let mut names: Vec<(Name, Option<Name>)> = Vec::new();
            loop {
                let value = match c.peek().clone() {
                    Tok::Str(s) => Name { text: s, span: c.bump().span },
                    _ => c.expect_name("a state: the text the field holds")?,
                };
                names.push((value, c.opt_alias()?));
                // `, with ...` or `, "pattern"` start the next definition, not another state.
                if !(c.is_sym(",") && !c.is_word_at(1, "with") && !matches!(c.peek_at(1), Tok::Str(_))) {
                    break;
                }
                c.bump();
            }
            if !c.eat_word("in") {
                let at = names.last().map(|n| n.1.as_ref().unwrap_or(&n.0).span.clone()).unwrap_or(c.span());
                return Err(Diagnostic::at("E248", at, "`with states` needs the field that holds the state").hint(
                    "end the list with `in field`, like `with states ConsoleLogin, CreateAccessKey in eventName`",
                ));
            }
            let field = c.expect_name("the field that holds the state")?;
            for (value, alias) in names {
                let state = alias.unwrap_or_else(|| value.clone());
                rules.push(Rule { test: Test::Text(value.text), field: Some(field.clone()), state });
            }
        } else {
            let (pattern, _) = c.expect_string("a pattern in quotes, like `\"*ConsoleLogin*\"`, or `states`")?;
            let field = if c.eat_word("in") { Some(c.expect_name("the field the pattern matches")?) } else { None };
            if !c.eat_word("as") {
                return Err(c.unexpected("expected `as` and the state's name after the pattern"));
            }
            let state = c.expect_name("the state's name")?;
            rules.push(Rule { test: Test::Pattern(pattern), field, state });
        }
        if !c.eat_sym(",") {
            break;
        }
    }
    let mut by_flow = false;
    if c.is_word("results") {
        c.bump();
        if !c.eat_word("by") {
            return Err(c.unexpected("expected `by` after `results`"));
        }
        if c.is_word("states") {
            return Err(unsupported(
                c.span(),
                "`results by states` is not implemented yet; use `results by transactions`",
            ));
        }
        by_flow = if c.eat_word("flow") {
            true
        } else if c.eat_word("transactions") || c.eat_word("transaction") {
            false
        } else {
            return Err(c.unexpected("expected `transactions` or `flow` after `results by`"));
        };
    }
    if c.is_word("showing") {
        return Err(unsupported(c.span(), "`showing` is not implemented yet; aggregate the result instead"));
    }
    c.expect_stage_end("transaction")?;
    Ok(Box::new(TransactionNode { on, fringe, rules, by_flow }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let t: &TransactionNode = node(n);
    if p.before.iter().any(|s| matches!(s, Step::Aggregate(_))) {
        return Err(super::transactionize::after_aggregation("transaction", p.span.clone()));
    }
    let mut states: Vec<(FieldId, String)> = Vec::new();
    let mut rules = Vec::new();
    for r in &t.rules {
        let id = p.fields.id(&r.state.text);
        let state = match states.iter().position(|(s, _)| *s == id) {
            Some(k) => k,
            None => {
                states.push((id, r.state.text.clone()));
                states.len() - 1
            }
        };
        let field = p.fields.id(r.field.as_ref().map_or("_raw", |f| f.text.as_str()));
        let test = match &r.test {
            Test::Pattern(glob) => RuleTest::Pattern(crate::exec::expr::glob_regex(glob).map_err(|e| {
                Diagnostic::at("E249", r.state.span.clone(), format!("this state's pattern cannot be used: {e}"))
            })?),
            Test::Text(s) => RuleTest::Text(s.clone()),
        };
        rules.push((field, test, state));
    }
    let mut slot = |n: &str| (p.fields.id(n), n.to_string());
    let outs = if t.by_flow {
        vec![slot("fromstate"), slot("tostate"), slot("latency")]
    } else {
        let mut v = vec![slot("_start_time"), slot("_end_time")];
        v.extend(states.iter().cloned());
        v
    };
    Ok(Step::Table(Box::new(TransactionOp {
        on: p.named(&t.on),
        time: p.fields.id("_messagetime"),
        rules,
        states: states.into_iter().map(|(_, name)| name).collect(),
        fringe: t.fringe,
        by_flow: t.by_flow,
        outs,
    })))
}

enum RuleTest {
    Pattern(Regex),
    Text(String),
}

/// The runtime step.
struct TransactionOp {
    on: Vec<(FieldId, String)>,
    time: FieldId,
    /// (field, test, state) in the order written: a message is in the first state that fits.
    rules: Vec<(FieldId, RuleTest, usize)>,
    states: Vec<String>,
    fringe: Option<i64>,
    by_flow: bool,
    /// The columns after the ID fields.
    outs: Vec<(FieldId, String)>,
}

impl TableOp for TransactionOp {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let mut marks = Vec::new();
        for (k, row) in t.rows.iter().enumerate() {
            let key: Option<Vec<String>> = (self.on.iter())
                .map(|(id, _)| r.text(row, *id).filter(|s| !s.is_empty()).map(|s| s.into_owned()))
                .collect();
            let Some(key) = key else { continue };
            let state = self.rules.iter().find_map(|(field, test, state)| {
                let text = r.text(row, *field)?;
                let fits = match test {
                    RuleTest::Pattern(re) => re.is_match(&text),
                    RuleTest::Text(s) => *text == **s,
                };
                fits.then_some(*state)
            });
            let Some(state) = state else { continue };
            marks.push(Mark { key, time: r.get(row, self.time).as_num().map(|t| t as i64), state, row: k });
        }
        let mut txns = transactions(&marks, self.states.len());
        if let Some(f) = self.fringe {
            let (lo, hi) = cx.range;
            txns.retain(|x| x.end.is_none_or(|e| e >= lo + f) && x.start.is_none_or(|s| s <= hi - f));
        }
        let cols = self.on.iter().chain(&self.outs).map(|(id, name)| Col { id: *id, name: name.clone() }).collect();
        let mut out = Table { cols, rows: Vec::new(), aggregated: true };
        let time = |t: Option<i64>| t.map_or(Value::Null, |t| Value::Num(t as f64));
        for x in &txns {
            let mut base = crate::exec::row::Row::default();
            for (id, _) in &self.on {
                base.set(*id, r.get(&t.rows[x.row], *id));
            }
            if self.by_flow {
                for (from, to, latency) in flow(x) {
                    let mut row = base.clone();
                    row.set(self.outs[0].0, Value::str(&self.states[from]));
                    row.set(self.outs[1].0, Value::str(&self.states[to]));
                    row.set(self.outs[2].0, time(latency));
                    out.rows.push(row);
                }
            } else {
                let mut row = base;
                row.set(self.outs[0].0, time(x.start));
                row.set(self.outs[1].0, time(x.end));
                for (k, n) in x.counts.iter().enumerate() {
                    row.set(self.outs[2 + k].0, Value::Num(*n as f64));
                }
                out.rows.push(row);
            }
        }
        Ok(out)
    }
}

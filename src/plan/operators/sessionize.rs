//! `sessionize "a=* start" as (a), "a=$a stop after *" as (t)`: weaves messages into sessions,
//! each anchor pattern's `$name` standing for a value an earlier pattern extracted. Everything
//! about the operator, its runtime included, is in this file.
//!
//! As Sumo Logic documents it: two or more anchor patterns (as `parse` reads them: `*` captures,
//! the rest is literal) each with its names in parentheses; `$name` in a later pattern is the
//! value of `name` from the session so far; a name extracted again must equal the session's
//! value (the docs' "inner join on parsed fields in common"). Choices where the docs are silent:
//! - patterns match the message (`_raw`); a message may take part in many sessions;
//! - the result is a table with one row per complete session (every pattern matched, in the
//!   order written), its columns every name in order; sessions come in the order of the
//!   messages that started them, then of the ones that continued them;
//! - a `$name` no earlier pattern extracts, a pattern whose `*` count differs from its names,
//!   and a single pattern are errors (`E259`); a value's own `*` is text, not a capture.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::ops::parse::Pattern;
use crate::ops::{Step, TableOp};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use std::collections::HashMap;

pub static SPEC: Spec = Spec {
    name: "sessionize",
    words: &["sessionize"],
    common: &[],
    keywords: &["as"],
    strings: Strings::Pattern,
    kind: Kind::Table,
    range: Range::Never,
    usage: r#"sessionize "anchor *" as (a), "anchor $a *" as (b)[, ...]"#,
    doc: "Joins messages into sessions: each pattern extracts names, and a later pattern's `$name` must hold the value extracted before.",
    examples: &[
        r#"* | sessionize "\"sourceIPAddress\":\"*\"" as (ip), "\"sourceIPAddress\":\"$ip\",\"userAgent\":\"*\"" as (agent) | count by ip, agent"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Sessionize {
    steps: Vec<(String, Span, Vec<Name>)>,
}

impl Node for Sessionize {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        self.steps.iter().for_each(|(_, _, n)| names::all(n, out));
    }
    fn reads_raw(&self) -> bool {
        true
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    let word = c.bump().span;
    let mut steps = Vec::new();
    loop {
        let (pattern, span) = c.expect_string("an anchor pattern in quotes, like \"user=* \"")?;
        if !c.eat_word("as") {
            return Err(c.unexpected("expected `as` and the names the pattern extracts, like `as (user)`"));
        }
        let names = if c.eat_sym("(") {
            let names = c.name_list("a name")?;
            c.expect_sym(")", "after the names")?;
            names
        } else {
            vec![c.expect_name("the names in parentheses, like `(user)`")?]
        };
        steps.push((pattern, span, names));
        if !c.eat_sym(",") {
            break;
        }
    }
    if steps.len() < 2 {
        return Err(Diagnostic::at("E259", word.start..c.prev_end(), "`sessionize` needs two or more patterns")
            .hint("a session joins messages: write `sessionize \"a=*\" as (a), \"b for $a\" as (b)`"));
    }
    c.expect_stage_end("sessionize")?;
    Ok(Box::new(Sessionize { steps }))
}

/// One piece of a pattern's literal text: text, or a `$name` (index into the session's values).
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Var(usize),
}

/// `$name` references in `text`, given the names known so far.
fn pieces(text: &str, known: &[String], span: &Span) -> Result<Vec<Piece>, Diagnostic> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        lit.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let len = after.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(after.len());
        if len == 0 {
            lit.push('$');
            rest = after;
            continue;
        }
        let name = &after[..len];
        let Some(k) = known.iter().position(|n| n.eq_ignore_ascii_case(name)) else {
            return Err(Diagnostic::at(
                "E259",
                span.clone(),
                format!("`${name}` is not a name an earlier pattern extracts"),
            )
            .suggest(name, known.iter().map(String::as_str)));
        };
        if !lit.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut lit)));
        }
        out.push(Piece::Var(k));
        rest = &after[len..];
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        out.push(Piece::Text(lit));
    }
    Ok(out)
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Sessionize { steps } = node(n);
    // Every distinct name, in order: the session's values and the result's columns.
    let mut names: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (pattern, span, outs) in steps {
        let stars = pattern.matches('*').count();
        if stars != outs.len() || stars == 0 {
            return Err(Diagnostic::at(
                "E259",
                span.clone(),
                format!("this pattern has {stars} `*` and {} name(s): give one name per `*`", outs.len()),
            ));
        }
        let segments =
            pattern.split('*').map(|seg| pieces(seg, &names, span)).collect::<Result<Vec<_>, Diagnostic>>()?;
        let mut slots = Vec::new();
        for o in outs {
            let k = names.iter().position(|n| n.eq_ignore_ascii_case(&o.text)).unwrap_or_else(|| {
                names.push(o.text.clone());
                names.len() - 1
            });
            slots.push(k);
        }
        out.push(Step_ { segments, slots });
    }
    let cols = names.iter().map(|n| (p.fields.id(n), n.clone())).collect();
    let raw = p.fields.id("_raw");
    Ok(Step::Table(Box::new(SessionizeOp { steps: out, cols, raw, span: p.span.clone() })))
}

/// One pattern: its literal segments (between `*`s) and the session value each `*` fills.
struct Step_ {
    segments: Vec<Vec<Piece>>,
    slots: Vec<usize>,
}

/// The runtime step.
struct SessionizeOp {
    steps: Vec<Step_>,
    cols: Vec<(FieldId, String)>,
    raw: FieldId,
    span: Span,
}

impl TableOp for SessionizeOp {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let texts: Vec<Option<std::borrow::Cow<str>>> = t.rows.iter().map(|row| r.text(row, self.raw)).collect();
        let width = self.cols.len();
        // Partial sessions: one value (or none yet) per name.
        let mut sessions: Vec<Vec<Option<String>>> = vec![vec![None; width]];
        for step in &self.steps {
            // Sessions that write the same values into the pattern share one compiled pattern.
            let mut groups: Vec<(Pattern, Vec<usize>)> = Vec::new();
            let mut index: HashMap<Vec<String>, usize> = HashMap::new();
            for (k, s) in sessions.iter().enumerate() {
                let segments: Vec<String> = step
                    .segments
                    .iter()
                    .map(|seg| {
                        seg.iter()
                            .map(|p| match p {
                                Piece::Text(t) => t.clone(),
                                Piece::Var(v) => s[*v].clone().unwrap_or_default(),
                            })
                            .collect()
                    })
                    .collect();
                let g = *index.entry(segments.clone()).or_insert_with(|| {
                    groups.push((Pattern::from_segments(segments, Vec::new()), Vec::new()));
                    groups.len() - 1
                });
                groups[g].1.push(k);
            }
            let mut next = Vec::new();
            for (pattern, members) in &groups {
                for text in texts.iter().flatten() {
                    let Some(caps) = pattern.captures(text) else { continue };
                    for &k in members {
                        let mut s = sessions[k].clone();
                        let joins = step.slots.iter().zip(&caps).all(|(&slot, cap)| match &s[slot] {
                            Some(v) => v == cap,
                            None => {
                                s[slot] = Some(cap.to_string());
                                true
                            }
                        });
                        if joins {
                            next.push((k, s));
                        }
                    }
                }
            }
            // In the order of the sessions they continue, then of the messages.
            next.sort_by_key(|(k, _)| *k);
            sessions = next.into_iter().map(|(_, s)| s).collect();
            if sessions.len() > cx.limits.rows {
                return Err(crate::exec::limits::diagnostic(
                    crate::exec::limits::Exceeded { cap: crate::exec::limits::Cap::Rows, step: 0 },
                    &cx.limits,
                    &(self.span.clone(), "sessionize".to_string()),
                ));
            }
        }
        let nfields = r.fields.len();
        let rows = sessions
            .into_iter()
            .map(|s| {
                let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
                for ((id, _), v) in self.cols.iter().zip(s) {
                    row.vals[*id] = v.map_or(Value::Null, Value::from);
                }
                row
            })
            .collect();
        let cols = self.cols.iter().map(|(id, name)| Col { id: *id, name: name.clone() }).collect();
        Ok(Table { cols, rows, aggregated: true })
    }
}

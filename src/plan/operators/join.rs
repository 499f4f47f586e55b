//! `join (query) as t1, (query) as t2 on t1.a = t2.b [and ...] [timewindow 5m]`: an inner join
//! of the tables that child queries make from the same rows. Everything about the operator, its
//! runtime included, is in this file.
//!
//! As Sumo Logic documents it: two or more tables, each a parenthesised query with an alias;
//! conditions are `=` between fields of two tables, joined by `and` only (no constants, `!=`,
//! `or` or `not`); the output fields are named `<alias>_<field>`; `timewindow` limits how far
//! apart in time joined records may be. Choices where the docs are silent:
//! - each child query runs over the rows that reach `join` (the events of the query's scope and
//!   what the stages before made of them); Sumo Logic ignores keywords written at the start of a
//!   child query, here they filter that child's rows (`(ConsoleLogin | json ...)`), because a
//!   user who writes them means them; a child is read as keywords then stages only when it
//!   does not read as stages alone;
//! - values compare as text, case-sensitively; a null never joins;
//! - the output is a table (not messages), one row per combination of rows that meets every
//!   condition, in the order of the first table's rows, then the second's, and so on; it holds
//!   every column of each child's result, prefixed;
//! - `timewindow` keeps combinations whose rows' times (`_messagetime`, else `_timeslice`) lie
//!   within the window of each other; a row without a time joins nothing then (warning `W251`);
//! - a table no condition links to the others is an error (`E254`), as a cross product is
//!   almost never meant; `compare` and `logcompare` cannot run in a child query (`E223`, as in `filter`).

use super::{node, Kind, Planner, Range, Registry, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::exec::warning::JOIN_UNTIMED;
use crate::fields::FieldId;
use crate::ops::{Step, TableOp};
use crate::plan::matcher::{self, Matcher};
use crate::syntax::ast::{Name, Search, Stage};
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::{Tok, Token};
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use std::collections::HashMap;

pub static SPEC: Spec = Spec {
    name: "join",
    words: &["join"],
    common: &[],
    keywords: &["as", "on", "and", "timewindow", "or", "not"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Sometimes,
    usage: "join (query) as t1, (query) as t2 on t1.a = t2.b [and ...] [timewindow 5m]",
    doc: "Joins the tables child queries make from the same rows where their fields are equal; output fields are named `t1_a`, `t2_b`.",
    examples: &[
        r#"* | join (json "userIdentity.userName", "eventName" as user, event | where event = "ConsoleLogin") as login, (json "userIdentity.userName", "eventName" as user, event | where event = "GetObject") as read on login.user = read.user | count by login_user"#,
        r#"* | join (ConsoleLogin | json "userIdentity.userName" as user) as a, (json "userIdentity.userName" as user | timeslice 1d | count by _timeslice, user) as b on a.user = b.user timewindow 1d | fields a_user, b__count"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Join {
    tables: Vec<Child>,
    on: Vec<(Ref, Ref)>,
    window: Option<(f64, Span)>,
}

/// One parenthesised query and its alias.
#[derive(Clone, Debug)]
struct Child {
    scope: Option<Search>,
    stages: Vec<Stage>,
    alias: Name,
}

/// `t1.a`: a table's alias and a field of its result.
#[derive(Clone, Debug)]
struct Ref {
    alias: String,
    field: String,
    span: Span,
}

impl Node for Join {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        for t in &self.tables {
            out.extend(names::names(&t.stages));
        }
        for (a, b) in &self.on {
            out.extend([a.field.clone(), b.field.clone()]);
        }
    }
    fn range_dependent(&self) -> bool {
        self.tables.iter().flat_map(|t| &t.stages).any(|s| super::range_dependent(&*s.op))
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    let word = c.bump().span;
    let mut tables = Vec::new();
    loop {
        let (scope, stages) = child(c)?;
        if !c.eat_word("as") {
            return Err(c.unexpected("expected `as` and the table's alias after its query, like `(...) as t1`"));
        }
        let alias = c.expect_name("the table's alias, like `t1`")?;
        tables.push(Child { scope, stages, alias });
        if !c.eat_sym(",") {
            break;
        }
    }
    if tables.len() < 2 {
        return Err(Diagnostic::at("E252", word.start..c.prev_end(), "`join` needs two or more tables")
            .hint("write `join (query) as t1, (query) as t2 on t1.a = t2.b`"));
    }
    if !c.eat_word("on") {
        return Err(c.unexpected("expected `on` and the join's conditions, like `on t1.a = t2.b`"));
    }
    let mut on = Vec::new();
    loop {
        on.push(condition(c)?);
        if c.is_word("or") {
            return Err(bad_condition(c.span(), "a join's conditions are joined by `and` only"));
        }
        if !c.eat_word("and") {
            break;
        }
    }
    let window = if c.eat_word("timewindow") {
        let span = c.span();
        Some((c.duration("the time window")?.0, span))
    } else {
        None
    };
    c.expect_stage_end("join")?;
    Ok(Box::new(Join { tables, on, window }))
}

fn bad_condition(span: Span, message: &str) -> Diagnostic {
    Diagnostic::at("E254", span, message.to_string())
        .hint("each condition is `t1.field = t2.field`, fields of two tables; filter one table inside its own query")
}

/// `t1.a = t2.b`.
fn condition(c: &mut Cursor) -> Result<(Ref, Ref), Diagnostic> {
    if c.is_word("not") || c.is_sym("!") {
        return Err(bad_condition(c.span(), "`not` cannot be a join condition"));
    }
    let left = field_ref(c)?;
    if !(c.eat_sym("=") || c.eat_sym("==")) {
        return Err(match c.peek() {
            Tok::Sym("!=" | "<>" | "<" | ">" | "<=" | ">=") => {
                bad_condition(c.span(), "a join condition can only be `=`")
            }
            _ => c.unexpected("expected `=` in the join condition"),
        });
    }
    Ok((left, field_ref(c)?))
}

fn field_ref(c: &mut Cursor) -> Result<Ref, Diagnostic> {
    let span = c.span();
    match c.peek().clone() {
        Tok::Ident { name, .. } => match name.split_once('.') {
            Some((alias, field)) if !alias.is_empty() && !field.is_empty() => {
                c.bump();
                Ok(Ref { alias: alias.to_string(), field: field.to_string(), span })
            }
            _ => Err(bad_condition(span, &format!("`{name}` does not say its table: write `t1.{name}`"))),
        },
        Tok::Num(_) | Tok::Str(_) => Err(bad_condition(span, "a join condition cannot compare with a constant")),
        _ => Err(c.unexpected("expected a table's field, like `t1.a`")),
    }
}

/// `(query)`: the tokens to the matching `)`, read as stages, or as keywords then stages.
fn child(c: &mut Cursor) -> Result<(Option<Search>, Vec<Stage>), Diagnostic> {
    let open = c.expect_sym("(", "and a table's query, like `join (parse \"a=*\" as a) as t1, ...`")?;
    let start = c.i;
    let mut depth = 0usize;
    // The first `|` outside parentheses: where the keywords end, if the query starts with some.
    let mut pipe = None;
    loop {
        match c.peek() {
            Tok::Eof => {
                return Err(Diagnostic::at("E250", open, "this `(` of a `join` table is never closed")
                    .hint("close the table's query with `)`"))
            }
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") if depth == 0 => break,
            Tok::Sym(")") => depth -= 1,
            Tok::Sym("|") if depth == 0 && pipe.is_none() => pipe = Some(c.i - start),
            _ => {}
        }
        c.bump();
    }
    let close = c.bump().span;
    let toks: Vec<Token> = c.toks[start..c.i - 1].to_vec();
    if toks.is_empty() {
        return Err(Diagnostic::at("E251", open.start..close.end, "this `join` table's query is empty")
            .hint("write the query that makes the table, like `(parse \"user=*\" as user)`"));
    }
    let cursor = |toks: &[Token]| {
        let mut toks = toks.to_vec();
        toks.push(Token { tok: Tok::Eof, span: close.start..close.start });
        Cursor { toks, i: 0, src: c.src.clone() }
    };
    let stages = match crate::syntax::parse::pipeline(&mut cursor(&toks), &Registry) {
        Ok(stages) => return Ok((None, stages)),
        Err(d) => d,
    };
    // Not stages alone: keywords up to the first `|`, then stages.
    let end = pipe.map_or(close.start, |k| toks[k].span.start);
    let Ok(scope) = crate::syntax::search::parse_scope_in(&c.src, open.end, end) else { return Err(stages) };
    let rest = match pipe {
        Some(k) if k + 1 < toks.len() => crate::syntax::parse::pipeline(&mut cursor(&toks[k + 1..]), &Registry)?,
        Some(k) => return Err(Diagnostic::at("E123", toks[k].span.clone(), "empty stage: nothing after this `|`")),
        None => Vec::new(),
    };
    Ok((Some(scope), rest))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Join { tables, on, window } = node(n);
    let mut aliases: Vec<&Name> = Vec::new();
    for t in tables {
        if let Some(first) = aliases.iter().find(|a| a.text.eq_ignore_ascii_case(&t.alias.text)) {
            return Err(Diagnostic::at(
                "E252",
                t.alias.span.clone(),
                format!("the alias `{}` is given twice", t.alias.text),
            )
            .label(first.span.clone(), "first given here")
            .hint("give each table its own alias"));
        }
        aliases.push(&t.alias);
    }
    let index = |r: &Ref| -> Result<usize, Diagnostic> {
        aliases.iter().position(|a| a.text.eq_ignore_ascii_case(&r.alias)).ok_or_else(|| {
            let span = r.span.start..r.span.start + r.alias.len();
            Diagnostic::at("E253", span, format!("no table of this `join` is called `{}`", r.alias))
                .suggest(&r.alias, aliases.iter().map(|a| a.text.as_str()))
        })
    };
    let mut conds = Vec::new();
    for (a, b) in on {
        let (i, j) = (index(a)?, index(b)?);
        if i == j {
            return Err(bad_condition(
                a.span.start..b.span.end,
                "this condition compares two fields of the same table",
            ));
        }
        conds.push(Cond { left: (i, p.fields.id(&a.field)), right: (j, p.fields.id(&b.field)) });
    }
    if let Some(k) = unlinked(tables.len(), &conds) {
        let a = &tables[k].alias;
        return Err(Diagnostic::at(
            "E254",
            a.span.clone(),
            format!("no condition joins the table `{}` to the others", a.text),
        )
        .hint(format!(
            "add a condition like `and {}.field = {}.field`",
            a.text,
            tables[if k == 0 { 1 } else { 0 }].alias.text
        )));
    }
    let mut children = Vec::new();
    for t in tables {
        if let Some(st) = t.stages.iter().find(|s| matches!(s.op.operator(), "compare" | "logcompare")) {
            return Err(Diagnostic::at(
                "E223",
                st.span.clone(),
                format!("`{}` cannot run inside a `join` table's query", st.op.keyword()),
            )
            .hint("it reruns the query over other time ranges; a join's tables are made from the rows that reach it"));
        }
        let matcher = match &t.scope {
            Some(scope) => {
                let (fields, lookups, subs) = (&mut *p.fields, p.lookups, &mut *p.subqueries);
                Some(matcher::compile_with(scope, lookups, &mut |sub| {
                    crate::plan::subquery::plan_subquery(
                        sub,
                        crate::plan::subquery::Place::Scope,
                        fields,
                        lookups,
                        subs,
                    )
                })?)
            }
            None => None,
        }
        .filter(|m| !m.is_all());
        let steps = super::steps(&t.stages, p.fields, p.lookups, p.subqueries)?;
        children.push(JoinTable { alias: t.alias.text.clone(), matcher, steps });
    }
    let times = [p.fields.id("_messagetime"), p.fields.id("_timeslice")];
    let window = window.as_ref().map(|(ms, _)| *ms as i64);
    Ok(Step::Table(Box::new(JoinOp { tables: children, conds, window, times, span: p.span.clone() })))
}

/// The first table (after the first) that no chain of conditions links to the first one.
fn unlinked(n: usize, conds: &[Cond]) -> Option<usize> {
    let mut linked = vec![false; n];
    linked[0] = true;
    let mut grew = true;
    while grew {
        grew = false;
        for c in conds {
            let (i, j) = (c.left.0, c.right.0);
            if linked[i] != linked[j] {
                linked[i] = true;
                linked[j] = true;
                grew = true;
            }
        }
    }
    linked.iter().position(|l| !l)
}

/// `left = right`: (table, field) each.
struct Cond {
    left: (usize, FieldId),
    right: (usize, FieldId),
}

struct JoinTable {
    alias: String,
    /// The child's keywords, if it starts with some.
    matcher: Option<Matcher>,
    steps: Vec<Step>,
}

/// The runtime step.
struct JoinOp {
    tables: Vec<JoinTable>,
    conds: Vec<Cond>,
    window: Option<i64>,
    /// `_messagetime` and `_timeslice`: a row's time for `timewindow`.
    times: [FieldId; 2],
    span: Span,
}

/// A combination of rows, one per table so far, with the earliest and latest of their times.
struct Combo {
    rows: Vec<usize>,
    lo: i64,
    hi: i64,
}

impl TableOp for JoinOp {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let mut results = Vec::with_capacity(self.tables.len());
        for jt in &self.tables {
            let mut input = t.clone();
            if let Some(m) = &jt.matcher {
                let store = r.store;
                input.rows.retain(|row| {
                    row.event.is_some_and(|e| m.matches(store.raw(e as usize), store.source(e as usize)))
                });
            }
            results.push(crate::ops::child::run(&jt.steps, input, cx)?);
        }
        let text =
            |row: &Row, id: FieldId| Some(r.get(row, id)).filter(|v| !v.is_null()).map(|v| v.as_text().into_owned());
        // Each row's time, when a window needs it.
        let times: Vec<Vec<Option<i64>>> = results
            .iter()
            .map(|res| {
                res.rows
                    .iter()
                    .map(|row| {
                        self.window?;
                        self.times.iter().find_map(|id| r.get(row, *id).as_num()).map(|n| n as i64)
                    })
                    .collect()
            })
            .collect();
        if self.window.is_some() {
            for (k, ts) in times.iter().enumerate() {
                let n = ts.iter().filter(|t| t.is_none()).count();
                if n > 0 {
                    cx.warn(
                        JOIN_UNTIMED,
                        format!(
                            "join: {n} row(s) of `{}` have no time, so `timewindow` joins them with nothing",
                            self.tables[k].alias
                        ),
                    );
                }
            }
        }
        let fits = |lo: i64, hi: i64| self.window.is_none_or(|w| hi - lo <= w);
        let mut combos: Vec<Combo> = (0..results[0].rows.len())
            .filter_map(|k| match (self.window, times[0][k]) {
                (None, _) => Some(Combo { rows: vec![k], lo: 0, hi: 0 }),
                (Some(_), Some(t)) => Some(Combo { rows: vec![k], lo: t, hi: t }),
                (Some(_), None) => None,
            })
            .collect();
        for k in 1..self.tables.len() {
            // Conditions between this table and one before it: (earlier table, its field, this table's field).
            let links: Vec<(usize, FieldId, FieldId)> = self
                .conds
                .iter()
                .filter_map(|c| match (c.left, c.right) {
                    ((i, a), (j, b)) if j == k && i < k => Some((i, a, b)),
                    ((i, a), (j, b)) if i == k && j < k => Some((j, b, a)),
                    _ => None,
                })
                .collect();
            let mut by_key: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
            for (n, row) in results[k].rows.iter().enumerate() {
                if self.window.is_some() && times[k][n].is_none() {
                    continue;
                }
                let key: Option<Vec<String>> = links.iter().map(|(_, _, b)| text(row, *b)).collect();
                if let Some(key) = key {
                    by_key.entry(key).or_default().push(n);
                }
            }
            let mut next = Vec::new();
            for combo in combos {
                let key: Option<Vec<String>> =
                    links.iter().map(|(i, a, _)| text(&results[*i].rows[combo.rows[*i]], *a)).collect();
                let Some(matched) = key.and_then(|key| by_key.get(&key)) else { continue };
                for &n in matched {
                    let t = times[k][n].unwrap_or(0);
                    let (lo, hi) = if self.window.is_some() { (combo.lo.min(t), combo.hi.max(t)) } else { (0, 0) };
                    if !fits(lo, hi) {
                        continue;
                    }
                    let mut rows = combo.rows.clone();
                    rows.push(n);
                    next.push(Combo { rows, lo, hi });
                }
                if next.len() > cx.limits.rows {
                    return Err(crate::exec::limits::diagnostic(
                        crate::exec::limits::Exceeded { cap: crate::exec::limits::Cap::Rows, step: 0 },
                        &cx.limits,
                        &(self.span.clone(), "join".to_string()),
                    ));
                }
            }
            combos = next;
        }
        // Output columns: every column of each child's result, prefixed with its table's alias.
        // A name no stage mentions has no slot: it gets one past the plan's (as `transpose` does).
        let mut next_slot = r.fields.len();
        let mut cols = Vec::new();
        let mut copy: Vec<Vec<(FieldId, FieldId)>> = Vec::new();
        for (jt, res) in self.tables.iter().zip(&results) {
            let mut pairs = Vec::new();
            for col in &res.cols {
                let name = format!("{}_{}", jt.alias, col.name);
                let id = r.fields.get(&name).unwrap_or_else(|| {
                    next_slot += 1;
                    next_slot - 1
                });
                if !cols.iter().any(|c: &Col| c.id == id) {
                    cols.push(Col { id, name });
                }
                pairs.push((col.id, id));
            }
            copy.push(pairs);
        }
        let rows = combos
            .into_iter()
            .map(|combo| {
                let mut row = Row { event: None, vals: vec![Value::Null; next_slot], matched: 0 };
                for (k, &n) in combo.rows.iter().enumerate() {
                    for &(from, to) in &copy[k] {
                        row.vals[to] = r.get(&results[k].rows[n], from);
                    }
                }
                row
            })
            .collect();
        Ok(Table { cols, rows, aggregated: true })
    }
}

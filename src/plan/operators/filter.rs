//! `filter field[, field] in (child query)`: keeps the rows of an aggregated table whose values of
//! the fields are among the rows the child query makes from that same table. Everything about
//! the operator, its runtime included, is in this file.
//!
//! Sumo Logic's documentation (the `filter` operator page) gives the syntax, that it must follow
//! an aggregation, that the child query reads no data of its own (it runs over the table so far)
//! and may not hold `compare` or `filter`. It is not `where` on aggregated rows: the condition is
//! a query. Choices where the docs are silent:
//! - the fields may be separated by spaces or commas;
//! - values compare as text (`200` matches `"200"`), as `fillmissing`'s keys do; a null value
//!   never matches, so a row with a null key is dropped;
//! - a field the child's result has no column for matches nothing (warning `W204`);
//! - a child query that changes the table's values (`eval`, `as`) filters on its changed values;
//!   the parent's rows are kept unchanged.

use super::{node, Kind, Planner, Range, Registry, Spec, Strings};
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::exec::warning::FILTER_NO_COLUMN;
use crate::fields::FieldId;
use crate::ops::{Step, TableOp};
use crate::syntax::ast::{Name, Stage};
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;
use std::collections::HashSet;

pub static SPEC: Spec = Spec {
    name: "filter",
    words: &["filter"],
    common: &[],
    keywords: &["in"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Sometimes,
    usage: "filter field[, field] in (child query)",
    doc: "After an aggregation, keeps the rows whose fields' values are among the rows a child query makes from the same table.",
    examples: &[
        r#"* | json "eventName" | count by eventName | filter eventName in (sort by _count | limit 2)"#,
        r#"* | json "eventSource", "eventName" | count by eventSource, eventName | filter eventSource in (sum(_count) by eventSource | where _sum > 2)"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Filter {
    fields: Vec<Name>,
    child: Vec<Stage>,
}

impl Node for Filter {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.fields, out);
        out.extend(names::names(&self.child));
    }
    fn range_dependent(&self) -> bool {
        self.child.iter().any(|s| super::range_dependent(&*s.op))
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut fields = Vec::new();
    while !c.is_word("in") && !c.at_stage_end() {
        fields.push(c.expect_name("a field name")?);
        c.eat_sym(",");
    }
    if fields.is_empty() {
        return Err(c.unexpected("expected the fields to filter on, like `filter user in (...)`"));
    }
    if !c.eat_word("in") {
        return Err(c.unexpected("expected `in (child query)` after the fields"));
    }
    let open = c.expect_sym("(", "after `in`: write `in (child query)`")?;
    // The child query's tokens run to the matching `)`; it is parsed on its own cursor.
    let Some(toks) = super::child::tokens_to_close(c) else {
        return Err(Diagnostic::at("E136", open, "this `(` of `filter ... in (` is never closed")
            .hint("close the child query with `)`"));
    };
    let close = toks.last().map_or(open.clone(), |t| t.span.clone());
    if toks.len() == 1 {
        return Err(Diagnostic::at("E137", open.start..close.end, "the child query of `filter` is empty")
            .hint("write the query that picks the rows, like `in (sort by _count | limit 5)`"));
    }
    let child = crate::syntax::parse::pipeline(&mut Cursor { toks, i: 0, src: c.src.clone() }, &Registry)?;
    c.expect_stage_end("filter")?;
    Ok(Box::new(Filter { fields, child }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Filter { fields, child } = node(n);
    if !p.before.iter().any(|s| matches!(s, Step::Aggregate(_))) {
        return Err(Diagnostic::at("E222", p.span.clone(), "`filter` needs an aggregation before it")
            .hint("aggregate first, like `count by user | filter user in (...)`, or use `where`"));
    }
    if let Some(st) = child.iter().find(|s| matches!(s.op.operator(), "compare" | "logcompare" | "filter")) {
        return Err(Diagnostic::at(
            "E223",
            st.span.clone(),
            format!("`{}` cannot run inside `filter`'s child query", st.op.keyword()),
        ));
    }
    let keys = fields.iter().map(|f| (p.fields.id(&f.text), f.text.clone())).collect();
    let steps = super::steps(child, p.fields, p.lookups, p.subqueries)?;
    Ok(Step::Table(Box::new(FilterOp { keys, steps })))
}

/// The runtime step.
struct FilterOp {
    keys: Vec<(FieldId, String)>,
    steps: Vec<Step>,
}

impl TableOp for FilterOp {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let child = crate::ops::child::run(&self.steps, t.clone(), cx)?;
        let r = cx.env.reader;
        let mut present = true;
        for (id, name) in &self.keys {
            if child.col_index(*id).is_none() {
                present = false;
                cx.warn(FILTER_NO_COLUMN, format!("filter: the child query's result has no column `{name}`"));
            }
        }
        let key = |row: &crate::exec::row::Row| -> Option<Vec<String>> {
            self.keys
                .iter()
                .map(|(id, _)| Some(r.get(row, *id)).filter(|v| !v.is_null()).map(|v| v.as_text().into_owned()))
                .collect()
        };
        let wanted: HashSet<Vec<String>> =
            if present { child.rows.iter().filter_map(key).collect() } else { HashSet::new() };
        let mut t = t;
        t.rows.retain(|row| key(row).is_some_and(|k| wanted.contains(&k)));
        Ok(t)
    }
}

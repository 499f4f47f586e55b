//! `merge [field [takeFirst|takeLast|takeDistinct|join [with "sep"]] [as name], ...]`: the rows
//! reduced to one, field by field (inside `transactionize ... (merge ...)`, one per transaction).
//! Everything about the operator, its runtime included, is in this file.
//!
//! As Sumo Logic documents it: without fields it merges `_raw`, joined with new lines; a field
//! without a strategy is joined with new lines, as is `join` without `with`; `_messagetime` takes
//! only `takeFirst` or `takeLast` (`E240`); the row has a time, the earliest. Choices where the
//! docs are silent:
//! - "first", "last" and the order of joined values are by message time (oldest first), ties in
//!   the rows' order; rows without a time (after an aggregation) keep the table's order;
//! - null values are skipped by every strategy (`takeFirst` is the first value there is); a field
//!   with no value at all is null; `takeDistinct` joins the distinct values (as text) with new
//!   lines, in order of first appearance; `takeFirst`/`takeLast` keep the value's type;
//! - the row holds `_messagetime` (first, unless the fields name it) and the merged fields, in
//!   order, nothing else; it is a table row (like an aggregation's), not an event;
//! - two fields merged into the same name is an error (`E241`); an empty table merges to nothing.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::ops::{Step, TableOp};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use std::collections::HashSet;

pub static SPEC: Spec = Spec {
    name: "merge",
    words: &["merge"],
    common: &[],
    keywords: &["takefirst", "takelast", "takedistinct", "join", "with", "as"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: r#"merge [field [takeFirst | takeLast | takeDistinct | join with "sep"] [as name], ...]"#,
    doc: "Reduces the rows to one (one per transaction inside `transactionize`): each field's values joined (new lines unless `join with` says otherwise), distinct, first or last.",
    examples: &[
        r#"* | json "eventName" | where eventName = "ConsoleLogin" | merge"#,
        r#"* | json "eventName", "sourceIPAddress" | merge eventName join with ", ", sourceIPAddress takeDistinct as ips, _messagetime takeLast"#,
    ],
    parse,
    plan,
};

/// How one field's values become one value.
#[derive(Clone, Debug, PartialEq)]
enum Strategy {
    First,
    Last,
    Distinct,
    Join(String),
}

#[derive(Clone, Debug)]
struct Item {
    field: Name,
    strategy: Strategy,
    alias: Option<Name>,
}

#[derive(Clone, Debug)]
struct Merge {
    items: Vec<Item>,
}

impl Node for Merge {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        for it in &self.items {
            names::name(&it.field, out);
            names::opt(&it.alias, out);
        }
    }
    fn reads_raw(&self) -> bool {
        self.items.is_empty()
    }
    fn table_writes(&self) -> Vec<String> {
        let mut cols = vec!["_messagetime".to_string()];
        cols.extend(self.items.iter().map(|it| it.alias.as_ref().unwrap_or(&it.field).text.clone()));
        cols
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut items = Vec::new();
    while !c.at_stage_end() {
        let field = c.expect_name("a field to merge, like `merge eventName join with \", \"`")?;
        let strategy = if c.eat_word("takefirst") {
            Strategy::First
        } else if c.eat_word("takelast") {
            Strategy::Last
        } else if c.eat_word("takedistinct") {
            Strategy::Distinct
        } else if c.eat_word("join") {
            if c.eat_word("with") {
                Strategy::Join(c.expect_string("the separator in quotes, like `join with \", \"`")?.0)
            } else {
                Strategy::Join("\n".into())
            }
        } else {
            Strategy::Join("\n".into())
        };
        let alias = c.opt_alias()?;
        if field.text.eq_ignore_ascii_case("_messagetime") && !matches!(strategy, Strategy::First | Strategy::Last) {
            return Err(Diagnostic::at(
                "E240",
                field.span.clone(),
                "`_messagetime` can only be merged with `takeFirst` or `takeLast`",
            )
            .hint("write `_messagetime takeFirst` (the earliest time) or `_messagetime takeLast` (the latest)"));
        }
        items.push(Item { field, strategy, alias });
        if !c.eat_sym(",") {
            break;
        }
    }
    c.expect_stage_end("merge")?;
    let mut seen: Vec<String> = vec![];
    for it in &items {
        let out = it.alias.as_ref().unwrap_or(&it.field);
        let key = out.text.to_ascii_lowercase();
        if seen.contains(&key) {
            return Err(Diagnostic::at("E241", out.span.clone(), format!("`merge` writes `{}` twice", out.text))
                .hint("give one of them another name with `as`"));
        }
        seen.push(key);
    }
    Ok(Box::new(Merge { items }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Merge { items } = node(n);
    let time = p.fields.id("_messagetime");
    let mut fields: Vec<(FieldId, Strategy, FieldId, String)> = items
        .iter()
        .map(|it| {
            let out = it.alias.as_ref().unwrap_or(&it.field);
            (p.fields.id(&it.field.text), it.strategy.clone(), p.fields.id(&out.text), out.text.clone())
        })
        .collect();
    if fields.is_empty() {
        let raw = p.fields.id("_raw");
        fields.push((raw, Strategy::Join("\n".into()), raw, "_raw".into()));
    }
    if !fields.iter().any(|(_, _, out, _)| *out == time) {
        fields.insert(0, (time, Strategy::First, time, "_messagetime".into()));
    }
    Ok(Step::Table(Box::new(MergeOp { time, fields })))
}

/// The runtime step: (input field, strategy, output field, output name) per column.
pub(super) struct MergeOp {
    time: FieldId,
    fields: Vec<(FieldId, Strategy, FieldId, String)>,
}

impl TableOp for MergeOp {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let cols = self.fields.iter().map(|(_, _, id, name)| Col { id: *id, name: name.clone() }).collect();
        let mut out = Table { cols, rows: Vec::new(), aggregated: true };
        if t.rows.is_empty() {
            return Ok(out);
        }
        // Oldest first; a stable sort keeps ties (and rows without a time) in the table's order.
        let mut rows: Vec<&Row> = t.rows.iter().collect();
        rows.sort_by_key(|row| {
            let t = r.get(row, self.time).as_num();
            (t.is_none(), t.map(|t| t as i64))
        });
        let mut row = Row::default();
        for (id, strategy, out_id, _) in &self.fields {
            let mut vals = rows.iter().map(|row| r.get(row, *id)).filter(|v| !v.is_null());
            let v = match strategy {
                Strategy::First => vals.next(),
                Strategy::Last => vals.next_back(),
                Strategy::Distinct => {
                    let mut seen = HashSet::new();
                    let distinct: Vec<String> =
                        vals.map(|v| v.as_text().into_owned()).filter(|s| seen.insert(s.clone())).collect();
                    (!distinct.is_empty()).then(|| Value::str(&distinct.join("\n")))
                }
                Strategy::Join(sep) => {
                    let texts: Vec<String> = vals.map(|v| v.as_text().into_owned()).collect();
                    (!texts.is_empty()).then(|| Value::str(&texts.join(sep)))
                }
            };
            row.set(*out_id, v.unwrap_or(Value::Null));
        }
        out.rows.push(row);
        Ok(out)
    }
}

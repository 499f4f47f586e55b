//! `diff field [as name] [by g, ...]`: each row's value minus the previous row's, in the row
//! order the query has (per group with `by`). Everything about the operator, its runtime
//! included, is in this file.
//!
//! As Sumo Logic documents it: the default name is `_diff`; diff does not sort; the first row
//! (of each group) has no diff (null); a row whose field is not a number is removed from the
//! results, and the next row's diff is taken from the numeric row before it; grouping does not
//! change the rows' order. Choices where the docs are silent: text that reads as a number
//! (`"2500"`) is a number, as in arithmetic; an infinite or NaN value is not a number.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::ops::{Step, TableOp};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use std::collections::HashMap;

pub static SPEC: Spec = Spec {
    name: "diff",
    words: &["diff"],
    common: &[],
    keywords: &["as", "by"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "diff field [as name] [by group, ...]",
    doc: "Adds `_diff`: the field's value minus the previous row's (per group), in the current row order; rows without a number are removed.",
    examples: &[
        r#"* | timeslice 1h | count by _timeslice | sort by _timeslice asc | diff _count as change"#,
        r#"* | json "eventName", "additionalEventData.bytesTransferredOut" as name, bytes | diff bytes by name"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Diff {
    field: Name,
    alias: Option<Name>,
    by: Vec<Name>,
}

impl Node for Diff {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
        names::opt(&self.alias, out);
        names::all(&self.by, out);
    }
    fn table_writes(&self) -> Vec<String> {
        vec![self.alias.as_ref().map_or("_diff".to_string(), |a| a.text.clone())]
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let field = c.expect_name("the numeric field to take differences of, like `diff bytes`")?;
    let alias = c.opt_alias()?;
    let by = c.opt_by("a field to group by")?;
    c.expect_stage_end("diff")?;
    Ok(Box::new(Diff { field, alias, by }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Diff { field, alias, by } = node(n);
    let name = alias.as_ref().map_or("_diff".to_string(), |a| a.text.clone());
    Ok(Step::Table(Box::new(DiffOp { field: p.fields.id(&field.text), by: p.ids(by), out: p.fields.id(&name), name })))
}

/// The runtime step.
struct DiffOp {
    field: FieldId,
    by: Vec<FieldId>,
    out: FieldId,
    name: String,
}

impl TableOp for DiffOp {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let mut previous: HashMap<Vec<Value>, f64> = HashMap::new();
        let mut rows = Vec::with_capacity(t.rows.len());
        for mut row in std::mem::take(&mut t.rows) {
            let Some(x) = r.get(&row, self.field).as_num().filter(|x| x.is_finite()) else { continue };
            let key: Vec<Value> = self.by.iter().map(|id| r.get(&row, *id)).collect();
            let d = previous.insert(key, x).map_or(Value::Null, |before| Value::Num(x - before));
            row.set(self.out, d);
            rows.push(row);
        }
        t.rows = rows;
        t.add_col(self.out, &self.name);
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::{Reader, Row};
    use crate::exec::table::{Col, QueryResult};
    use crate::fields::Fields;

    #[test]
    fn differences_in_row_order_per_group_skipping_non_numbers() {
        let mut f = Fields::default();
        let (g, x, out) = (f.id("g"), f.id("x"), f.id("_diff"));
        let data = [
            ("a", Value::Num(1.0)),
            ("b", Value::Num(10.0)),
            ("a", Value::str("n/a")),
            ("a", Value::str("4.5")),
            ("b", Value::Null),
            ("b", Value::Num(7.0)),
        ];
        let rows = data
            .into_iter()
            .map(|(k, v)| Row { event: None, vals: vec![Value::str(k), v, Value::Null], matched: 0 })
            .collect();
        let cols = vec![Col { id: g, name: "g".into() }, Col { id: x, name: "x".into() }];
        let t = Table { cols, rows, aggregated: true };
        let (store, ctx, lookups) =
            (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: &f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let op = DiffOp { field: x, by: vec![g], out, name: "_diff".into() };
        let q = QueryResult::from_table(&op.apply(t, &mut cx).unwrap(), &reader);
        assert_eq!(q.columns, ["g", "x", "_diff"]);
        let got: Vec<Vec<String>> =
            q.rows.iter().map(|r| r.iter().map(|v| v.as_text().into_owned()).collect()).collect();
        assert_eq!(got, [["a", "1", ""], ["b", "10", ""], ["a", "4.5", "3.5"], ["b", "7", "-3"]]);
    }
}

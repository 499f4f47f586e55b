//! `transpose row r column c [as a, b, *]`: one output row per row key, one column per distinct
//! value of the column fields, each cell the remaining (aggregate) field.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::{BTreeSet, HashMap};

/// Sumo Logic's cap on the columns transpose creates.
pub const MAX_COLUMNS: usize = 300;

pub struct Transpose {
    pub row: Vec<(FieldId, String)>,
    pub column: Vec<FieldId>,
    /// The `as` list: `Some` is a column named in the query, `None` is `*` (every other value,
    /// alphabetically). Empty means `*` alone.
    pub names: Vec<Option<(FieldId, String)>>,
}

impl TableOp for Transpose {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let values: Vec<&Col> = t
            .cols
            .iter()
            .filter(|c| !self.row.iter().any(|(id, _)| *id == c.id) && !self.column.contains(&c.id))
            .collect();
        if values.is_empty() {
            cx.warn(
                crate::exec::warning::TRANSPOSE_NO_VALUE,
                "transpose: no field is left to fill the cells (expected an aggregate such as _count)",
            );
        }
        // Output rows in order of first appearance, like the aggregation that made the input.
        let mut index: HashMap<Vec<Value>, usize> = HashMap::new();
        let mut groups: Vec<(Vec<Value>, HashMap<String, Value>)> = Vec::new();
        let mut distinct: BTreeSet<String> = BTreeSet::new();
        for row in &t.rows {
            let key: Vec<Value> = self.row.iter().map(|(id, _)| r.get(row, *id)).collect();
            let g = *index.entry(key.clone()).or_insert_with(|| {
                groups.push((key, HashMap::new()));
                groups.len() - 1
            });
            let parts: Vec<Value> = self.column.iter().map(|id| r.get(row, *id)).collect();
            if parts.iter().all(Value::is_null) {
                continue; // no name to give the cell: the row still appears, with null cells
            }
            let base = parts.iter().map(|v| v.as_text().into_owned()).collect::<Vec<_>>().join("_");
            for c in &values {
                let v = r.get(row, c.id);
                if v.is_null() {
                    continue;
                }
                // Several leftover fields (count and sum, say) get one column each.
                let name = if values.len() == 1 { base.clone() } else { format!("{base}_{}", c.name) };
                distinct.insert(name.clone());
                groups[g].1.entry(name).or_insert(v); // a repeated (row, column) keeps the first
            }
        }
        let named: Vec<&(FieldId, String)> = self.names.iter().flatten().collect();
        let star = self.names.is_empty() || self.names.iter().any(Option::is_none);
        // Values are data, so a named column matches its value the way field names match: without case.
        let named_id = |n: &str| named.iter().find(|(_, m)| m.eq_ignore_ascii_case(n)).map(|(id, _)| *id);
        let mut dynamic: Vec<&String> =
            if star { distinct.iter().filter(|n| named_id(n).is_none()).collect() } else { Vec::new() };
        let room = MAX_COLUMNS.saturating_sub(named.len());
        if dynamic.len() > room {
            cx.warn(
                crate::exec::warning::TRANSPOSE_CAPPED,
                format!(
                    "transpose: {} columns would be created; only the first {MAX_COLUMNS} are kept",
                    dynamic.len() + named.len()
                ),
            );
            dynamic.truncate(room);
        }
        let mut cols: Vec<Col> = self
            .row
            .iter()
            .map(|(id, n)| Col {
                id: *id,
                name: t.cols.iter().find(|c| c.id == *id).map_or(n.clone(), |c| c.name.clone()),
            })
            .collect();
        let mut slot: HashMap<&str, FieldId> =
            distinct.iter().filter_map(|n| named_id(n).map(|id| (n.as_str(), id))).collect();
        // Columns that come from data have no name at plan time, so they get slots past the plan's
        // fields: `Row::set` grows rows to fit and `Reader::get` reads any slot. No later stage can
        // refer to them (their names were unknown when it was planned); as in Sumo Logic, naming
        // them with `as` is how a later stage gets to use them.
        let mut next = r.fields.len();
        let layout: Vec<Option<&(FieldId, String)>> =
            if self.names.is_empty() { vec![None] } else { self.names.iter().map(Option::as_ref).collect() };
        for entry in layout {
            match entry {
                Some((id, name)) => cols.push(Col { id: *id, name: name.clone() }),
                None => {
                    for n in &dynamic {
                        slot.insert(n.as_str(), next);
                        cols.push(Col { id: next, name: (*n).clone() });
                        next += 1;
                    }
                }
            }
        }
        let nfields = r.fields.len();
        let rows = groups
            .into_iter()
            .map(|(key, cells)| {
                let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
                for ((id, _), v) in self.row.iter().zip(key) {
                    row.set(*id, v);
                }
                for (name, v) in cells {
                    if let Some(&id) = slot.get(name.as_str()) {
                        row.set(id, v);
                    }
                }
                row
            })
            .collect();
        Ok(Table { cols, rows, aggregated: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::Reader;
    use crate::exec::table::QueryResult;
    use crate::fields::Fields;

    fn run(op: &Transpose, f: &Fields, t: Table) -> QueryResult {
        let (store, ctx, lookups) =
            (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let out = op.apply(t, &mut cx).unwrap();
        let mut q = QueryResult::from_table(&out, &reader);
        q.warnings = crate::exec::warning::collect(cx.warnings);
        q
    }

    /// `count by _timeslice, user` output.
    fn input(f: &mut Fields) -> Table {
        let (ts, user, count) = (f.id("_timeslice"), f.id("user"), f.id("_count"));
        let data: &[(f64, &str, f64)] =
            &[(0.0, "bob", 2.0), (0.0, "alice", 3.0), (60.0, "carol", 1.0), (60.0, "bob", 4.0)];
        let rows = data
            .iter()
            .map(|(t, u, c)| Row { event: None, vals: vec![Value::Num(*t), Value::str(u), Value::Num(*c)], matched: 0 })
            .collect();
        let cols = vec![
            Col { id: ts, name: "_timeslice".into() },
            Col { id: user, name: "user".into() },
            Col { id: count, name: "_count".into() },
        ];
        Table { cols, rows, aggregated: true }
    }

    #[test]
    fn pivots_alphabetically_with_null_cells() {
        let mut f = Fields::default();
        let t = input(&mut f);
        let op = Transpose {
            row: vec![(f.id("_timeslice"), "_timeslice".into())],
            column: vec![f.id("user")],
            names: vec![],
        };
        let q = run(&op, &f, t);
        assert_eq!(q.columns, ["_timeslice", "alice", "bob", "carol"]);
        let n = |x: f64| Value::Num(x);
        assert_eq!(q.rows, vec![vec![n(0.0), n(3.0), n(2.0), Value::Null], vec![n(60.0), Value::Null, n(4.0), n(1.0)]]);
    }

    #[test]
    fn named_columns_come_first_then_the_rest() {
        let mut f = Fields::default();
        let t = input(&mut f);
        let carol = f.id("carol");
        let op = Transpose {
            row: vec![(f.id("_timeslice"), "_timeslice".into())],
            column: vec![f.id("user")],
            names: vec![Some((carol, "carol".into())), None],
        };
        let q = run(&op, &f, t);
        assert_eq!(q.columns, ["_timeslice", "carol", "alice", "bob"]);
        assert_eq!(q.rows[1], vec![Value::Num(60.0), Value::Num(1.0), Value::Null, Value::Num(4.0)]);
        // Without `*`, only the named columns appear.
        let t = input(&mut f);
        let op = Transpose {
            row: vec![(f.id("_timeslice"), "_timeslice".into())],
            column: vec![f.id("user")],
            names: vec![Some((carol, "carol".into()))],
        };
        assert_eq!(run(&op, &f, t).columns, ["_timeslice", "carol"]);
    }

    #[test]
    fn caps_dynamic_columns_with_a_warning() {
        let mut f = Fields::default();
        let (ts, user, count) = (f.id("_timeslice"), f.id("user"), f.id("_count"));
        let rows = (0..305)
            .map(|i| Row {
                event: None,
                vals: vec![Value::Num(0.0), Value::from(format!("u{i:03}")), Value::Num(1.0)],
                matched: 0,
            })
            .collect();
        let cols = vec![
            Col { id: ts, name: "_timeslice".into() },
            Col { id: user, name: "user".into() },
            Col { id: count, name: "_count".into() },
        ];
        let op = Transpose { row: vec![(ts, "_timeslice".into())], column: vec![user], names: vec![] };
        let q = run(&op, &f, Table { cols, rows, aggregated: true });
        assert_eq!(q.columns.len(), 1 + MAX_COLUMNS);
        assert_eq!(q.columns.last().unwrap(), "u299");
        assert_eq!(q.warnings.len(), 1);
        assert_eq!(q.warnings[0].code, crate::exec::warning::TRANSPOSE_CAPPED);
    }
}

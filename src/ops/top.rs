//! `top N f by x` and `topk(N, f) by g`.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::HashMap;

/// `top N fields [by x [asc|desc], ...]`: with `by`, the N rows first in that order (each key
/// descending unless `asc`); without, the N most frequent value combinations with their `_count`.
pub struct Top {
    pub n: usize,
    pub fields: Vec<(FieldId, String)>,
    /// The keys to rank by, each with `true` for descending.
    pub by: Vec<(FieldId, String, bool)>,
    pub count: FieldId,
}

impl TableOp for Top {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        if !self.by.is_empty() {
            // A stable sort: rows equal on every key keep their order.
            t.rows.sort_by(|a, b| {
                self.by.iter().fold(std::cmp::Ordering::Equal, |o, (id, _, desc)| {
                    o.then_with(|| {
                        let (x, y) = (r.get(a, *id), r.get(b, *id));
                        if *desc {
                            y.sort_cmp(&x)
                        } else {
                            x.sort_cmp(&y)
                        }
                    })
                })
            });
            t.rows.truncate(self.n);
            let mut cols: Vec<Col> = self.fields.iter().map(|(id, n)| Col { id: *id, name: n.clone() }).collect();
            for (id, name, _) in &self.by {
                if !cols.iter().any(|c| c.id == *id) {
                    cols.push(Col { id: *id, name: name.clone() });
                }
            }
            return Ok(Table { cols, rows: t.rows, aggregated: true });
        }
        let mut counts: HashMap<Vec<Value>, (usize, u64)> = HashMap::new();
        for (i, row) in t.rows.iter().enumerate() {
            let key: Vec<Value> = self.fields.iter().map(|(id, _)| r.get(row, *id)).collect();
            counts.entry(key).or_insert((i, 0)).1 += 1;
        }
        let mut groups: Vec<(Vec<Value>, (usize, u64))> = counts.into_iter().collect();
        groups.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.1 .0.cmp(&b.1 .0)));
        groups.truncate(self.n);
        let nfields = r.fields.len();
        let rows = groups
            .into_iter()
            .map(|(key, (_, c))| {
                let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
                for ((id, _), v) in self.fields.iter().zip(key) {
                    row.vals[*id] = v;
                }
                row.vals[self.count] = Value::Num(c as f64);
                row
            })
            .collect();
        let mut cols: Vec<Col> = self.fields.iter().map(|(id, n)| Col { id: *id, name: n.clone() }).collect();
        cols.push(Col { id: self.count, name: "_count".into() });
        Ok(Table { cols, rows, aggregated: true })
    }
}

/// `topk(N, f) by g`: the N rows with the largest f in each group, with `_rank`.
pub struct Topk {
    pub n: usize,
    pub field: FieldId,
    pub by: Vec<FieldId>,
    pub rank: FieldId,
}

impl TableOp for Topk {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        t.rows.sort_by(|a, b| r.get(b, self.field).sort_cmp(&r.get(a, self.field)));
        let mut seen: HashMap<Vec<Value>, usize> = HashMap::new();
        let mut kept = Vec::new();
        for mut row in t.rows {
            let key: Vec<Value> = self.by.iter().map(|id| r.get(&row, *id)).collect();
            let rank = seen.entry(key).or_insert(0);
            *rank += 1;
            if *rank <= self.n {
                row.set(self.rank, Value::Num(*rank as f64));
                kept.push(row);
            }
        }
        t.rows = kept;
        t.add_col(self.rank, "_rank");
        Ok(t)
    }
}

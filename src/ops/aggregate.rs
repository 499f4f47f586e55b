//! `count`, `sum(x)`, ... `by g1, g2`: groups rows and folds each group into aggregate states.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::agg_state::{AggFn, State};
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;
use crate::value::Value;
use rustc_hash::FxHashMap as HashMap;

pub struct Spec {
    pub f: AggFn,
    pub arg: Option<CExpr>,
    /// One output per percentile for `pct(x, 50, 95)`; one otherwise. (percentile, field, name)
    pub outs: Vec<(f64, FieldId, String)>,
}

pub struct Aggregate {
    pub by: Vec<(FieldId, String)>,
    pub specs: Vec<Spec>,
    /// `count_frequent`: the result comes sorted by count, largest first.
    pub frequent: bool,
}

/// Groups in order of first appearance, so results are deterministic before any `sort`.
#[derive(Default)]
pub struct Groups {
    index: HashMap<Vec<Value>, usize>,
    groups: Vec<(Vec<Value>, Vec<State>)>,
    key: Vec<Value>,
}

impl Groups {
    pub fn len(&self) -> usize {
        self.groups.len()
    }

    pub fn is_empty(&self) -> bool {
        self.groups.is_empty()
    }
}

impl Aggregate {
    pub fn feed(&self, g: &mut Groups, row: &Row, cx: &mut Cx) {
        g.key.clear();
        for (id, _) in &self.by {
            g.key.push(cx.env.reader.get(row, *id));
        }
        let i = match g.index.get(g.key.as_slice()) {
            Some(&i) => i,
            None => {
                let states = self.specs.iter().map(|s| s.f.init()).collect();
                g.groups.push((g.key.clone(), states));
                g.index.insert(g.key.clone(), g.groups.len() - 1);
                g.groups.len() - 1
            }
        };
        for (spec, state) in self.specs.iter().zip(g.groups[i].1.iter_mut()) {
            let v = match &spec.arg {
                None => Value::Null,
                Some(e) => match e.eval(row, &cx.env) {
                    Ok(v) => v,
                    Err(_) => Value::Null,
                },
            };
            state.update(spec.f, &v);
        }
    }

    /// Folds `other` (a later part of the stream) into `g`.
    pub fn merge(&self, g: &mut Groups, other: Groups) {
        for (key, states) in other.groups {
            match g.index.get(&key) {
                Some(&i) => {
                    for ((spec, s), o) in self.specs.iter().zip(g.groups[i].1.iter_mut()).zip(states) {
                        s.merge(spec.f, o);
                    }
                }
                None => {
                    g.index.insert(key.clone(), g.groups.len());
                    g.groups.push((key, states));
                }
            }
        }
    }

    pub fn finish(&self, mut g: Groups, nfields: usize) -> Table {
        let mut cols: Vec<Col> = self.by.iter().map(|(id, n)| Col { id: *id, name: n.clone() }).collect();
        for s in &self.specs {
            cols.extend(s.outs.iter().map(|(_, id, n)| Col { id: *id, name: n.clone() }));
        }
        if g.groups.is_empty() && self.by.is_empty() {
            // An aggregate over nothing still answers: `count` is 0.
            g.groups.push((Vec::new(), self.specs.iter().map(|s| s.f.init()).collect()));
        }
        let mut rows = Vec::with_capacity(g.groups.len());
        for (key, mut states) in g.groups {
            let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
            for ((id, _), v) in self.by.iter().zip(key) {
                row.vals[*id] = v;
            }
            for (spec, state) in self.specs.iter().zip(states.iter_mut()) {
                for (p, id, _) in &spec.outs {
                    row.vals[*id] = state.finish(spec.f, *p);
                }
            }
            rows.push(row);
        }
        if self.frequent {
            let id = self.specs[0].outs[0].1;
            rows.sort_by(|a, b| b.vals[id].sort_cmp(&a.vals[id]));
            rows.truncate(10_000);
        }
        Table { cols, rows, aggregated: true }
    }
}

/// An aggregation after another one (e.g. `count by a, b | sum(_count) by a`): runs on the table.
impl TableOp for Aggregate {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let mut g = Groups::default();
        for row in &t.rows {
            self.feed(&mut g, row, cx);
        }
        let n = cx.env.reader.fields.len();
        Ok(self.finish(g, n))
    }
}

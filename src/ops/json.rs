//! `json [field=f] "path", ... [as a, ...] [nodrop]` and `json auto`: values by path, no tree built.

use super::{Chain, Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::json::{extract, parse_path, Seg};
use crate::value::Value;

pub struct Json {
    pub field: FieldId,
    /// Each path with the field it fills and the name shown for it.
    pub paths: Vec<(Vec<Seg>, FieldId, String)>,
    /// `json auto`: top-level keys fill the fields of the same name (the query's fields).
    pub auto: Vec<(FieldId, String)>,
    pub chain: Chain,
    /// For each path, its hot column when the stage reads `_raw` (see `store::hot`).
    pub hot: Vec<Option<usize>>,
}

impl RowOp for Json {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        if let Some(flow) = self.read_hot_columns(row, cx) {
            return flow;
        }
        let Some(doc) = cx.env.reader.text(row, self.field) else {
            for (_, id, _) in &self.paths {
                row.set(*id, Value::Null);
            }
            return self.chain.outcome(row, false);
        };
        let mut all = true;
        let mut found = Vec::with_capacity(self.paths.len());
        for (path, id, _) in &self.paths {
            let v = extract(&doc, path);
            all &= v.is_some();
            found.push((*id, v.unwrap_or(Value::Null)));
        }
        for (id, name) in &self.auto {
            if let Ok(path) = parse_path(name) {
                if let Some(v) = extract(&doc, &path) {
                    found.push((*id, v));
                }
            }
        }
        drop(doc);
        for (id, v) in found {
            row.set(id, v);
        }
        // Without nodrop a row must have every listed key (reference §5, recommendation).
        self.chain.outcome(row, all)
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.paths.iter().map(|(_, id, n)| (*id, n.clone())).collect()
    }

    fn hot_paths(&self) -> Option<(Vec<(usize, FieldId)>, bool)> {
        if self.hot.is_empty() || !self.auto.is_empty() || self.chain.chain != 0 {
            return None;
        }
        let cols = self
            .paths
            .iter()
            .zip(&self.hot)
            .map(|((_, id, _), col)| Some(((*col)?, *id)))
            .collect::<Option<Vec<_>>>()?;
        Some((cols, self.chain.nodrop))
    }
}

impl Json {
    /// Reads every path from the store's hot columns when it can (an event's own `_raw`, all
    /// paths hot, columns built); `None` sends the row to the scanner.
    fn read_hot_columns(&self, row: &mut Row, cx: &mut Cx) -> Option<Flow> {
        let ev = row.event? as usize;
        if self.hot.is_empty() || !self.auto.is_empty() || !row.vals.get(self.field).is_none_or(Value::is_null) {
            return None;
        }
        let cols = cx.env.reader.store.hot()?;
        let mut all = true;
        for ((_, id, _), col) in self.paths.iter().zip(&self.hot) {
            let v = cols.get((*col)?, ev);
            all &= v.is_some();
            row.set(*id, v.unwrap_or(Value::Null));
        }
        Some(self.chain.outcome(row, all))
    }
}

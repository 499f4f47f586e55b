//! `json [field=f] "path", ... [as a, ...] [nodrop]` and `json auto`: values by path, no tree built.

use super::{Chain, Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::value::Value;
use crate::json::{extract, parse_path, Seg};
use crate::plan::fields::FieldId;

pub struct Json {
    pub field: FieldId,
    /// Each path with the field it fills and the name shown for it.
    pub paths: Vec<(Vec<Seg>, FieldId, String)>,
    /// `json auto`: top-level keys fill the fields of the same name (the query's fields).
    pub auto: Vec<(FieldId, String)>,
    pub chain: Chain,
}

impl RowOp for Json {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
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
}

//! `fields a, b` keeps (and orders) columns, letting `_` fields through; `fields - a` removes.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::{Col, Table};
use crate::fields::FieldId;

pub struct Fields {
    pub drop: bool,
    pub ids: Vec<(FieldId, String)>,
}

impl TableOp for Fields {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        // Removed fields are gone for later stages too, not only hidden from the output.
        if self.drop {
            t.cols.retain(|c| !self.ids.iter().any(|(id, _)| *id == c.id));
            for row in &mut t.rows {
                for (id, _) in &self.ids {
                    row.set(*id, crate::value::Value::Null);
                }
            }
            return Ok(t);
        }
        let mut cols: Vec<Col> = Vec::new();
        for (id, name) in &self.ids {
            let name = t.cols.iter().find(|c| c.id == *id).map_or(name.clone(), |c| c.name.clone());
            cols.push(Col { id: *id, name });
        }
        for c in &t.cols {
            if c.name.starts_with('_') && !cols.iter().any(|k| k.id == c.id) {
                cols.push(c.clone());
            }
        }
        t.cols = cols;
        let keep: Vec<bool> = (0..cx.env.reader.fields.len())
            .map(|id| self.ids.iter().any(|(k, _)| *k == id) || cx.env.reader.fields.name(id).starts_with('_'))
            .collect();
        for row in &mut t.rows {
            for (id, v) in row.vals.iter_mut().enumerate() {
                if !keep.get(id).copied().unwrap_or(true) {
                    *v = crate::value::Value::Null;
                }
            }
        }
        Ok(t)
    }
}

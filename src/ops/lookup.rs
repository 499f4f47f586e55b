//! `lookup cols from geo://location | asn://default | table on key = expr`: adds columns;
//! no match gives null fields and keeps the row.

use super::{Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::lookup::CsvTable;
use crate::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

pub enum Source {
    Geo,
    Asn,
    Table { table: Arc<CsvTable>, index: HashMap<String, usize> },
}

pub struct Lookup {
    pub source: Source,
    pub keys: Vec<CExpr>,
    /// (column index in the source, field, name shown).
    pub outs: Vec<(usize, FieldId, String)>,
}

impl RowOp for Lookup {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let mut keys = Vec::with_capacity(self.keys.len());
        for k in &self.keys {
            match k.eval(row, &cx.env) {
                Ok(v) => keys.push(v),
                Err(e) => match cx.absorb(e) {
                    Some(v) => keys.push(v),
                    None => return Flow::Drop,
                },
            }
        }
        let cols: Vec<usize> = self.outs.iter().map(|o| o.0).collect();
        let found = match &self.source {
            Source::Geo | Source::Asn => {
                let table = if matches!(self.source, Source::Geo) { &cx.lookups.geo } else { &cx.lookups.asn };
                match table {
                    Some(t) => t.lookup(keys[0].as_text().trim(), &cols),
                    None => {
                        cx.warn(
                            crate::exec::warning::NO_GEO_TABLE,
                            "no geo/ASN table is loaded: lookup fields are null",
                        );
                        None
                    }
                }
            }
            Source::Table { table, index } => {
                let k: Vec<String> = keys.iter().map(|v| v.as_text().into_owned()).collect();
                index.get(&k.join("\u{1}").to_lowercase()).map(|r| cols.iter().map(|c| table.value(*r, *c)).collect())
            }
        };
        match found {
            Some(vals) => {
                for ((_, id, _), v) in self.outs.iter().zip(vals) {
                    row.set(*id, v);
                }
            }
            None => {
                for (_, id, _) in &self.outs {
                    row.set(*id, Value::Null);
                }
            }
        }
        Flow::Keep
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.outs.iter().map(|(_, id, n)| (*id, n.clone())).collect()
    }
}

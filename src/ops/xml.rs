//! `parse xml [field=f] "/a/b/text()", ... [as x, ...] [nodrop]`: values by XPath (the subset
//! in `ops::xpath`), each row's XML parsed once for all its paths.

use super::xpath::XPath;
use super::{Chain, Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::value::Value;

pub struct Xml {
    pub field: FieldId,
    /// Each path with the field it fills and the name shown for it.
    pub paths: Vec<(XPath, FieldId, String)>,
    pub chain: Chain,
}

impl RowOp for Xml {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let text = cx.env.reader.text(row, self.field);
        let doc = text.as_deref().and_then(|t| roxmltree::Document::parse(t).ok());
        let found: Vec<Option<String>> = match (&doc, text.as_deref()) {
            (Some(doc), Some(t)) => self.paths.iter().map(|(p, _, _)| p.eval_doc(doc, t)).collect(),
            _ => vec![None; self.paths.len()],
        };
        drop(doc);
        drop(text);
        // As `json`: without nodrop a row must answer every path.
        let all = found.iter().all(Option::is_some);
        for ((_, id, _), v) in self.paths.iter().zip(found) {
            row.set(*id, v.map_or(Value::Null, |s| Value::str(&s)));
        }
        self.chain.outcome(row, all)
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.paths.iter().map(|(_, id, n)| (*id, n.clone())).collect()
    }
}

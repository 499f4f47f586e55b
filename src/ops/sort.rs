//! `sort by a, b asc`: descending unless told otherwise; numbers by value, text by bytes.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::table::Table;
use crate::value::Value;

pub struct Sort {
    pub keys: Vec<(CExpr, bool)>,
}

impl TableOp for Sort {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let keyed: Vec<Vec<Value>> = t
            .rows
            .iter()
            .map(|r| self.keys.iter().map(|(e, _)| e.eval(r, &cx.env).unwrap_or(Value::Null)).collect())
            .collect();
        let mut order: Vec<usize> = (0..t.rows.len()).collect();
        order.sort_by(|&a, &b| {
            for (k, (_, desc)) in self.keys.iter().enumerate() {
                let o = keyed[a][k].sort_cmp(&keyed[b][k]);
                let o = if *desc { o.reverse() } else { o };
                if o.is_ne() {
                    return o;
                }
            }
            std::cmp::Ordering::Equal
        });
        let mut rows: Vec<Option<_>> = t.rows.into_iter().map(Some).collect();
        t.rows = order.into_iter().map(|i| rows[i].take().unwrap()).collect();
        Ok(t)
    }
}

//! `limit N` / `head N`: the first N rows in the current order.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;

pub struct Limit(pub usize);

impl TableOp for Limit {
    fn apply(&self, mut t: Table, _cx: &mut Cx) -> Result<Table, Diagnostic> {
        t.rows.truncate(self.0);
        Ok(t)
    }
}

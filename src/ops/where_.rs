//! `where cond`: keeps rows whose condition is true (null and non-boolean results drop the row).

use super::{Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::row::Row;

pub struct Where(pub CExpr);

impl RowOp for Where {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        match self.0.test(row, &cx.env) {
            Ok(true) => Flow::Keep,
            Ok(false) => Flow::Drop,
            Err(e) => match cx.absorb(e) {
                Ok(_) | Err(()) => Flow::Drop,
            },
        }
    }
}

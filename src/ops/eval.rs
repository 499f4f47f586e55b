//! `expr as field` (and `if(...) as f`, `num(x)` in place): sets a field from an expression.

use super::{Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::row::Row;
use crate::fields::FieldId;

pub struct Eval {
    pub expr: CExpr,
    pub out: FieldId,
    pub name: String,
}

impl RowOp for Eval {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        match self.expr.eval(row, &cx.env) {
            Ok(v) => row.set(self.out, v),
            Err(e) => match cx.absorb(e) {
                Some(v) => row.set(self.out, v),
                None => return Flow::Drop,
            },
        }
        Flow::Keep
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        vec![(self.out, self.name.clone())]
    }
}

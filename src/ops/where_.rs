//! `where cond`: keeps rows whose condition is true (null and non-boolean results drop the row).

use super::{Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::expr::CExpr;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::value::Value;

pub struct Where(pub CExpr);

impl RowOp for Where {
    fn text_filter(&self) -> Option<(FieldId, &str, bool)> {
        use crate::syntax::ast::BinOp;
        let CExpr::Bin(op @ (BinOp::Eq | BinOp::Ne), l, r) = &self.0 else { return None };
        let ((CExpr::Field(id), CExpr::Lit(Value::Str(text))) | (CExpr::Lit(Value::Str(text)), CExpr::Field(id))) =
            (&**l, &**r)
        else {
            return None;
        };
        // A number compares as a number (`"10" = 10.0`): only plain text takes this path.
        (crate::value::parse_num(text).is_none()).then_some((*id, text.as_str(), *op == BinOp::Eq))
    }

    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        match self.0.test(row, &cx.env) {
            Ok(true) => Flow::Keep,
            Ok(false) => Flow::Drop,
            Err(e) => {
                cx.absorb(e);
                Flow::Drop
            }
        }
    }
}

//! `withtime f`: pairs a value with its message time (`f_withtime`) for most_recent / least_recent.

use super::{Flow, RowOp};
use crate::exec::agg_state::SEP;
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::value::Value;

pub struct Withtime {
    pub field: FieldId,
    pub out: FieldId,
    pub name: String,
}

impl RowOp for Withtime {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let v = cx.env.reader.get(row, self.field);
        let t = cx.env.reader.time(row).unwrap_or(0);
        row.set(self.out, if v.is_null() { Value::Null } else { Value::from(format!("{t}{SEP}{v}")) });
        Flow::Keep
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        vec![(self.out, self.name.clone())]
    }
}

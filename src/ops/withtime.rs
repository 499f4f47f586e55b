//! `withtime f`: pairs a value with its message time (`f_withtime`) for most_recent / least_recent.

use super::{Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::value::Value;
use crate::plan::fields::FieldId;

pub struct Withtime {
    pub field: FieldId,
    pub out: FieldId,
    pub name: String,
}

/// The pair is stored as text `time\u{1}value`, which aggregation splits again.
pub const SEP: char = '\u{1}';

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

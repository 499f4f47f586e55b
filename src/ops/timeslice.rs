//! `timeslice 1h` / `timeslice 10 buckets`: `_timeslice` = start of the message's bucket (epoch ms,
//! aligned to UTC), plus `__timeslice_end`.

use super::{Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::value::Value;

pub struct Timeslice {
    /// Fixed width in ms, or `None` with `buckets` set (width chosen from the query range).
    pub width_ms: Option<f64>,
    pub buckets: Option<usize>,
    pub out: FieldId,
    pub end: FieldId,
    pub name: String,
}

/// Clock-friendly widths `N buckets` rounds up to.
const NICE: &[f64] = &[
    1e3, 5e3, 10e3, 15e3, 30e3, 60e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 10800e3, 21600e3, 43200e3, 86400e3,
    604800e3,
];

impl Timeslice {
    pub fn width(&self, range: (i64, i64)) -> f64 {
        if let Some(w) = self.width_ms {
            return w.max(1.0);
        }
        let n = self.buckets.unwrap_or(1).max(1) as f64;
        let span = (range.1 - range.0).max(1) as f64;
        if self.buckets.is_none() {
            return span;
        }
        let want = span / n;
        NICE.iter().copied().find(|w| *w >= want).unwrap_or((want / 86400e3).ceil() * 86400e3)
    }
}

impl RowOp for Timeslice {
    fn time_bucket(&self) -> Option<FieldId> {
        Some(self.out)
    }
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let w = self.width(cx.range);
        match cx.env.reader.time(row) {
            Some(t) => {
                let start = ((t as f64) / w).floor() * w;
                row.set(self.out, Value::Num(start));
                row.set(self.end, Value::Num(start + w));
            }
            None => row.set(self.out, Value::Null),
        }
        Flow::Keep
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        vec![(self.out, self.name.clone())]
    }
}

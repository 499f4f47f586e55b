//! `compare with timeshift 1d [N] [avg|min|max] [as name]`: the same query over earlier time
//! ranges, joined on the group keys; each aggregate gets a `<field>_<shift>` column.

use crate::exec::row::Reader;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Combine {
    Avg,
    Min,
    Max,
}

pub struct Shift {
    pub ms: i64,
    /// How many periods back (`timeshift 1d 7` runs 7 shifted queries and combines them).
    pub count: usize,
    pub combine: Combine,
    /// Output column per value column: (value field, output field, output name).
    pub outs: Vec<(FieldId, FieldId, String)>,
}

pub struct Compare {
    pub shifts: Vec<Shift>,
    /// The group keys of the aggregation before `compare`.
    pub keys: Vec<FieldId>,
    /// Which keys are time buckets (`_timeslice`): an earlier period's bucket is moved forward
    /// by the shift, so yesterday's 10:00 row joins today's 10:00 row.
    pub time_keys: Vec<bool>,
}

impl Compare {
    /// Adds one shift's columns to `current` from the tables of its periods (the first is one
    /// shift back, the next two, ...).
    pub fn join(&self, shift: &Shift, current: &mut Table, periods: Vec<Table>, r: &Reader) {
        let mut per_key: HashMap<Vec<Value>, Vec<Vec<f64>>> = HashMap::new();
        for (p, t) in periods.iter().enumerate() {
            let moved = (shift.ms as f64) * (p + 1) as f64;
            for row in &t.rows {
                let key: Vec<Value> = self
                    .keys
                    .iter()
                    .zip(&self.time_keys)
                    .map(|(k, &time)| match r.get(row, *k) {
                        Value::Num(t) if time => Value::Num(t + moved),
                        v => v,
                    })
                    .collect();
                let slot = per_key.entry(key).or_insert_with(|| vec![Vec::new(); shift.outs.len()]);
                for (i, (val, _, _)) in shift.outs.iter().enumerate() {
                    slot[i].extend(r.get(row, *val).as_num());
                }
            }
        }
        for (_, out, name) in &shift.outs {
            current.add_col(*out, name);
        }
        for row in &mut current.rows {
            let key: Vec<Value> = self.keys.iter().map(|k| r.get(row, *k)).collect();
            for (i, (_, out, _)) in shift.outs.iter().enumerate() {
                let v = per_key
                    .get(&key)
                    .and_then(|s| combine(&s[i], shift.combine, shift.count))
                    .map_or(Value::Null, Value::Num);
                row.set(*out, v);
            }
        }
    }
}

/// Periods with no row for a key count as 0 in the average (the key simply had no events).
fn combine(xs: &[f64], how: Combine, periods: usize) -> Option<f64> {
    if xs.is_empty() {
        return None;
    }
    Some(match how {
        Combine::Avg => xs.iter().sum::<f64>() / periods.max(1) as f64,
        Combine::Min => xs.iter().copied().fold(f64::INFINITY, f64::min),
        Combine::Max => xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn average_counts_missing_periods_as_zero() {
        assert_eq!(combine(&[4.0, 2.0], Combine::Avg, 3), Some(2.0));
        assert_eq!(combine(&[4.0, 2.0], Combine::Max, 3), Some(4.0));
        assert_eq!(combine(&[], Combine::Avg, 3), None);
    }
}

//! `outlier f [by g] window=10 threshold=3 consecutive=1 direction=+-`: compares each point of a
//! time series with the mean and deviation of the points before it.

use super::window::mean_std;
use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::{HashMap, VecDeque};

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Direction {
    Both,
    Up,
    Down,
}

pub struct Outlier {
    pub field: FieldId,
    pub by: Vec<FieldId>,
    /// `_timeslice`: each series is read in time order, whatever the row order (the CloudTrail
    /// app sorts by `_timeslice`, which is descending, just before `outlier`).
    pub time: FieldId,
    pub window: usize,
    pub threshold: f64,
    pub consecutive: usize,
    pub direction: Direction,
    /// `f_error`, `f_lower`, `f_upper`, `f_indicator`, `f_violation`, `f_std`.
    pub outs: [(FieldId, String); 6],
}

impl TableOp for Outlier {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let mut series: HashMap<Vec<Value>, Vec<usize>> = HashMap::new();
        for (i, row) in t.rows.iter().enumerate() {
            series.entry(self.by.iter().map(|id| r.get(row, *id)).collect()).or_default().push(i);
        }
        let time: Vec<Option<f64>> = t.rows.iter().map(|row| r.get(row, self.time).as_num()).collect();
        // The latest bucket of the query may be incomplete, so it is never flagged.
        let latest = time.iter().flatten().copied().fold(None, |m: Option<f64>, x| Some(m.map_or(x, |m| m.max(x))));
        for idx in series.values_mut() {
            idx.sort_by(|a, b| time[*a].partial_cmp(&time[*b]).unwrap_or(std::cmp::Ordering::Equal));
            let mut trail: VecDeque<f64> = VecDeque::new();
            let mut run = 0;
            for (k, &i) in idx.iter().enumerate() {
                let last = match time[i] {
                    Some(ts) => Some(ts) == latest,
                    None => k + 1 == idx.len(),
                };
                let v = r.get(&t.rows[i], self.field).as_num().filter(|n| n.is_finite());
                let mut stats = [Value::Null, Value::Null, Value::Null, Value::Null]; // error, lower, upper, std
                let mut indicator = false;
                if let (Some(v), Some((mean, sd))) = (v, mean_std(trail.iter().copied())) {
                    let (lower, upper) = (mean - self.threshold * sd, mean + self.threshold * sd);
                    stats = [Value::Num(v - mean), Value::Num(lower), Value::Num(upper), Value::Num(sd)];
                    // One earlier point has no spread: every change would be an outlier, so
                    // judging waits for two.
                    indicator = !last
                        && trail.len() >= 2
                        && match self.direction {
                            Direction::Both => v > upper || v < lower,
                            Direction::Up => v > upper,
                            Direction::Down => v < lower,
                        };
                }
                run = if indicator { run + 1 } else { 0 };
                let [error, lower, upper, sd] = stats;
                let flag = |b: bool| Value::Num(if b { 1.0 } else { 0.0 });
                let vals = [error, lower, upper, flag(indicator), flag(run >= self.consecutive), sd];
                for ((id, _), val) in self.outs.iter().zip(vals) {
                    t.rows[i].set(*id, val);
                }
                if let Some(v) = v {
                    trail.push_back(v);
                    if trail.len() > self.window {
                        trail.pop_front();
                    }
                }
            }
        }
        for (id, name) in &self.outs {
            t.add_col(*id, name);
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::{Reader, Row};
    use crate::exec::table::Col;
    use crate::fields::Fields;

    /// Runs outlier over `_count` per `_timeslice` (given newest first) and returns, in input
    /// order, (indicator, violation) and the full first output row.
    fn run(counts: &[f64], window: usize, consecutive: usize, direction: Direction) -> (Vec<(f64, f64)>, Vec<Value>) {
        let mut f = Fields::default();
        let (ts, c) = (f.id("_timeslice"), f.id("_count"));
        let names =
            ["_count_error", "_count_lower", "_count_upper", "_count_indicator", "_count_violation", "_count_std"];
        let outs = names.map(|n| (f.id(n), n.to_string()));
        let (store, ctx, lookups) =
            (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: &f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let rows = counts
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| Row { event: None, vals: vec![Value::Num(i as f64 * 60.0), Value::Num(*n)], matched: 0 })
            .collect();
        let t = Table {
            cols: vec![Col { id: ts, name: "_timeslice".into() }, Col { id: c, name: "_count".into() }],
            rows,
            aggregated: true,
        };
        let op = Outlier {
            field: c,
            by: vec![],
            time: ts,
            window,
            threshold: 3.0,
            consecutive,
            direction,
            outs: outs.clone(),
        };
        let t = op.apply(t, &mut cx).unwrap();
        assert_eq!(t.cols.iter().map(|c| c.name.as_str()).collect::<Vec<_>>()[2..], names);
        let num = |row: &Row, k: usize| reader.get(row, outs[k].0).as_num().unwrap();
        let flags = t.rows.iter().rev().map(|row| (num(row, 3), num(row, 4))).collect();
        (flags, outs.iter().map(|(id, _)| reader.get(&t.rows[0], *id)).collect())
    }

    #[test]
    fn flags_a_spike_but_never_the_last_bucket() {
        let (flags, _) = run(&[10.0, 12.0, 10.0, 12.0, 50.0, 11.0, 90.0], 10, 1, Direction::Both);
        assert_eq!(flags, vec![(0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (0.0, 0.0), (1.0, 1.0), (0.0, 0.0), (0.0, 0.0)]);
    }

    #[test]
    fn statistics_come_from_the_trailing_window() {
        // Window 2. Before 20 come [12, 10]: mean 11, sample sd sqrt(2), upper 15.2: flagged.
        let (flags, newest) = run(&[10.0, 12.0, 10.0, 20.0, 11.0], 2, 1, Direction::Both);
        assert_eq!(flags[3], (1.0, 1.0));
        // Before the newest point (11) come [10, 20]: mean 15, sd sqrt(50); it is the last bucket.
        let sd = 50f64.sqrt();
        let n = Value::Num;
        assert_eq!(newest, vec![n(-4.0), n(15.0 - 3.0 * sd), n(15.0 + 3.0 * sd), n(0.0), n(0.0), n(sd)]);
    }

    #[test]
    fn direction_and_consecutive() {
        let mut dips: Vec<f64> = (0..20).map(|i| 10.0 + (i % 2) as f64).collect();
        dips.extend([0.0, 0.0, 11.0, 12.0]);
        let (up, _) = run(&dips, 20, 1, Direction::Up);
        assert!(up.iter().all(|f| *f == (0.0, 0.0)));
        let (down, _) = run(&dips, 20, 1, Direction::Down);
        assert_eq!(down[20..], [(1.0, 1.0), (1.0, 1.0), (0.0, 0.0), (0.0, 0.0)]);
        let (down, _) = run(&dips, 20, 2, Direction::Down);
        assert_eq!(down[20..], [(1.0, 0.0), (1.0, 1.0), (0.0, 0.0), (0.0, 0.0)]);
        assert!(down[..20].iter().all(|f| *f == (0.0, 0.0)));
    }
}

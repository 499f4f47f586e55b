//! `smooth f, N` (rolling mean), `rollingstd f, N` (rolling standard deviation) and
//! `backshift f, N` (the value N rows back), each in the current row order and per `by` group.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::{HashMap, VecDeque};

/// Sumo Logic's largest window (and shift).
pub const MAX_WINDOW: usize = 1000;

/// Which window operator.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum WindowKind {
    Smooth,
    RollingStd,
    Backshift,
}

pub struct Window {
    pub kind: WindowKind,
    pub field: FieldId,
    /// The window length (smooth, rollingstd) or the shift (backshift), 1..=MAX_WINDOW.
    pub size: usize,
    pub by: Vec<FieldId>,
    pub out: FieldId,
    pub name: String,
}

/// Mean and sample standard deviation; one value has a deviation of 0, as Sumo Logic's
/// `rollingstd` documents. `None` for no values.
pub fn mean_std(vals: impl Iterator<Item = f64> + Clone) -> Option<(f64, f64)> {
    let n = vals.clone().count();
    if n == 0 {
        return None;
    }
    let mean = vals.clone().sum::<f64>() / n as f64;
    let var = if n < 2 { 0.0 } else { vals.map(|v| (v - mean) * (v - mean)).sum::<f64>() / (n - 1) as f64 };
    Some((mean, var.sqrt()))
}

impl TableOp for Window {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        // Per group, the last `size` values seen (the current one included, for backshift not yet).
        let mut hist: HashMap<Vec<Value>, VecDeque<Value>> = HashMap::new();
        for row in &mut t.rows {
            let key: Vec<Value> = self.by.iter().map(|id| r.get(row, *id)).collect();
            let h = hist.entry(key).or_default();
            let v = r.get(row, self.field);
            let out = match self.kind {
                WindowKind::Backshift => {
                    // Shifted values are copied as they are; rows with nothing that far back get null.
                    let shifted =
                        if h.len() == self.size { h.front().cloned().unwrap_or_default() } else { Value::Null };
                    push(h, v, self.size);
                    shifted
                }
                kind => {
                    push(h, v, self.size);
                    // A short window at the start, or one with text in it, uses the numbers it has.
                    let nums = h.iter().filter_map(Value::as_num).filter(|n| n.is_finite());
                    match (mean_std(nums), kind) {
                        (Some((mean, _)), WindowKind::Smooth) => Value::Num(mean),
                        (Some((_, sd)), _) => Value::Num(sd),
                        (None, _) => Value::Null,
                    }
                }
            };
            row.set(self.out, out);
        }
        t.add_col(self.out, &self.name);
        Ok(t)
    }
}

fn push(h: &mut VecDeque<Value>, v: Value, size: usize) {
    h.push_back(v);
    if h.len() > size {
        h.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::{Reader, Row};
    use crate::exec::table::Col;
    use crate::fields::Fields;

    /// Runs a window of `kind` over (group, value) rows and returns the output column.
    fn run(kind: WindowKind, size: usize, grouped: bool, data: &[(&str, f64)]) -> Vec<Value> {
        let mut f = Fields::default();
        let (g, x, out) = (f.id("g"), f.id("x"), f.id("_out"));
        let (store, ctx, lookups) =
            (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: &f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let rows = data
            .iter()
            .map(|(k, v)| Row { event: None, vals: vec![Value::str(k), Value::Num(*v)], matched: 0 })
            .collect();
        let t = Table {
            cols: vec![Col { id: g, name: "g".into() }, Col { id: x, name: "x".into() }],
            rows,
            aggregated: true,
        };
        let op = Window { kind, field: x, size, by: if grouped { vec![g] } else { vec![] }, out, name: "_out".into() };
        let t = op.apply(t, &mut cx).unwrap();
        assert_eq!(t.cols.last().unwrap().name, "_out");
        t.rows.iter().map(|row| reader.get(row, out)).collect()
    }

    const DATA: &[(&str, f64)] = &[("a", 2.0), ("b", 100.0), ("a", 4.0), ("a", 9.0), ("b", 200.0)];

    #[test]
    fn smooth_uses_what_is_available_at_the_start() {
        let n = Value::Num;
        assert_eq!(run(WindowKind::Smooth, 2, true, DATA), vec![n(2.0), n(100.0), n(3.0), n(6.5), n(150.0)]);
        assert_eq!(run(WindowKind::Smooth, 10, false, DATA), vec![n(2.0), n(51.0), n(106.0 / 3.0), n(28.75), n(63.0)]);
    }

    #[test]
    fn rollingstd_is_the_sample_deviation_and_zero_for_one_point() {
        let got = run(WindowKind::RollingStd, 3, true, DATA);
        let n = Value::Num;
        // a: [2] -> 0, [2,4] -> sqrt(2), [2,4,9] -> sqrt(13); b: [100] -> 0, [100,200] -> sqrt(5000)
        assert_eq!(got, vec![n(0.0), n(0.0), n(2f64.sqrt()), n(13f64.sqrt()), n(5000f64.sqrt())]);
    }

    #[test]
    fn backshift_reads_n_rows_back_in_the_group() {
        let n = Value::Num;
        assert_eq!(run(WindowKind::Backshift, 1, true, DATA), vec![Value::Null, Value::Null, n(2.0), n(4.0), n(100.0)]);
        assert_eq!(
            run(WindowKind::Backshift, 2, false, DATA),
            vec![Value::Null, Value::Null, n(2.0), n(100.0), n(4.0)]
        );
    }

    #[test]
    fn mean_std_of_nothing_is_none() {
        assert_eq!(mean_std(std::iter::empty()), None);
        assert_eq!(mean_std([1.0, 2.0, 3.0].into_iter()), Some((2.0, 1.0)));
    }
}

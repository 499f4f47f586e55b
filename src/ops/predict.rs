//! `predict f by 1m [model=ar, ar.window=N, forecast=N]`: a timesliced series, its missing
//! slices filled with 0, fitted by a line (and an autoregressive model), with forecast rows
//! after it (the models: `ops::regression`; the syntax and the choices: `plan::operators::predict`).

use super::regression::{line, Ar};
use super::TableOp;
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::Table;
use crate::exec::warning::{PREDICT_AR_TOO_SHORT, PREDICT_FEW_POINTS, PREDICT_FILLED};
use crate::fields::FieldId;
use crate::value::{format_num, Value};

/// Sumo Logic's speed bumps: points a model is fitted to, missing points filled.
pub const MAX_FIT: usize = 10_000;
pub const MAX_FILLED: usize = 20_000;
/// Below this many points Sumo Logic warns that the AR model may not be optimal.
const AR_ENOUGH: usize = 100;

pub struct Predict {
    pub field: (FieldId, String),
    pub time: FieldId,
    /// The `by` interval, ms.
    pub step: f64,
    /// `Some(window)` for `model=ar` (`None` inside: the default, 40% of the points).
    pub ar: Option<Option<usize>>,
    pub forecast: usize,
    /// `f_predicted`, `f_linear` (AR only), `f_error`.
    pub predicted: (FieldId, String),
    pub linear: (FieldId, String),
    pub error: (FieldId, String),
    /// The stage, for run-time errors.
    pub span: Span,
}

impl TableOp for Predict {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let nfields = r.fields.len();
        let (field, name) = &self.field;
        if t.col_index(*field).is_none() {
            return Err(self
                .error(format!("`predict` found no column `{name}` to predict"))
                .hint("predict a column of the aggregation, like `count by _timeslice | predict _count by 1m`"));
        }
        if t.col_index(self.time).is_none() {
            return Err(self
                .error("`predict` found no `_timeslice` column: aggregate by it first")
                .hint("`timeslice 1m | count by _timeslice | predict _count by 1m`"));
        }
        let (mut timed, untimed): (Vec<Row>, Vec<Row>) =
            std::mem::take(&mut t.rows).into_iter().partition(|row| r.get(row, self.time).as_num().is_some());
        timed.sort_by(|a, b| r.get(a, self.time).sort_cmp(&r.get(b, self.time)));
        let times: Vec<f64> = timed.iter().map(|row| r.get(row, self.time).as_num().unwrap_or(0.0)).collect();
        let Some(&t0) = times.first() else {
            t.rows = untimed;
            self.add_cols(&mut t);
            return Ok(t);
        };
        // Each row's place on the grid of `by` steps from the first slice.
        let mut at = Vec::with_capacity(times.len());
        for (i, ts) in times.iter().enumerate() {
            let k = (ts - t0) / self.step;
            if (k - k.round()).abs() > 1e-6 {
                return Err(self
                    .error(format!(
                        "the timeslices are not `by {}` apart: {} is not a whole number of steps after {}",
                        self.by(),
                        format_num(*ts),
                        format_num(t0)
                    ))
                    .hint("give `predict` the width of the timeslice: `timeslice 1m | ... | predict _count by 1m`"));
            }
            let k = k.round() as usize;
            if i > 0 && at.last() == Some(&k) {
                return Err(self
                    .error("`predict` found several rows for one timeslice")
                    .hint("aggregate by `_timeslice` only: `count by _timeslice | predict _count by 1m`"));
            }
            at.push(k);
        }
        let n = at.last().map_or(0, |k| k + 1);
        let filled = n - timed.len();
        if filled > MAX_FILLED {
            let message = format!("`predict` would fill {filled} missing timeslices, more than {MAX_FILLED}");
            return Err(Diagnostic::at("E267", self.span.clone(), message)
                .hint("use a wider `by` interval and timeslice, or a shorter time range"));
        }
        // The series: each slice's row (a phantom row with 0 where none), and its value.
        let mut rows: Vec<Row> = Vec::with_capacity(n + self.forecast + untimed.len());
        let mut actual: Vec<Option<f64>> = Vec::with_capacity(n);
        let mut missing = filled;
        let mut timed = timed.into_iter().zip(at).peekable();
        for k in 0..n {
            match timed.next_if(|(_, at)| *at == k) {
                Some((row, _)) => {
                    let v = r.get(&row, *field).as_num().filter(|x| x.is_finite());
                    missing += usize::from(v.is_none());
                    actual.push(v);
                    rows.push(row);
                }
                None => {
                    let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
                    row.set(self.time, Value::Num(t0 + k as f64 * self.step));
                    row.set(*field, Value::Num(0.0));
                    actual.push(Some(0.0));
                    rows.push(row);
                }
            }
        }
        if missing > 0 {
            cx.warn(
                PREDICT_FILLED,
                format!("predict: {missing} timeslice(s) without a value of `{name}` counted as 0"),
            );
        }
        let ys: Vec<f64> = actual.iter().map(|v| v.unwrap_or(0.0)).collect();
        let fit = &ys[n.saturating_sub(MAX_FIT)..];
        let offset = (n - fit.len()) as f64;
        let (a, b) = line(fit);
        let linear = |k: usize| a + b * (k as f64 - offset);
        let ar = self.ar.map(|window| {
            let p = window.unwrap_or((fit.len() * 2 / 5).max(1));
            if fit.len() < AR_ENOUGH {
                cx.warn(
                    PREDICT_FEW_POINTS,
                    format!(
                        "predict: the AR model learned from {} points (fewer than {AR_ENOUGH}); it may not be optimal",
                        fit.len()
                    ),
                );
            }
            let m = Ar::fit(fit, p);
            if m.is_none() {
                cx.warn(
                    PREDICT_AR_TOO_SHORT,
                    format!("predict: {} points are too few for ar.window={p}: no AR predictions", fit.len()),
                );
            }
            m
        });
        // Forecast rows, the AR model continuing from its own predictions.
        let mut ext = ys.clone();
        for j in 0..self.forecast {
            let k = n + j;
            let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
            row.set(self.time, Value::Num(t0 + k as f64 * self.step));
            rows.push(row);
            let next = match &ar {
                Some(Some(m)) => m.next(&ext).unwrap_or(0.0),
                _ => linear(k),
            };
            ext.push(next);
        }
        for (k, row) in rows.iter_mut().enumerate() {
            let lin = linear(k);
            let future = k >= n;
            let error = match actual.get(k) {
                Some(Some(y)) => Value::Num(lin - y),
                _ => Value::Null,
            };
            row.set(self.error.0, error);
            match &ar {
                None => row.set(self.predicted.0, Value::Num(lin)),
                Some(m) => {
                    row.set(self.linear.0, Value::Num(lin));
                    let p = m.as_ref().and_then(|m| if future { Some(ext[k]) } else { m.next(&ys[..k]) });
                    row.set(self.predicted.0, p.map_or(Value::Null, Value::Num));
                }
            }
        }
        rows.extend(untimed);
        t.rows = rows;
        self.add_cols(&mut t);
        Ok(t)
    }
}

impl Predict {
    fn add_cols(&self, t: &mut Table) {
        t.add_col(self.predicted.0, &self.predicted.1);
        if self.ar.is_some() {
            t.add_col(self.linear.0, &self.linear.1);
        }
        t.add_col(self.error.0, &self.error.1);
    }

    fn error(&self, message: impl Into<String>) -> Diagnostic {
        Diagnostic::at("E266", self.span.clone(), message.into())
    }

    /// The `by` interval as written back: `1m`, `30s`, `1h`, or milliseconds.
    fn by(&self) -> String {
        for (unit, ms) in [("d", 86_400_000.0), ("h", 3_600_000.0), ("m", 60_000.0), ("s", 1000.0)] {
            if self.step % ms == 0.0 {
                return format!("{}{unit}", format_num(self.step / ms));
            }
        }
        format!("{}ms", format_num(self.step))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::Reader;
    use crate::exec::table::{Col, QueryResult};
    use crate::fields::Fields;

    /// Runs `predict` over (minute, value) rows; the result's text and the warnings' codes.
    fn run(
        points: &[(f64, Value)],
        ar: Option<Option<usize>>,
        forecast: usize,
    ) -> (Vec<Vec<String>>, Vec<&'static str>) {
        let mut f = Fields::default();
        let (time, x) = (f.id("_timeslice"), f.id("x"));
        let mut out = |n: &str| (f.id(n), n.to_string());
        let (predicted, linear, error) = (out("x_predicted"), out("x_linear"), out("x_error"));
        let op = Predict {
            field: (x, "x".into()),
            time,
            step: 60_000.0,
            ar,
            forecast,
            predicted,
            linear,
            error,
            span: 0..0,
        };
        let rows = points
            .iter()
            .map(|(m, v)| {
                let mut vals = vec![Value::Null; f.len()];
                vals[time] = Value::Num(m * 60_000.0);
                vals[x] = v.clone();
                Row { event: None, vals, matched: 0 }
            })
            .collect();
        let cols = vec![Col { id: time, name: "_timeslice".into() }, Col { id: x, name: "x".into() }];
        let t = Table { cols, rows, aggregated: true };
        let (store, ctx, lookups) =
            (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: &f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let q = QueryResult::from_table(&op.apply(t, &mut cx).unwrap(), &reader);
        let text = q.rows.iter().map(|r| r.iter().map(|v| v.as_text().into_owned()).collect()).collect();
        (text, cx.warnings.keys().map(|(code, _)| *code).collect())
    }

    #[test]
    fn a_missing_slice_counts_as_zero_with_a_warning() {
        let n = Value::Num;
        let (rows, warnings) = run(&[(2.0, n(4.0)), (0.0, n(0.0)), (3.0, Value::str("6"))], None, 1);
        // The series 0, 0 (filled), 4, 6: x̄ = 1.5, ȳ = 2.5, Sxy = 11, Sxx = 5, so the line is
        // -0.8 + 2.2·k; the error is the line minus the actual value.
        let want = [
            ["0", "0", "-0.8", "-0.8"],
            ["60000", "0", "1.4", "1.4"],
            ["120000", "4", "3.6", "-0.4"],
            ["180000", "6", "5.8", "-0.2"],
            ["240000", "", "8", ""],
        ];
        let round = |s: &String| s.parse::<f64>().map_or(s.clone(), |x| format_num((x * 1e9).round() / 1e9));
        let got: Vec<Vec<String>> = rows.iter().map(|r| r.iter().map(round).collect()).collect();
        assert_eq!(got, want);
        assert_eq!(warnings, [PREDICT_FILLED]);
        let (_, warnings) = run(&[(0.0, n(1.0)), (1.0, Value::Null), (2.0, n(3.0))], None, 0);
        assert_eq!(warnings, [PREDICT_FILLED], "a value that is not a number counts as 0 too");
    }

    #[test]
    fn ar_warnings_for_short_series() {
        let pts: Vec<(f64, Value)> = (0..5).map(|i| (i as f64, Value::Num((i % 2) as f64))).collect();
        let (rows, warnings) = run(&pts, Some(Some(4)), 1);
        assert_eq!(warnings, [PREDICT_FEW_POINTS, PREDICT_AR_TOO_SHORT]);
        assert!(rows.iter().all(|r| r[2].is_empty()), "no AR predictions: {rows:?}");
        let (rows, warnings) = run(&pts, Some(None), 1);
        assert_eq!(warnings, [PREDICT_FEW_POINTS]);
        assert_eq!(rows[0][2], "", "the first window's points have no AR prediction");
        assert_ne!(rows[5][2], "", "the forecast has one");
    }

    #[test]
    fn no_rows_no_series() {
        let (rows, warnings) = run(&[], Some(None), 3);
        assert!(rows.is_empty() && warnings.is_empty());
    }
}

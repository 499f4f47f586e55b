//! Partial states of aggregate functions: updated per row, merged across workers, then finished.

use crate::value::Value;
use std::collections::{BTreeSet, HashSet};

/// `withtime` stores its pair as text `time\u{1}value`, which most_recent / least_recent split
/// again.
pub const SEP: char = '\u{1}';

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum AggFn {
    Count,
    /// `count(f)`: rows where f is not null.
    CountField,
    CountDistinct,
    Sum,
    Avg,
    Min,
    Max,
    Pct,
    Median,
    Stddev,
    First,
    Last,
    MostRecent,
    LeastRecent,
    Values,
}

#[derive(Clone, Debug)]
pub enum State {
    Count(u64),
    Sum {
        sum: f64,
        n: u64,
    },
    Min(Option<f64>),
    Max(Option<f64>),
    Distinct(HashSet<Value>),
    Nums(Vec<f64>),
    /// Welford's running mean and squared deviations: stable for large counts.
    Std {
        n: u64,
        mean: f64,
        m2: f64,
    },
    First(Option<Value>),
    Last(Option<Value>),
    Recent(Option<(i64, Value)>),
    Values(BTreeSet<String>),
}

/// `values()` keeps at most this many distinct values, as Sumo Logic does.
const MAX_VALUES: usize = 100;

impl AggFn {
    pub fn init(self) -> State {
        use AggFn::*;
        match self {
            Count | CountField => State::Count(0),
            CountDistinct => State::Distinct(HashSet::new()),
            Sum | Avg => State::Sum { sum: 0.0, n: 0 },
            Min => State::Min(None),
            Max => State::Max(None),
            Pct | Median => State::Nums(Vec::new()),
            Stddev => State::Std { n: 0, mean: 0.0, m2: 0.0 },
            First => State::First(None),
            Last => State::Last(None),
            MostRecent | LeastRecent => State::Recent(None),
            Values => State::Values(BTreeSet::new()),
        }
    }
}

impl State {
    /// Adds one row's value (`Null` for `count`, which ignores it).
    pub fn update(&mut self, f: AggFn, v: &Value) {
        match self {
            State::Count(c) => {
                if f == AggFn::Count || !v.is_null() {
                    *c += 1
                }
            }
            State::Sum { sum, n } => {
                if let Some(x) = v.as_num() {
                    *sum += x;
                    *n += 1;
                }
            }
            State::Min(m) => {
                if let Some(x) = v.as_num() {
                    *m = Some(m.map_or(x, |y| y.min(x)));
                }
            }
            State::Max(m) => {
                if let Some(x) = v.as_num() {
                    *m = Some(m.map_or(x, |y| y.max(x)));
                }
            }
            State::Distinct(s) => {
                if !v.is_null() && !s.contains(v) {
                    s.insert(v.clone());
                }
            }
            State::Nums(xs) => xs.extend(v.as_num()),
            State::Std { n, mean, m2 } => {
                if let Some(x) = v.as_num() {
                    *n += 1;
                    let d = x - *mean;
                    *mean += d / *n as f64;
                    *m2 += d * (x - *mean);
                }
            }
            State::First(first) => {
                if first.is_none() && !v.is_null() {
                    *first = Some(v.clone());
                }
            }
            State::Last(last) => {
                if !v.is_null() {
                    *last = Some(v.clone());
                }
            }
            State::Recent(best) => {
                let text = v.as_text();
                let Some((t, val)) = text.split_once(SEP) else { return };
                let t: i64 = t.parse().unwrap_or(0);
                let newer = f == AggFn::MostRecent;
                if best.as_ref().is_none_or(|(bt, _)| if newer { t > *bt } else { t < *bt }) {
                    *best = Some((t, Value::str(val)));
                }
            }
            State::Values(set) => {
                if !v.is_null() && set.len() < MAX_VALUES {
                    set.insert(v.as_text().into_owned());
                }
            }
        }
    }

    /// Combines the state of a later part of the row stream into this one.
    pub fn merge(&mut self, f: AggFn, other: State) {
        match (self, other) {
            (State::Count(a), State::Count(b)) => *a += b,
            (State::Sum { sum, n }, State::Sum { sum: s2, n: n2 }) => {
                *sum += s2;
                *n += n2;
            }
            (State::Min(a), State::Min(b)) => *a = [*a, b].into_iter().flatten().reduce(f64::min),
            (State::Max(a), State::Max(b)) => *a = [*a, b].into_iter().flatten().reduce(f64::max),
            (State::Distinct(a), State::Distinct(b)) => a.extend(b),
            (State::Nums(a), State::Nums(b)) => a.extend(b),
            (State::Std { n, mean, m2 }, State::Std { n: n2, mean: mean2, m2: m22 }) if n2 > 0 => {
                let total = *n + n2;
                let d = mean2 - *mean;
                *m2 += m22 + d * d * (*n as f64) * (n2 as f64) / total as f64;
                *mean += d * n2 as f64 / total as f64;
                *n = total;
            }
            (State::First(a), State::First(b)) if a.is_none() => *a = b,
            (State::Last(a), State::Last(b)) if b.is_some() => *a = b,
            (s @ State::Recent(_), State::Recent(Some((t, v)))) => s.update(f, &Value::from(format!("{t}{SEP}{v}"))),
            (State::Values(a), State::Values(b)) => {
                for v in b {
                    if a.len() < MAX_VALUES {
                        a.insert(v);
                    }
                }
            }
            _ => {}
        }
    }

    /// The final value; `p` is the percentile for `pct`.
    pub fn finish(&mut self, f: AggFn, p: f64) -> Value {
        match self {
            State::Count(c) => Value::Num(*c as f64),
            State::Sum { sum, n } if f == AggFn::Avg => {
                if *n == 0 {
                    Value::Null
                } else {
                    Value::Num(*sum / *n as f64)
                }
            }
            State::Sum { sum, n } => {
                if *n == 0 {
                    Value::Null
                } else {
                    Value::Num(*sum)
                }
            }
            State::Min(m) | State::Max(m) => m.map_or(Value::Null, Value::Num),
            State::Distinct(s) => Value::Num(s.len() as f64),
            State::Nums(xs) => percentile(xs, if f == AggFn::Median { 50.0 } else { p }),
            State::Std { n, m2, .. } => {
                if *n < 2 {
                    Value::Num(0.0)
                } else {
                    Value::Num((*m2 / (*n - 1) as f64).sqrt())
                }
            }
            State::First(v) | State::Last(v) => v.clone().unwrap_or(Value::Null),
            State::Recent(b) => b.as_ref().map_or(Value::Null, |(_, v)| v.clone()),
            State::Values(set) => Value::from(set.iter().cloned().collect::<Vec<_>>().join("\n")),
        }
    }
}

/// Exact percentile with linear interpolation between the closest ranks.
fn percentile(xs: &mut [f64], p: f64) -> Value {
    if xs.is_empty() {
        return Value::Null;
    }
    xs.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let rank = (p / 100.0).clamp(0.0, 1.0) * (xs.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    Value::Num(xs[lo] + (xs[hi] - xs[lo]) * (rank - lo as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(f: AggFn, vals: &[&str]) -> Value {
        let mut s = f.init();
        for v in vals {
            s.update(f, &Value::str(v));
        }
        s.finish(f, 95.0)
    }

    #[test]
    fn numeric_aggregates_skip_text() {
        assert_eq!(run(AggFn::Sum, &["1", "2", "x"]), Value::Num(3.0));
        assert_eq!(run(AggFn::Avg, &["1", "2", "x"]), Value::Num(1.5));
        assert_eq!(run(AggFn::Median, &["1", "3", "2"]), Value::Num(2.0));
        assert_eq!(run(AggFn::Values, &["b", "a", "b"]), Value::str("a\nb"));
        assert_eq!(run(AggFn::CountDistinct, &["b", "a", "b"]), Value::Num(2.0));
    }

    #[test]
    fn stddev_merges_like_one_pass() {
        let f = AggFn::Stddev;
        let mut a = f.init();
        let mut b = f.init();
        for x in ["1", "2", "3"] {
            a.update(f, &Value::str(x));
        }
        for x in ["4", "10"] {
            b.update(f, &Value::str(x));
        }
        a.merge(f, b);
        let whole = run(f, &["1", "2", "3", "4", "10"]);
        let (Value::Num(x), Value::Num(y)) = (a.finish(f, 0.0), whole) else { panic!() };
        assert!((x - y).abs() < 1e-9);
    }
}

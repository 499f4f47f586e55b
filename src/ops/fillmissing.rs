//! `fillmissing timeslice(1h), values("a", "b") in f`: appends a row for every combination of
//! generated key values that no row has.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::HashSet;

/// Sumo Logic's cap on generated combinations (the same as group-by's).
pub const MAX_COMBINATIONS: usize = 10_000;

pub enum Gen {
    /// Every bucket of the query range; `None` width is inferred from the data.
    Timeslice {
        width_ms: Option<f64>,
        field: FieldId,
        name: String,
    },
    Values {
        values: Vec<String>,
        field: FieldId,
        name: String,
    },
    /// `values all in f`: the distinct values `f` has in the table, in the order they come.
    All {
        field: FieldId,
        name: String,
    },
}

impl Gen {
    fn field(&self) -> (FieldId, &str) {
        match self {
            Gen::Timeslice { field, name, .. } | Gen::Values { field, name, .. } | Gen::All { field, name } => {
                (*field, name)
            }
        }
    }
}

pub struct Fillmissing {
    pub gens: Vec<Gen>,
    /// Columns the aggregation before always fills with numbers (`count`, `sum`, `avg` ...): they
    /// are filled with 0 even when no row shows their type (an aggregation over nothing).
    pub numeric: Vec<FieldId>,
    /// `with <constant> for <field>`: the value of a non-key field in the rows added.
    pub with: Vec<(FieldId, Value)>,
    /// `takeLast`: the rows added take their non-key values from the row of the same other keys
    /// in the last earlier time slice present (the first timeslice generator's).
    pub take_last: bool,
}

impl TableOp for Fillmissing {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let keys: Vec<FieldId> = self.gens.iter().map(|g| g.field().0).collect();
        let mut truncated = false;
        let lists: Vec<Vec<Value>> = self
            .gens
            .iter()
            .map(|g| match g {
                Gen::Values { values, .. } => values.iter().map(|v| Value::str(v)).collect(),
                Gen::All { field, .. } => {
                    let mut seen = HashSet::new();
                    t.rows
                        .iter()
                        .map(|row| r.get(row, *field))
                        .filter(|v| !v.is_null() && seen.insert(v.as_text().into_owned()))
                        .collect()
                }
                Gen::Timeslice { width_ms, field, .. } => {
                    let present: Vec<i64> =
                        t.rows.iter().filter_map(|row| r.get(row, *field).as_num()).map(|n| n as i64).collect();
                    let (list, cut) = buckets(&present, width_ms.map(|w| w as i64), cx.range);
                    truncated |= cut;
                    list
                }
            })
            .collect();
        // Keys compare as text, so `values("200") in status` matches a numeric 200.
        let text = |vals: &mut dyn Iterator<Item = Value>| vals.map(|v| v.as_text().into_owned()).collect::<Vec<_>>();
        let present: HashSet<Vec<String>> =
            t.rows.iter().map(|row| text(&mut keys.iter().map(|id| r.get(row, *id)))).collect();
        let nfields = r.fields.len();
        // Fill values by type as Sumo Logic documents them: numbers 0, booleans false, text null.
        // Columns a `transpose` made (slots past the plan's fields) stay null, as the docs say.
        let defaults: Vec<(FieldId, Value)> = t
            .cols
            .iter()
            .filter(|c| !keys.contains(&c.id) && c.id < nfields)
            .map(|c| {
                let v = match t.rows.iter().map(|row| r.get(row, c.id)).find(|v| !v.is_null()) {
                    Some(Value::Num(_)) => Value::Num(0.0),
                    Some(Value::Bool(_)) => Value::Bool(false),
                    None if self.numeric.contains(&c.id) => Value::Num(0.0),
                    _ => Value::Null,
                };
                (c.id, v)
            })
            .map(|(id, v)| (id, self.with.iter().find(|(w, _)| *w == id).map_or(v, |(_, w)| w.clone())))
            .collect();
        let present_rows = t.rows.len();
        let total = lists.iter().try_fold(1usize, |acc, l| acc.checked_mul(l.len())).unwrap_or(usize::MAX);
        if truncated || total > MAX_COMBINATIONS {
            cx.warn(
                crate::exec::warning::FILLMISSING_CAPPED,
                format!("fillmissing: more than {MAX_COMBINATIONS} combinations; the extra ones are not filled"),
            );
        }
        // Odometer over the Cartesian product, last generator fastest.
        let mut at = vec![0usize; lists.len()];
        for _ in 0..total.min(MAX_COMBINATIONS) {
            let combo: Vec<&Value> = at.iter().zip(&lists).map(|(i, l)| &l[*i]).collect();
            if !present.contains(&text(&mut combo.iter().map(|v| (*v).clone()))) {
                let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
                for (id, v) in &defaults {
                    row.set(*id, v.clone());
                }
                for (id, v) in keys.iter().zip(combo) {
                    row.set(*id, v.clone());
                }
                t.rows.push(row);
            }
            for k in (0..at.len()).rev() {
                at[k] += 1;
                if at[k] < lists[k].len() {
                    break;
                }
                at[k] = 0;
            }
        }
        if self.take_last {
            self.take_last(&mut t, present_rows, &keys, &defaults, cx);
        }
        for g in &self.gens {
            let (id, name) = g.field();
            t.add_col(id, name);
        }
        Ok(t)
    }
}

impl Fillmissing {
    /// Fills the non-key fields of the rows added (from `from` on) with those of the row of the
    /// same other keys in the latest earlier time slice among the rows present before.
    fn take_last(&self, t: &mut Table, from: usize, keys: &[FieldId], defaults: &[(FieldId, Value)], cx: &Cx) {
        let r = cx.env.reader;
        let Some(ts) = self.gens.iter().position(|g| matches!(g, Gen::Timeslice { .. })) else { return };
        let others = |row: &Row| -> Vec<String> {
            keys.iter()
                .enumerate()
                .filter(|(k, _)| *k != ts)
                .map(|(_, id)| r.get(row, *id).as_text().into_owned())
                .collect()
        };
        let time = |row: &Row| r.get(row, keys[ts]).as_num();
        for i in from..t.rows.len() {
            let (Some(at), mine) = (time(&t.rows[i]), others(&t.rows[i])) else { continue };
            let last = t.rows[..from]
                .iter()
                .filter(|row| time(row).is_some_and(|x| x < at) && others(row) == mine)
                .max_by(|a, b| time(a).unwrap_or(0.0).total_cmp(&time(b).unwrap_or(0.0)));
            let Some(last) = last.cloned() else { continue };
            for (id, _) in defaults {
                if !self.with.iter().any(|(w, _)| w == id) {
                    t.rows[i].set(*id, r.get(&last, *id));
                }
            }
        }
    }
}

/// Bucket starts over the query range (or the data's own span when the range is empty), aligned
/// like the data so the generated buckets line up with the present ones. Without a width, the
/// width is the largest step dividing every gap between present buckets. Also says whether the
/// list was cut at the combination cap.
fn buckets(present: &[i64], width: Option<i64>, range: (i64, i64)) -> (Vec<Value>, bool) {
    let (lo_p, hi_p) = (present.iter().min().copied(), present.iter().max().copied());
    let width = width.or_else(|| {
        let lo = lo_p?;
        let g = present.iter().fold(0i64, |g, p| gcd(g, p - lo));
        (g > 0).then_some(g)
    });
    let Some(w) = width.filter(|w| *w > 0) else {
        return (Vec::new(), false); // one bucket and no width: nothing can be missing
    };
    let offset = lo_p.map_or(0, |p| p.rem_euclid(w));
    let (lo, hi) = if range.1 > range.0 { range } else { (lo_p.unwrap_or(0), hi_p.map_or(0, |h| h + 1)) };
    let mut start = (lo - offset).div_euclid(w) * w + offset;
    let mut out = Vec::new();
    while start < hi {
        if out.len() == MAX_COMBINATIONS {
            return (out, true);
        }
        out.push(Value::Num(start as f64));
        start += w;
    }
    (out, false)
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 {
        a.abs()
    } else {
        gcd(b, a % b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::Reader;
    use crate::exec::table::{Col, QueryResult};
    use crate::fields::Fields;

    const H: f64 = 3_600_000.0;

    fn run(op: &Fillmissing, f: &Fields, t: Table, range: (i64, i64)) -> QueryResult {
        let store = crate::store::Store::new();
        let ctx = crate::funcs::EvalCtx { query_start_ms: range.0, query_end_ms: range.1, ..Default::default() };
        let lookups = crate::lookup::Lookups::default();
        let reader = Reader { store: &store, fields: f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let out = op.apply(t, &mut cx).unwrap();
        QueryResult::from_table(&out, &reader)
    }

    fn table(f: &mut Fields, names: &[&str], rows: Vec<Vec<Value>>) -> Table {
        let cols = names.iter().map(|n| Col { id: f.id(n), name: n.to_string() }).collect();
        Table {
            cols,
            rows: rows.into_iter().map(|vals| Row { event: None, vals, matched: 0 }).collect(),
            aggregated: true,
        }
    }

    #[test]
    fn fills_hours_of_the_query_range_with_zero() {
        let mut f = Fields::default();
        let t = table(
            &mut f,
            &["_timeslice", "_count"],
            vec![vec![Value::Num(H), Value::Num(5.0)], vec![Value::Num(3.0 * H), Value::Num(7.0)]],
        );
        let op = Fillmissing {
            gens: vec![Gen::Timeslice { width_ms: Some(H), field: f.id("_timeslice"), name: "_timeslice".into() }],
            numeric: Vec::new(),
            with: Vec::new(),
            take_last: false,
        };
        let q = run(&op, &f, t, (0, 4 * H as i64));
        let n = Value::Num;
        assert_eq!(
            q.rows,
            vec![vec![n(H), n(5.0)], vec![n(3.0 * H), n(7.0)], vec![n(0.0), n(0.0)], vec![n(2.0 * H), n(0.0)]]
        );
    }

    #[test]
    fn infers_the_width_from_the_data() {
        let mut f = Fields::default();
        let t = table(
            &mut f,
            &["_timeslice", "_count"],
            vec![
                vec![Value::Num(0.0), Value::Num(1.0)],
                vec![Value::Num(3.0 * H), Value::Num(1.0)],
                vec![Value::Num(H), Value::Num(1.0)],
            ],
        );
        let op = Fillmissing {
            gens: vec![Gen::Timeslice { width_ms: None, field: f.id("_timeslice"), name: "_timeslice".into() }],
            numeric: Vec::new(),
            with: Vec::new(),
            take_last: false,
        };
        let q = run(&op, &f, t, (0, 0));
        assert_eq!(q.rows[3..], [vec![Value::Num(2.0 * H), Value::Num(0.0)]]);
    }

    #[test]
    fn values_make_a_cartesian_product_and_text_stays_null() {
        let mut f = Fields::default();
        let t = table(
            &mut f,
            &["type", "region", "_count", "note"],
            vec![vec![Value::str("web"), Value::str("eu"), Value::Num(4.0), Value::str("x")]],
        );
        let op = Fillmissing {
            gens: vec![
                Gen::Values { values: vec!["web".into(), "api".into()], field: f.id("type"), name: "type".into() },
                Gen::Values { values: vec!["eu".into(), "us".into()], field: f.id("region"), name: "region".into() },
            ],
            numeric: Vec::new(),
            with: Vec::new(),
            take_last: false,
        };
        let q = run(&op, &f, t, (0, 0));
        let row = |a: &str, b: &str| vec![Value::str(a), Value::str(b), Value::Num(0.0), Value::Null];
        assert_eq!(q.rows[1..], [row("web", "us"), row("api", "eu"), row("api", "us")]);
    }
}

//! `total f [as a] [by g]` (the sum over all rows, or the row's group) and `accum f` (the
//! running sum in row order); values that are not numbers are skipped.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::HashMap;

pub struct Total {
    pub field: FieldId,
    pub by: Vec<FieldId>,
    pub out: FieldId,
    pub name: String,
    /// `accum`: each row gets the sum up to and including itself.
    pub running: bool,
}

impl TableOp for Total {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let key = |row: &_| self.by.iter().map(|id| r.get(row, *id)).collect::<Vec<Value>>();
        // A group with nothing numeric still answers 0, like `sum` over no rows.
        let num = |row: &_| r.get(row, self.field).as_num().filter(|n| n.is_finite()).unwrap_or(0.0);
        let mut sums: HashMap<Vec<Value>, f64> = HashMap::new();
        if self.running {
            for row in &mut t.rows {
                let s = sums.entry(key(row)).or_insert(0.0);
                *s += num(row);
                let v = Value::Num(*s);
                row.set(self.out, v);
            }
        } else {
            for row in &t.rows {
                *sums.entry(key(row)).or_insert(0.0) += num(row);
            }
            for row in &mut t.rows {
                let v = Value::Num(sums[&key(row)]);
                row.set(self.out, v);
            }
        }
        t.add_col(self.out, &self.name);
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::{Reader, Row};
    use crate::exec::table::{Col, QueryResult};
    use crate::fields::Fields;

    fn run(op: &Total, f: &Fields, t: Table) -> QueryResult {
        let (store, ctx, lookups) =
            (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let out = op.apply(t, &mut cx).unwrap();
        QueryResult::from_table(&out, &reader)
    }

    /// Rows of (group, value): the values include text that is not a number, and a numeric string.
    fn input(f: &mut Fields) -> Table {
        let (g, x) = (f.id("g"), f.id("x"));
        let data = [
            ("a", Value::Num(1.0)),
            ("b", Value::Num(10.0)),
            ("a", Value::str("n/a")),
            ("a", Value::str("2.5")),
            ("b", Value::Null),
        ];
        let rows =
            data.into_iter().map(|(k, v)| Row { event: None, vals: vec![Value::str(k), v], matched: 0 }).collect();
        Table { cols: vec![Col { id: g, name: "g".into() }, Col { id: x, name: "x".into() }], rows, aggregated: true }
    }

    fn column(q: &QueryResult, i: usize) -> Vec<Value> {
        q.rows.iter().map(|r| r[i].clone()).collect()
    }

    #[test]
    fn total_over_all_rows_and_by_group() {
        let mut f = Fields::default();
        let t = input(&mut f);
        let op = Total { field: f.id("x"), by: vec![], out: f.id("_total"), name: "_total".into(), running: false };
        let q = run(&op, &f, t);
        assert_eq!(q.columns, ["g", "x", "_total"]);
        assert_eq!(column(&q, 2), vec![Value::Num(13.5); 5]);
        let t = input(&mut f);
        let op =
            Total { field: f.id("x"), by: vec![f.id("g")], out: f.id("sum_g"), name: "sum_g".into(), running: false };
        let n = Value::Num;
        assert_eq!(column(&run(&op, &f, t), 2), vec![n(3.5), n(10.0), n(3.5), n(3.5), n(10.0)]);
    }

    #[test]
    fn accum_is_a_running_sum_in_row_order() {
        let mut f = Fields::default();
        let t = input(&mut f);
        let op = Total { field: f.id("x"), by: vec![], out: f.id("_accum"), name: "_accum".into(), running: true };
        let n = Value::Num;
        assert_eq!(column(&run(&op, &f, t), 2), vec![n(1.0), n(11.0), n(11.0), n(13.5), n(13.5)]);
        let t = input(&mut f);
        let op =
            Total { field: f.id("x"), by: vec![f.id("g")], out: f.id("_accum"), name: "_accum".into(), running: true };
        assert_eq!(column(&run(&op, &f, t), 2), vec![n(1.0), n(10.0), n(1.0), n(3.5), n(10.0)]);
    }
}

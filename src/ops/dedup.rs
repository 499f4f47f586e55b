//! `dedup [consecutive] [N] [by f, g]`: keeps the first N rows of each key in the current order
//! (the key is `_raw` without `by`); `consecutive` only counts runs of adjacent equal keys.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::exec::value::Value;
use crate::plan::fields::FieldId;
use std::collections::HashMap;

pub struct Dedup {
    pub consecutive: bool,
    pub n: usize,
    pub by: Vec<FieldId>,
}

impl TableOp for Dedup {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let key = |row: &_| self.by.iter().map(|id| r.get(row, *id)).collect::<Vec<Value>>();
        if self.consecutive {
            let mut prev: Option<Vec<Value>> = None;
            let mut run = 0;
            t.rows.retain(|row| {
                let k = key(row);
                run = if prev.as_ref() == Some(&k) { run + 1 } else { 1 };
                prev = Some(k);
                run <= self.n
            });
        } else {
            let mut seen: HashMap<Vec<Value>, usize> = HashMap::new();
            t.rows.retain(|row| {
                let c = seen.entry(key(row)).or_insert(0);
                *c += 1;
                *c <= self.n
            });
        }
        Ok(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exec::row::{Reader, Row};
    use crate::exec::table::Col;
    use crate::plan::fields::Fields;

    /// Runs `op` over rows of one text field and returns what is left of that field.
    fn run(op: &Dedup, f: &Fields, id: FieldId, vals: &[&str]) -> Vec<String> {
        let (store, ctx, lookups) = (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let rows = vals
            .iter()
            .map(|v| {
                let mut row = Row { event: None, vals: vec![Value::Null; f.len()], matched: 0 };
                row.set(id, Value::str(v));
                row
            })
            .collect();
        let t = Table { cols: vec![Col { id, name: "x".into() }], rows, aggregated: false };
        op.apply(t, &mut cx).unwrap().rows.iter().map(|r| reader.get(r, id).to_string()).collect()
    }

    #[test]
    fn keeps_first_n_per_key() {
        let mut f = Fields::default();
        let user = f.id("user");
        let vals = ["a", "b", "a", "a", "c", "b"];
        assert_eq!(run(&Dedup { consecutive: false, n: 1, by: vec![user] }, &f, user, &vals), ["a", "b", "c"]);
        assert_eq!(run(&Dedup { consecutive: false, n: 2, by: vec![user] }, &f, user, &vals), ["a", "b", "a", "c", "b"]);
    }

    #[test]
    fn consecutive_only_drops_adjacent_repeats() {
        let mut f = Fields::default();
        let user = f.id("user");
        let vals = ["a", "a", "b", "a", "a", "a"];
        assert_eq!(run(&Dedup { consecutive: true, n: 1, by: vec![user] }, &f, user, &vals), ["a", "b", "a"]);
        assert_eq!(run(&Dedup { consecutive: true, n: 2, by: vec![user] }, &f, user, &vals), ["a", "a", "b", "a", "a"]);
    }

    #[test]
    fn without_by_the_key_is_raw() {
        let mut f = Fields::default();
        let raw = f.id("_raw");
        let vals = [r#"{"e":1}"#, r#"{"e":2}"#, r#"{"e":1}"#];
        assert_eq!(run(&Dedup { consecutive: false, n: 1, by: vec![raw] }, &f, raw, &vals), [r#"{"e":1}"#, r#"{"e":2}"#]);
    }
}

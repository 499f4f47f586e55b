//! `dedup [consecutive] [N] [by f, g]`: keeps the first N rows of each key in the current order;
//! `consecutive` only counts runs of adjacent equal keys.

use super::TableOp;
use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::Table;
use crate::fields::FieldId;
use crate::value::Value;
use std::collections::HashMap;

pub struct Dedup {
    pub consecutive: bool,
    pub n: usize,
    /// Empty: the whole row is the key, `_raw` for a message; an aggregate row has no `_raw`
    /// (it would always be null), so its columns are compared instead.
    pub by: Vec<FieldId>,
    pub raw: FieldId,
}

impl TableOp for Dedup {
    fn apply(&self, mut t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let cols: Vec<FieldId> = t.cols.iter().map(|c| c.id).collect();
        let key = |row: &Row| {
            let ids = match (self.by.is_empty(), row.event) {
                (false, _) => &self.by,
                (true, Some(_)) => std::slice::from_ref(&self.raw),
                (true, None) => &cols,
            };
            ids.iter().map(|id| r.get(row, *id)).collect::<Vec<Value>>()
        };
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
    use crate::exec::row::Reader;
    use crate::exec::table::Col;
    use crate::fields::Fields;

    /// Runs `op` over rows of one text field (messages or aggregate rows) and returns what is left.
    fn run(op: &Dedup, f: &Fields, id: FieldId, vals: &[&str], messages: bool) -> Vec<String> {
        let (store, ctx, lookups) =
            (crate::store::Store::new(), crate::funcs::EvalCtx::default(), crate::lookup::Lookups::default());
        let reader = Reader { store: &store, fields: f };
        let mut cx = Cx::new(reader, &ctx, &lookups);
        let rows = vals
            .iter()
            .enumerate()
            .map(|(i, v)| {
                let mut row = Row { event: messages.then_some(i as u32), vals: vec![Value::Null; f.len()], matched: 0 };
                row.set(id, Value::str(v));
                row
            })
            .collect();
        let t = Table { cols: vec![Col { id, name: "x".into() }], rows, aggregated: !messages };
        op.apply(t, &mut cx).unwrap().rows.iter().map(|r| reader.get(r, id).to_string()).collect()
    }

    fn dedup(consecutive: bool, n: usize, by: Vec<FieldId>, f: &mut Fields) -> Dedup {
        Dedup { consecutive, n, by, raw: f.id("_raw") }
    }

    #[test]
    fn keeps_first_n_per_key() {
        let mut f = Fields::default();
        let user = f.id("user");
        let vals = ["a", "b", "a", "a", "c", "b"];
        assert_eq!(run(&dedup(false, 1, vec![user], &mut f), &f, user, &vals, true), ["a", "b", "c"]);
        assert_eq!(run(&dedup(false, 2, vec![user], &mut f), &f, user, &vals, true), ["a", "b", "a", "c", "b"]);
    }

    #[test]
    fn consecutive_only_drops_adjacent_repeats() {
        let mut f = Fields::default();
        let user = f.id("user");
        let vals = ["a", "a", "b", "a", "a", "a"];
        assert_eq!(run(&dedup(true, 1, vec![user], &mut f), &f, user, &vals, false), ["a", "b", "a"]);
        assert_eq!(run(&dedup(true, 2, vec![user], &mut f), &f, user, &vals, false), ["a", "a", "b", "a", "a"]);
    }

    #[test]
    fn without_by_messages_compare_raw_and_aggregates_their_columns() {
        let mut f = Fields::default();
        let raw = f.id("_raw");
        let vals = [r#"{"e":1}"#, r#"{"e":2}"#, r#"{"e":1}"#];
        assert_eq!(run(&dedup(false, 1, vec![], &mut f), &f, raw, &vals, true), [r#"{"e":1}"#, r#"{"e":2}"#]);
        let user = f.id("user");
        assert_eq!(run(&dedup(false, 1, vec![], &mut f), &f, user, &["x", "y", "x"], false), ["x", "y"]);
    }
}

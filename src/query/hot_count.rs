//! `* | json "<hot paths>" [nodrop] [| where f = "text"]... | count by <those fields>` over a
//! store with hot columns:
//! groups by dictionary codes, so no value is copied or hashed per event. Same answer, same
//! group order as the general path (tests/parallel.rs compares them).

use crate::exec::agg_state::AggFn;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::ops::aggregate::Aggregate;
use crate::ops::Step;
use crate::plan::Plan;
use crate::store::hot::{HotColumns, MISSING};
use crate::store::{Store, NO_TIME};
use crate::value::Value;
use rustc_hash::FxHashMap;

/// The shape this path handles, resolved to hot columns.
struct Shape<'p> {
    agg: &'p Aggregate,
    /// Hot column of each group field, in `by` order.
    by_cols: Vec<usize>,
    /// Every path's column: a row missing any of them is dropped unless `nodrop`.
    all_cols: Vec<usize>,
    nodrop: bool,
    /// `where field = "text"` (or `!=`): the column and, per code, whether the row passes.
    filters: Vec<(usize, Vec<bool>)>,
}

fn shape<'p>(plan: &'p Plan, store: &Store) -> Option<Shape<'p>> {
    let hot = store.hot()?;
    if plan.view.is_some() {
        return None; // its fields are added to each event's row, which this path never makes
    }
    let Some(Step::Row(json)) = plan.steps.first() else { return None };
    let (paths, nodrop) = json.hot_paths()?;
    let agg_at = plan.steps.iter().position(|s| !matches!(s, Step::Row(_)))?;
    let Step::Aggregate(agg) = &plan.steps[agg_at] else { return None };
    let mut filters = Vec::new();
    for step in &plan.steps[1..agg_at] {
        let Step::Row(w) = step else { return None };
        let (field, text, eq) = w.text_filter()?;
        let col = paths.iter().find(|(_, f)| *f == field)?.0;
        // Null and missing compare equal to "" only.
        let pass: Vec<bool> =
            (0..hot.codes_len(col) as u32).map(|c| (hot.value(col, c).as_text() == text) == eq).collect();
        filters.push((col, pass));
    }
    if !plan.matcher.is_all() || agg.frequent || !agg.specs.iter().all(|s| s.f == AggFn::Count && s.arg.is_none()) {
        return None;
    }
    let by_cols = agg
        .by
        .iter()
        .map(|(id, _)| paths.iter().find(|(_, f)| f == id).map(|(c, _)| *c))
        .collect::<Option<Vec<_>>>()?;
    Some(Shape { agg, by_cols, all_cols: paths.iter().map(|(c, _)| *c).collect(), nodrop, filters })
}

type Groups = (FxHashMap<Vec<u32>, usize>, Vec<(Vec<u32>, u64)>);

fn part(
    s: &Shape,
    hot: &HotColumns,
    store: &Store,
    events: std::ops::Range<usize>,
    keep: &(dyn Fn(i64) -> bool + Sync),
) -> Groups {
    let (mut index, mut groups): Groups = Default::default();
    let mut key = Vec::with_capacity(s.by_cols.len());
    for ev in events {
        if !keep(store.event(ev).time)
            || (!s.nodrop && s.all_cols.iter().any(|c| hot.code(*c, ev) == MISSING))
            || !s.filters.iter().all(|(c, pass)| pass[hot.code(*c, ev) as usize])
        {
            continue;
        }
        key.clear();
        key.extend(s.by_cols.iter().map(|c| hot.code(*c, ev)));
        // Missing and JSON null are both null as group keys.
        key.iter_mut().for_each(|k| *k = (*k).max(1));
        match index.get(key.as_slice()) {
            Some(&g) => groups[g].1 += 1,
            None => {
                index.insert(key.clone(), groups.len());
                groups.push((key.clone(), 1));
            }
        }
    }
    (index, groups)
}

/// Whether a count over `store` would take this path (for `explain`).
pub fn applies(plan: &Plan, store: &Store) -> bool {
    shape(plan, store).is_some()
}

/// The aggregated table, if the plan's first two steps have the handled shape.
pub fn try_run(plan: &Plan, store: &Store, range: (i64, i64), untimed: bool, threads: usize) -> Option<Table> {
    let s = shape(plan, store)?;
    let hot = store.hot()?;
    let keep = move |t: i64| if t == NO_TIME { untimed } else { t >= range.0 && t < range.1 };
    let n = store.len();
    let threads = threads.min(n / 20_000).max(1);
    let parts: Vec<Groups> = if threads == 1 || cfg!(target_arch = "wasm32") {
        vec![part(&s, hot, store, 0..n, &keep)]
    } else {
        let per = n.div_ceil(threads);
        let (s, keep) = (&s, &keep);
        std::thread::scope(|sc| {
            let hs: Vec<_> = (0..threads)
                .map(|k| sc.spawn(move || part(s, hot, store, k * per..((k + 1) * per).min(n), keep)))
                .collect();
            hs.into_iter().map(|h| h.join().expect("count threads do not panic")).collect()
        })
    };
    let (mut index, mut groups): Groups = Default::default();
    for (_, p) in parts {
        for (key, c) in p {
            match index.get(&key) {
                Some(&g) => groups[g].1 += c,
                None => {
                    index.insert(key.clone(), groups.len());
                    groups.push((key, c));
                }
            }
        }
    }
    Some(table(&s, hot, plan.fields.len(), groups))
}

fn table(s: &Shape, hot: &HotColumns, nfields: usize, groups: Vec<(Vec<u32>, u64)>) -> Table {
    let agg = s.agg;
    let mut cols: Vec<Col> = agg.by.iter().map(|(id, n)| Col { id: *id, name: n.clone() }).collect();
    cols.extend(agg.specs.iter().flat_map(|sp| sp.outs.iter().map(|(_, id, n)| Col { id: *id, name: n.clone() })));
    let mut groups = groups;
    if groups.is_empty() && agg.by.is_empty() {
        groups.push((Vec::new(), 0)); // `count` over nothing is one row of 0
    }
    let rows = groups
        .into_iter()
        .map(|(key, count)| {
            let mut row = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
            for (((id, _), col), code) in agg.by.iter().zip(&s.by_cols).zip(key) {
                row.vals[*id] = hot.value(*col, code);
            }
            for sp in &agg.specs {
                row.vals[sp.outs[0].1] = Value::Num(count as f64);
            }
            row
        })
        .collect();
    Table { cols, rows, aggregated: true }
}

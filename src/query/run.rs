//! The driver: events pass the scope, then the row operators up to the first table operator
//! (aggregations fold rows as they come); table operators then run in order.

use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::limits::{self, Cap, Exceeded};
use crate::exec::row::Row;
use crate::exec::table::Table;
use crate::ops::aggregate::{Aggregate, Groups};
use crate::ops::{Flow, RowOp, Step};
use crate::plan::Plan;
use crate::store::{Store, NO_TIME};

/// Runs `plan` over the events of `store` whose time is in `cx.range` (events without a time
/// are included only when `include_untimed`).
pub fn execute(plan: &Plan, store: &Store, cx: &mut Cx, include_untimed: bool) -> Result<Table, Diagnostic> {
    for sub in &plan.subqueries {
        subquery(sub, store, cx, include_untimed)?;
    }
    execute_steps(plan, plan.steps.len(), store, cx, include_untimed)
}

/// Runs a subquery's child over the same events (over its own range if it has one) and hands
/// the rows its `compose` made to the parent's matcher or expression.
fn subquery(
    sub: &crate::plan::subquery::SubPlan,
    store: &Store,
    cx: &mut Cx,
    include_untimed: bool,
) -> Result<(), Diagnostic> {
    let tz = cx.env.ctx.tz_offset_minutes;
    let (lo, hi) = cx.range;
    let range = (sub.from.map_or(lo, |t| t.resolve(hi, tz)), sub.to.map_or(hi, |t| t.resolve(hi, tz)));
    let ctx = crate::funcs::EvalCtx { query_start_ms: range.0, query_end_ms: range.1, ..cx.env.ctx.clone() };
    let reader = crate::exec::row::Reader { store, fields: &sub.plan.fields };
    let mut child = Cx::new(reader, &ctx, cx.lookups);
    child.threads = cx.threads;
    child.limits = cx.limits;
    let untimed = include_untimed && sub.from.is_none() && sub.to.is_none();
    let table = execute(&sub.plan, store, &mut child, untimed)?;
    for (w, k) in child.warnings {
        *cx.warnings.entry(w).or_insert(0) += k;
    }
    // `compose` is the child's last step: its columns are the compose fields, in order.
    let rows =
        table.rows.iter().map(|r| table.cols.iter().map(|c| reader.get(r, c.id).as_text().into_owned()).collect());
    sub.composed.set(rows.collect());
    Ok(())
}

/// Runs the first `end` steps of the plan.
fn execute_steps(
    plan: &Plan,
    end: usize,
    store: &Store,
    cx: &mut Cx,
    include_untimed: bool,
) -> Result<Table, Diagnostic> {
    let steps = &plan.steps[..end];
    let nfields = plan.fields.len();
    let first_table = steps.iter().position(|s| !matches!(s, Step::Row(_))).unwrap_or(steps.len());
    let prefix = &steps[..first_table];
    let mut table = Table::default();
    for (id, name) in plan.view.iter().flat_map(|v| v.outputs()) {
        table.add_col(id, &name);
    }
    for step in prefix {
        if let Step::Row(op) = step {
            for (id, name) in op.outputs() {
                table.add_col(id, &name);
            }
        }
    }
    let mut rest = first_table;
    let agg = match steps.get(first_table) {
        Some(Step::Aggregate(agg)) => {
            rest += 1;
            Some(agg)
        }
        _ => None,
    };
    let fast =
        if end >= 2 { super::hot_count::try_run(plan, store, cx.range, include_untimed, cx.threads) } else { None };
    if let Some(t) = fast {
        table = t;
    } else {
        // Rows are gathered for the first table operator, if there is one (else they are the result).
        let gather = (agg.is_none() && first_table < steps.len()).then_some(first_table);
        let scan = Scan { plan, prefix, agg, gather, store, nfields, include_untimed };
        match scan.run(cx) {
            Partial::Groups(g) => table = agg.expect("groups come from an aggregation").finish(g, nfields),
            Partial::Rows(rows) => table.rows = rows,
        }
        stop_if_exceeded(plan, cx)?;
    }
    for (k, step) in steps.iter().enumerate().skip(rest) {
        table = match step {
            Step::Compare(c) => compare(plan, k, c, table, store, cx)?,
            Step::LogCompare(c) => logcompare(plan, k, c, table, store, cx)?,
            _ => apply(step, k, table, cx, nfields)?,
        };
        stop_if_exceeded(plan, cx)?;
    }
    Ok(table)
}

/// Ends the query with a diagnostic if a cap on its working memory was passed.
fn stop_if_exceeded(plan: &Plan, cx: &mut Cx) -> Result<(), Diagnostic> {
    match cx.exceeded.take() {
        Some(x) => Err(limits::diagnostic(x, &cx.limits, &plan.stages[x.step])),
        None => Ok(()),
    }
}

/// Runs the steps before `compare` again over each shifted range and joins the results.
fn compare(
    plan: &Plan,
    k: usize,
    c: &crate::ops::compare::Compare,
    mut table: Table,
    store: &Store,
    cx: &mut Cx,
) -> Result<Table, Diagnostic> {
    let range = cx.range;
    for shift in &c.shifts {
        let mut periods = Vec::with_capacity(shift.count);
        for p in 1..=shift.count as i64 {
            cx.range = (range.0 - shift.ms * p, range.1 - shift.ms * p);
            let t = execute_steps(plan, k, store, cx, false);
            cx.range = range;
            periods.push(t?);
        }
        let reader = cx.env.reader;
        c.join(shift, &mut table, periods, &reader);
    }
    Ok(table)
}

/// Runs the baseline of `logcompare`: the stages before it again, or its `baseline(...)` query,
/// over the baseline window, and compares the signatures of both.
fn logcompare(
    plan: &Plan,
    k: usize,
    c: &crate::ops::logreduce::LogCompare,
    table: Table,
    store: &Store,
    cx: &mut Cx,
) -> Result<Table, Diagnostic> {
    let range = cx.range;
    let window = c.window.range(range, cx.env.ctx.tz_offset_minutes);
    let baseline = match c.baseline.as_ref().and_then(|b| b.downcast_ref::<Plan>()) {
        Some(bp) => {
            // A query of its own: its own field slots (`_raw` has the same slot in every plan,
            // which is what the signatures read) and the baseline window as its range.
            let ctx = crate::funcs::EvalCtx { query_start_ms: window.0, query_end_ms: window.1, ..cx.env.ctx.clone() };
            let reader = crate::exec::row::Reader { store, fields: &bp.fields };
            let mut child = Cx::new(reader, &ctx, cx.lookups);
            child.threads = cx.threads;
            child.limits = cx.limits;
            let t = execute(bp, store, &mut child, false);
            for (w, k) in child.warnings {
                *cx.warnings.entry(w).or_insert(0) += k;
            }
            t
        }
        None => {
            cx.range = window;
            let t = execute_steps(plan, k, store, cx, false);
            cx.range = range;
            t
        }
    };
    Ok(c.compare(table, baseline?, cx))
}

/// The streaming part of a query: events through the scope and the row operators.
struct Scan<'p> {
    plan: &'p Plan,
    prefix: &'p [Step],
    agg: Option<&'p Aggregate>,
    /// The table operator the rows are gathered for (its step), capped at `limits.rows`.
    gather: Option<usize>,
    store: &'p Store,
    nfields: usize,
    include_untimed: bool,
}

/// What one part of the events produced.
enum Partial {
    Groups(Groups),
    Rows(Vec<Row>),
}

/// Below this many events one thread is quicker than starting more.
const MIN_PARALLEL_EVENTS: usize = 20_000;

impl Scan<'_> {
    /// Runs over every event, on `cx.threads` threads when there are enough events; parts are
    /// merged in event order, so the result does not depend on the thread count.
    fn run(&self, cx: &mut Cx) -> Partial {
        // Only the events holding the scope's keywords, when the store knows or can learn them.
        let cands = super::candidates::candidates(&self.plan.matcher, self.store, cx.threads);
        let n = cands.as_ref().map_or(self.store.len(), |c| c.len());
        let cands = cands.as_deref().map(Vec::as_slice);
        let events = move |r: std::ops::Range<usize>| r.map(move |k| cands.map_or(k, |c| c[k] as usize));
        let threads = cx.threads.min(n / MIN_PARALLEL_EVENTS).max(1);
        if threads == 1 || cfg!(target_arch = "wasm32") {
            return self.part(events(0..n), cx);
        }
        let per = n.div_ceil(threads);
        let (reader, ctx, lookups, range, limits) = (cx.env.reader, cx.env.ctx, cx.lookups, cx.range, cx.limits);
        let parts: Vec<(Partial, crate::exec::warning::Gathered, Option<Exceeded>)> = std::thread::scope(|s| {
            let hs: Vec<_> = (0..threads)
                .map(|k| {
                    s.spawn(move || {
                        let mut cx = Cx::new(reader, ctx, lookups);
                        cx.range = range;
                        cx.limits = limits;
                        let p = self.part(events(k * per..((k + 1) * per).min(n)), &mut cx);
                        (p, cx.warnings, cx.exceeded)
                    })
                })
                .collect();
            hs.into_iter().map(|h| h.join().expect("query threads do not panic")).collect()
        });
        // Each part was capped on its own; the merged whole is checked again below.
        let mut merged: Option<Partial> = None;
        for (p, warnings, exceeded) in parts {
            for (w, k) in warnings {
                *cx.warnings.entry(w).or_insert(0) += k;
            }
            cx.exceeded = cx.exceeded.or(exceeded);
            merged = Some(match (merged, p) {
                (None, p) => p,
                (Some(Partial::Groups(mut a)), Partial::Groups(b)) => {
                    self.agg.expect("groups come from an aggregation").merge(&mut a, b);
                    Partial::Groups(a)
                }
                (Some(Partial::Rows(mut a)), Partial::Rows(mut b)) => {
                    a.append(&mut b);
                    Partial::Rows(a)
                }
                _ => unreachable!("every part has the same kind"),
            });
        }
        let merged = merged.expect("at least one part");
        self.check(&merged, cx);
        merged
    }

    /// Notes in `cx` a cap that `p` has passed.
    fn check(&self, p: &Partial, cx: &mut Cx) {
        if cx.exceeded.is_some() {
            return;
        }
        cx.exceeded = match p {
            Partial::Groups(g) if g.len() > cx.limits.groups => {
                Some(Exceeded { cap: Cap::Groups, step: self.prefix.len() })
            }
            Partial::Rows(r) if r.len() > cx.limits.rows => self.gather.map(|step| Exceeded { cap: Cap::Rows, step }),
            _ => None,
        };
    }

    fn part(&self, events: impl Iterator<Item = usize>, cx: &mut Cx) -> Partial {
        let (lo, hi) = cx.range;
        let untimed = self.include_untimed;
        let in_range = |t: i64| if t == NO_TIME { untimed } else { t >= lo && t < hi };
        let (store, matcher) = (self.store, &self.plan.matcher);
        let mut row = Row::default();
        let mut groups = Groups::default();
        let mut rows = Vec::new();
        let (max_rows, max_groups) = (cx.limits.rows, cx.limits.groups);
        for i in events {
            if cx.exceeded.is_some() {
                break;
            }
            if !in_range(store.event(i).time) || !matcher.matches(store.raw(i), store.source(i)) {
                continue;
            }
            reset(&mut row, i, self.nfields);
            if let Some(view) = &self.plan.view {
                view.apply(&mut row, cx);
            }
            // The sinks stop at one past a cap, so a part never holds more.
            match self.agg {
                Some(agg) => push(self.prefix, 0, &mut row, cx, &mut |r, cx| {
                    agg.feed(&mut groups, r, cx);
                    if groups.len() > max_groups {
                        cx.exceeded = Some(Exceeded { cap: Cap::Groups, step: self.prefix.len() });
                    }
                }),
                None => push(self.prefix, 0, &mut row, cx, &mut |r, cx| {
                    rows.push(r.clone());
                    if let (true, Some(step)) = (rows.len() > max_rows, self.gather) {
                        cx.exceeded = Some(Exceeded { cap: Cap::Rows, step });
                    }
                }),
            }
        }
        if self.agg.is_some() {
            Partial::Groups(groups)
        } else {
            Partial::Rows(rows)
        }
    }
}

fn reset(row: &mut Row, event: usize, nfields: usize) {
    row.event = Some(event as u32);
    row.matched = 0;
    row.vals.clear();
    row.vals.resize(nfields, crate::value::Value::Null);
}

/// Sends one row through row operators, then to `sink`. `first` is the index of `steps[0]`
/// in the plan. Rows that `multi` makes wait on a stack, taken in order, rather than in a
/// recursive call per `multi` stage: 2,000 such stages fit in a query.
fn push(steps: &[Step], first: usize, row: &mut Row, cx: &mut Cx, sink: &mut dyn FnMut(&Row, &mut Cx)) {
    let mut waiting: Vec<(Row, usize)> = Vec::new();
    through(steps, 0, first, row, cx, sink, &mut waiting);
    while let Some((mut r, k)) = waiting.pop() {
        if cx.exceeded.is_some() {
            return;
        }
        through(steps, k, first, &mut r, cx, sink, &mut waiting);
    }
}

/// Runs `row` through `steps[from..]`; rows made by `multi` go onto `waiting`, first on top.
fn through(
    steps: &[Step],
    from: usize,
    first: usize,
    row: &mut Row,
    cx: &mut Cx,
    sink: &mut dyn FnMut(&Row, &mut Cx),
    waiting: &mut Vec<(Row, usize)>,
) {
    for (k, step) in steps.iter().enumerate().skip(from) {
        let Step::Row(op) = step else { unreachable!("only row operators are pushed") };
        match op.apply(row, cx) {
            Flow::Keep => {}
            Flow::Drop => return,
            Flow::Many(rows) => {
                if cx.multi_rows > cx.limits.multi_rows {
                    cx.exceeded.get_or_insert(Exceeded { cap: Cap::MultiRows, step: first + k });
                }
                waiting.extend(rows.into_iter().rev().map(|r| (r, k + 1)));
                return;
            }
        }
    }
    sink(row, cx);
}

/// Applies step `k` to a whole table (everything after the first table operator). A passed
/// cap is left in `cx.exceeded`.
fn apply(step: &Step, k: usize, mut table: Table, cx: &mut Cx, nfields: usize) -> Result<Table, Diagnostic> {
    match step {
        Step::Row(op) => {
            for (id, name) in op.outputs() {
                table.add_col(id, &name);
            }
            let mut rows = Vec::with_capacity(table.rows.len());
            for mut r in std::mem::take(&mut table.rows) {
                push(std::slice::from_ref(step), k, &mut r, cx, &mut |r, _| rows.push(r.clone()));
                if cx.exceeded.is_some() {
                    break;
                }
            }
            table.rows = rows;
            Ok(table)
        }
        _ if table.rows.len() > cx.limits.rows => {
            // A table operator before it made the rows (fillmissing, transpose, ...).
            cx.exceeded = Some(Exceeded { cap: Cap::Rows, step: k });
            Ok(table)
        }
        Step::Table(op) => op.apply(table, cx),
        Step::Compare(_) | Step::LogCompare(_) => unreachable!("compare runs in execute_steps"),
        Step::Aggregate(agg) => {
            // At most `limits.rows` rows come in, so at most that many groups.
            let mut groups = Groups::default();
            for r in &table.rows {
                agg.feed(&mut groups, r, cx);
            }
            Ok(agg.finish(groups, nfields))
        }
    }
}

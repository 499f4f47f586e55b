//! Runs a child query's steps over a table (`filter ... in (...)`, `join`'s tables), as the driver runs the steps after the first table operator.

use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::ops::aggregate::Groups;
use crate::ops::{Flow, Step};

/// Runs `steps` over `table`. Planning refuses `compare` and `logcompare` in a child query:
/// they rerun the query over the store, which a child query does not read.
pub fn run(steps: &[Step], mut table: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
    let nfields = cx.env.reader.fields.len();
    for step in steps {
        table = match step {
            Step::Row(op) => {
                for (id, name) in op.outputs() {
                    table.add_col(id, &name);
                }
                let mut rows = Vec::with_capacity(table.rows.len());
                let mut todo: Vec<_> = std::mem::take(&mut table.rows).into_iter().rev().collect();
                while let Some(mut row) = todo.pop() {
                    match op.apply(&mut row, cx) {
                        Flow::Keep => rows.push(row),
                        Flow::Drop => {}
                        Flow::Many(more) => rows.extend(more),
                    }
                }
                table.rows = rows;
                table
            }
            Step::Table(op) => op.apply(table, cx)?,
            Step::Aggregate(agg) => {
                let mut groups = Groups::default();
                for r in &table.rows {
                    agg.feed(&mut groups, r, cx);
                }
                agg.finish(groups, nfields)
            }
            Step::Compare(_) | Step::LogCompare(_) => {
                unreachable!("planning refuses `compare` and `logcompare` in a child query")
            }
        };
    }
    Ok(table)
}

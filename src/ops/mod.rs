//! Operators, one per file. A row operator works on one row at a time (and can run before any
//! aggregation, per event); a table operator needs all rows (sort, transpose, ...).

use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::Table;
use crate::fields::FieldId;

pub mod aggregate;
pub mod child;
pub mod compare;
pub mod dedup;
pub mod eval;
pub mod fields;
pub mod fillmissing;
pub mod json;
pub mod limit;
pub mod logreduce;
pub mod lookup;
pub mod outlier;
pub mod parse;
pub mod parse_regex;
pub mod predict;
pub mod regression;
pub mod sort;
pub mod timeslice;
pub mod top;
pub mod total;
pub mod transaction;
pub mod transactionize;
pub mod transpose;
pub mod where_;
pub mod window;
pub mod withtime;
pub mod xml;
pub mod xpath;

/// What a row operator decided.
pub enum Flow {
    Keep,
    Drop,
    /// `parse regex ... multi`: the row becomes these rows.
    Many(Vec<Row>),
}

pub trait RowOp: Send + Sync {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow;
    /// Fields this operator creates, in order, with the name to show: they become columns.
    fn outputs(&self) -> Vec<(FieldId, String)> {
        Vec::new()
    }
    /// For `json` of hot paths only: (hot column, field) per path, and whether rows missing a
    /// path are kept (`nodrop`). Lets a count by those fields group by column codes.
    fn hot_paths(&self) -> Option<(Vec<(usize, FieldId)>, bool)> {
        None
    }
    /// For `where field = "text"` / `!=`: (field, text, true for `=`), so that a count over hot
    /// columns can compare codes instead of values.
    fn text_filter(&self) -> Option<(FieldId, &str, bool)> {
        None
    }
    /// For `timeslice`: the field holding each event's time bucket (`compare` shifts it back
    /// onto the current period when it joins an earlier one).
    fn time_bucket(&self) -> Option<FieldId> {
        None
    }
}

pub trait TableOp: Send + Sync {
    fn apply(&self, table: Table, cx: &mut Cx) -> Result<Table, Diagnostic>;
}

/// One compiled stage.
pub enum Step {
    Row(Box<dyn RowOp>),
    Table(Box<dyn TableOp>),
    Aggregate(aggregate::Aggregate),
    /// `compare with timeshift`: re-runs the steps before it over shifted time ranges.
    Compare(compare::Compare),
    /// `logcompare timeshift -1d`: reruns the steps before it over the baseline window.
    LogCompare(Box<logreduce::LogCompare>),
}

/// Extraction stages share the `nodrop` chain rule: a failing stage without `nodrop` keeps the
/// row if an earlier `nodrop` stage of its chain matched (`chain` has those stages' bits).
#[derive(Clone, Copy, Debug)]
pub struct Chain {
    pub bit: u64,
    pub chain: u64,
    pub nodrop: bool,
}

impl Chain {
    pub fn outcome(&self, row: &mut Row, matched: bool) -> Flow {
        if matched {
            row.matched |= self.bit;
            Flow::Keep
        } else if self.nodrop || row.matched & self.chain != 0 {
            Flow::Keep
        } else {
            Flow::Drop
        }
    }
}

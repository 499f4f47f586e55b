//! The execution context: what operators read (store, fields, clock, lookups) and the warnings
//! they leave.

use crate::exec::expr::Env;
use crate::exec::limits::{Exceeded, Limits};
use crate::exec::row::Reader;
use crate::funcs::{EvalCtx, FnError};
use crate::lookup::Lookups;

pub struct Cx<'a> {
    pub env: Env<'a>,
    pub lookups: &'a Lookups,
    /// (warning code, text) -> how many rows it happened on (codes: `exec::warning`).
    pub warnings: crate::exec::warning::Gathered,
    /// The query's time range, epoch ms, end exclusive.
    pub range: (i64, i64),
    /// Threads the scan over events may use.
    pub threads: usize,
    /// Caps on the query's working memory.
    pub limits: Limits,
    /// Rows `multi` extraction made so far (on this thread).
    pub multi_rows: usize,
    /// Set when a cap is passed: the scan stops and the query ends with this as its error.
    pub exceeded: Option<Exceeded>,
}

impl<'a> Cx<'a> {
    pub fn new(reader: Reader<'a>, ctx: &'a EvalCtx, lookups: &'a Lookups) -> Cx<'a> {
        let range = (ctx.query_start_ms, ctx.query_end_ms);
        Cx {
            env: Env { reader, ctx },
            lookups,
            warnings: Default::default(),
            range,
            threads: 1,
            limits: Limits::default(),
            multi_rows: 0,
            exceeded: None,
        }
    }

    pub fn warn(&mut self, code: &'static str, message: impl Into<String>) {
        *self.warnings.entry((code, message.into())).or_insert(0) += 1;
    }

    /// Turns a function's error into a warning and a null value; `None` means the row is dropped.
    pub fn absorb(&mut self, e: FnError) -> Option<crate::value::Value> {
        match e {
            FnError::DropRow => None,
            FnError::Warn(m) => {
                self.warn(crate::exec::warning::FUNCTION, m);
                Some(crate::value::Value::Null)
            }
        }
    }
}

//! Planning of time-series and table-shaping operators (transpose, fillmissing, outlier, ...).

use super::fields::Fields;
use crate::diag::Diagnostic;
use crate::ops::Step;
use crate::syntax::ast::{Op, Stage};

pub fn step(st: &Stage, _fields: &mut Fields) -> Result<Step, Diagnostic> {
    let name = match &st.op {
        Op::Transpose { .. } => "transpose",
        Op::Fillmissing { .. } => "fillmissing",
        Op::Total { running: false, .. } => "total",
        Op::Total { running: true, .. } => "accum",
        Op::Dedup { .. } => "dedup",
        Op::Outlier { .. } => "outlier",
        Op::Window { .. } => "smooth/rollingstd/backshift",
        Op::Compare { .. } => "compare",
        _ => "this operator",
    };
    Err(Diagnostic::at("U002", st.span.clone(), format!("unsupported: `{name}` is not implemented yet")))
}

//! Execution: values, rows, expressions, aggregate states, and the driver that runs a plan.

pub mod agg_state;
pub mod candidates;
pub mod cx;
pub mod expr;
pub mod hot_count;
pub mod limits;
pub mod row;
pub mod run;
pub mod table;
pub mod value;
pub mod warning;

//! Row machinery: rows and tables, compiled expressions, aggregate states, the execution context
//! and its limits. The driver that runs a plan is [`crate::query`].

pub mod agg_state;
pub mod composed;
pub mod cx;
pub mod expr;
pub mod limits;
pub mod row;
pub mod table;
pub mod warning;

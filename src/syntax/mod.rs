//! Query text to syntax tree: template substitution, lexing, parsing. Every node keeps its span.

pub mod ast;
mod cursor;
pub mod expr;
pub mod lex;
pub mod names;
pub mod parse;
pub mod search;
mod stages;
mod stages_agg;
mod stages_series;
pub mod template;

pub use parse::parse_query;
pub use stages_agg::AGGREGATES;

//! Query text to syntax tree: template substitution, lexing, parsing. Every node keeps its span.
//! The operators are not here: a stage's parser comes from the [`node::Grammar`] passed in.

pub mod ast;
pub mod cursor;
pub mod expr;
pub mod lex;
pub mod names;
pub mod node;
pub mod parse;
pub mod search;
pub mod subquery;
pub mod template;

pub use parse::parse_query;

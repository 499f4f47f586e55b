//! Trailscope runs Sumo Logic search queries over AWS CloudTrail logs, entirely offline.
//!
//! The same engine serves the command-line tool and, compiled to WebAssembly, the web page.
//! A query goes through four stages, each in its own module:
//!
//! 1. [`syntax`] turns the text into a syntax tree, every node with its byte span;
//! 2. [`plan`] resolves names, functions, operators and lookups, and compiles patterns;
//! 3. [`query`] runs the plan's operators ([`ops`], over the rows of [`exec`]) over a
//!    [`store::Store`] of events;
//! 4. the result is a [`QueryResult`]: columns and rows.
//!
//! Files become events in [`ingest`]. Errors from every stage are [`diag::Diagnostic`]s.
//! Modules only import from their own layer or the ones below it (ARCHITECTURE.md lists the
//! layers; `tests/layers.rs` checks them).
//!
//! ```
//! use trailscope::{ingest, run_query, store::Store, QueryOptions};
//!
//! let mut store = Store::new();
//! let file = br#"{"Records":[
//!   {"eventTime":"2024-01-02T03:04:05Z","eventName":"ConsoleLogin","sourceIPAddress":"203.0.113.9"},
//!   {"eventTime":"2024-01-02T03:05:00Z","eventName":"ListBuckets","sourceIPAddress":"203.0.113.9"}]}"#;
//! ingest::load_bytes(&mut store, "example.json", file, &Default::default());
//! store.finish();
//!
//! let result = run_query(&store, r#"* | json "eventName" | count by eventName | sort by eventName asc"#,
//!                        &QueryOptions::default(), &Default::default()).unwrap();
//! assert_eq!(result.columns, ["eventName", "_count"]);
//! assert_eq!(result.rows[0][0].to_string(), "ConsoleLogin");
//! assert_eq!(result.rows[0][1].to_string(), "1");
//! ```
#![forbid(unsafe_code)]

pub mod detect;
pub mod diag;
pub mod exec;
pub mod fields;
pub mod funcs;
pub mod geo;
pub mod ingest;
pub mod json;
pub mod literal;
pub mod lookup;
pub mod nesting;
pub mod ops;
pub mod plan;
pub mod query;
pub mod session;
pub mod sql;
pub mod store;
pub mod syntax;
pub mod value;

// The public API at the root: the one call most callers need, and what it takes and returns.
pub use exec::table::QueryResult;
pub use plan::compile;
pub use query::{run_query, QueryOptions};

//! JSON without trees: find a path's value inside a document by skipping over everything else.
//!
//! Hand-written rather than serde_json because a query touches one or two keys of each event:
//! skipping is several times faster than building a `Value`, and needs no allocation.

pub mod path;
pub mod scan;

pub use path::{parse_path, Seg};
pub use scan::{extract, find};

//! A query's warnings: something went partly wrong but the query still answered. Each has a
//! stable code (a page or a script tests the code; the message is for people) and the number of
//! rows it happened on (0 for a warning about the whole query).

use serde::Serialize;

/// The scope's `_sourceCategory` matches no loaded file (the page offers to set the category).
pub const CATEGORY_UNMATCHED: &str = "W001";
/// A `lookup` from `geo://` or `asn://` ran without the bundled tables: its fields are null.
pub const NO_GEO_TABLE: &str = "W002";
/// A function could not compute a value for a row (a bad number, time zone, format...): null.
pub const FUNCTION: &str = "W101";
/// `fillmissing` had more combinations than it fills.
pub const FILLMISSING_CAPPED: &str = "W201";
/// `transpose` found no field to fill its cells with.
pub const TRANSPOSE_NO_VALUE: &str = "W202";
/// `transpose` would have made more columns than it keeps.
pub const TRANSPOSE_CAPPED: &str = "W203";
/// `filter`'s child query gave no column for a field it filters on: no row matches.
pub const FILTER_NO_COLUMN: &str = "W204";
/// A subquery's `compose` had more rows than `maxresults`: the rest are left out.
pub const COMPOSE_CAPPED: &str = "W250";
/// `join ... timewindow` met rows without a time: they join nothing.
pub const JOIN_UNTIMED: &str = "W251";

/// `predict` counted timeslices without a value (missing, or not a number) as 0.
pub const PREDICT_FILLED: &str = "W260";
/// `predict`'s AR model learned from fewer than 100 points (Sumo Logic warns the same).
pub const PREDICT_FEW_POINTS: &str = "W261";
/// `predict` had too few points for its AR window: the AR predictions are null.
pub const PREDICT_AR_TOO_SHORT: &str = "W262";

/// One warning of a query's answer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
    /// Rows it happened on; 0 when it is about the query as a whole.
    pub rows: u64,
    /// What it is about, when a page can act on it: for `W001`, the `_sourceCategory` pattern
    /// that matches nothing (as written, `*` wildcards and all).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
}

impl std::fmt::Display for Warning {
    /// `W101: abs: "x" is not a number (3 rows)`, as the CLI prints it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.code, self.message)?;
        if self.rows > 0 {
            write!(f, " ({} row{})", self.rows, if self.rows == 1 { "" } else { "s" })?;
        }
        Ok(())
    }
}

/// Warnings as a query's context gathers them: (code, text) -> rows.
pub type Gathered = std::collections::BTreeMap<(&'static str, String), u64>;

/// The warnings a query's context gathered, in code order.
pub fn collect(gathered: Gathered) -> Vec<Warning> {
    gathered.into_iter().map(|((code, message), rows)| Warning { code, message, rows, subject: None }).collect()
}

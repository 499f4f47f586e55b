//! What differs between the two SQL dialects written: function names and type syntax.
//! Everything else the translator writes is common to Trino (Athena) and Spark SQL.

/// The engine the SQL is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    /// Athena engine v3, i.e. Trino (also Security Lake and the CloudWatch data store).
    Athena,
    /// Spark SQL 3.4+ (EMR, Glue, Databricks).
    Spark,
}

impl Dialect {
    pub fn parse(name: &str) -> Option<Dialect> {
        match name.to_ascii_lowercase().as_str() {
            "athena" | "trino" | "presto" => Some(Dialect::Athena),
            "spark" => Some(Dialect::Spark),
            _ => None,
        }
    }

    /// Whether `x` matches the regular expression `re` (an SQL expression).
    pub fn regex_like(self, x: &str, re: &str) -> String {
        match self {
            Dialect::Athena => format!("regexp_like({x}, {re})"),
            Dialect::Spark => format!("({x} RLIKE {re})"),
        }
    }

    /// Group `n` of the first match, NULL when there is none: Trino's `regexp_extract` gives
    /// NULL then but Spark's and DuckDB's give '', so the match is tested first.
    pub fn regex_group(self, x: &str, re: &str, n: usize) -> String {
        format!("CASE WHEN {} THEN regexp_extract({x}, {re}, {n}) END", self.regex_like(x, re))
    }

    /// The scalar at a JSON path of a JSON text (NULL for an object or array).
    pub fn json_scalar(self, doc: &str, path: &str) -> String {
        match self {
            Dialect::Athena => format!("json_extract_scalar({doc}, {path})"),
            Dialect::Spark => format!("get_json_object({doc}, {path})"),
        }
    }

    /// The value at a JSON path as JSON text (objects and arrays too).
    pub fn json_text(self, doc: &str, path: &str) -> String {
        match self {
            Dialect::Athena => format!("json_format(json_extract({doc}, {path}))"),
            Dialect::Spark => format!("get_json_object({doc}, {path})"),
        }
    }

    /// `eventtime` (ISO 8601 text) as milliseconds since the epoch, a BIGINT.
    pub fn epoch_ms(self, iso: &str) -> String {
        match self {
            // `try`: a record with an unreadable time has none, as in the engine, rather than failing the query.
            Dialect::Athena => format!("CAST(to_unixtime(try(from_iso8601_timestamp({iso}))) * 1000 AS BIGINT)"),
            Dialect::Spark => format!("unix_millis(to_timestamp({iso}))"),
        }
    }

    /// 1-based position of `needle` in `hay`, 0 if absent.
    pub fn strpos(self, hay: &str, needle: &str) -> String {
        match self {
            Dialect::Athena => format!("strpos({hay}, {needle})"),
            Dialect::Spark => format!("instr({hay}, {needle})"),
        }
    }

    /// The distinct non-null values of a group, sorted by code point, one a line (`values`).
    pub fn values(self, x: &str) -> String {
        match self {
            Dialect::Athena => format!("array_join(array_sort(array_agg(DISTINCT {x})), chr(10))"),
            Dialect::Spark => format!("array_join(array_sort(collect_set({x})), char(10))"),
        }
    }

    /// The text type's name.
    pub fn text(self) -> &'static str {
        match self {
            Dialect::Athena => "VARCHAR",
            Dialect::Spark => "STRING",
        }
    }
}

//! `trailscope sql`: the query as Athena (Trino) or Spark SQL over the CloudTrail table.

use trailscope::diag::render::to_text;
use trailscope::sql::{translate, Dialect, Options};

#[derive(clap::Args)]
pub struct SqlArgs {
    /// `athena` (Trino SQL; also Security Lake's engine) or `spark`.
    #[arg(long, default_value = "athena")]
    dialect: String,
    /// The table the SQL reads (as `trailscope athena-table --name` made it).
    #[arg(long, default_value = "cloudtrail_logs")]
    table: String,
    /// Start of the time range (RFC 3339 or a date, UTC); also a predicate on the partition.
    #[arg(long, value_parser = super::parse_time)]
    from: Option<i64>,
    /// End of the time range (excluded).
    #[arg(long, value_parser = super::parse_time)]
    to: Option<i64>,
    /// Template variables, NAME=VALUE (unset `{{name}}` ones are `*`).
    #[arg(long = "var")]
    vars: Vec<String>,
    query: String,
}

pub fn run(a: SqlArgs) -> u8 {
    let Some(dialect) = Dialect::parse(&a.dialect) else {
        eprintln!("error: --dialect is athena or spark, not `{}`", a.dialect);
        return 1;
    };
    let vars = match super::parse_vars(&a.vars) {
        Ok(v) => v,
        Err(e) => {
            eprintln!("error: {e}");
            return 1;
        }
    };
    let opts = Options { dialect, table: a.table, from: a.from, to: a.to, vars };
    match translate(&a.query, &opts) {
        Ok(sql) => {
            println!("{sql}");
            0
        }
        Err(d) => {
            eprint!("{}", to_text(&d, &a.query));
            1
        }
    }
}

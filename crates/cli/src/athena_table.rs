//! `trailscope athena-table`: the CREATE EXTERNAL TABLE for a trail's bucket, with partition
//! projection (single account or organization trail).

use trailscope::sql::ddl::{create_table, Layout};

#[derive(clap::Args)]
pub struct AthenaTableArgs {
    /// The bucket the trail writes to.
    #[arg(long)]
    bucket: String,
    /// A prefix the trail writes under, before `AWSLogs/`.
    #[arg(long)]
    prefix: Option<String>,
    /// The organization's id (`o-...`) for an organization trail.
    #[arg(long)]
    org: Option<String>,
    /// Account ids, comma-separated (projected as an enum; an organization trail without them
    /// has an injected `account` the queries must name).
    #[arg(long, value_delimiter = ',')]
    accounts: Vec<String>,
    /// Regions, comma-separated (default us-east-1 for one account; injected for an org without them).
    #[arg(long, value_delimiter = ',')]
    regions: Vec<String>,
    /// The first day to project, yyyy/MM/dd or yyyy-MM-dd.
    #[arg(long, default_value = "2020/01/01")]
    since: String,
    /// The table's name.
    #[arg(long, default_value = "cloudtrail_logs")]
    name: String,
}

pub fn run(a: AthenaTableArgs) -> u8 {
    let since = a.since.replace('-', "/");
    let ok = since.len() == 10
        && since.bytes().enumerate().all(|(i, b)| if i == 4 || i == 7 { b == b'/' } else { b.is_ascii_digit() });
    if !ok {
        eprintln!("error: --since is a date, yyyy/MM/dd or yyyy-MM-dd, not `{}`", a.since);
        return 1;
    }
    if a.org.as_deref().is_some_and(|o| !o.starts_with("o-")) {
        eprintln!("error: --org is an organization id, `o-` and letters and digits");
        return 1;
    }
    let mut regions = a.regions;
    if regions.is_empty() && a.org.is_none() && a.accounts.len() <= 1 {
        regions.push("us-east-1".into());
    }
    let layout =
        Layout { bucket: a.bucket, prefix: a.prefix, org: a.org, accounts: a.accounts, regions, since, name: a.name };
    println!("{};", create_table(&layout));
    0
}

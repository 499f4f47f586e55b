//! Sample data: a month of a realistic AWS account's CloudTrail, in the S3 layout, telling the
//! story of the five blog queries.
//!
//! Engineers in Tokyo, Vancouver and Berlin sign in to the console (some without MFA, now and
//! then with a typo); one of them signs in from New York for a few days (while a script on
//! their office workstation keeps calling with their key: impossible travel); contractors come in
//! through SSO as an assumed role; the root user signs in twice. One engineer's IntelliJ plugin
//! is denied `ssm:DescribeParameters` all day, every day, which dominates the AccessDenied
//! errors. Around them: CLI and console traffic, S3 data events, instances, a deploy pipeline,
//! a scheduled job, AWS Config and services ("AWS Internal" callers), IPv4 and IPv6, five
//! regions, weekdays busier than weekends and office hours in each office's time zone.
//!
//! The output depends only on the [`Options`]: the same seed gives the same bytes, on any
//! platform and any number of threads (each day has its own random stream).
//!
//! ```
//! use trailscope_sample::{Options, Plan, day_files};
//! let plan = Plan::new(Options { events: 3000, days: 7, ..Default::default() }).unwrap();
//! let files: Vec<_> = (0..plan.days.len()).flat_map(|k| day_files(&plan, k)).collect();
//! assert_eq!(files.iter().map(|f| f.records as u64).sum::<u64>(), 3000);
//! assert!(files[0].path.starts_with("AWSLogs/"));
//! ```

mod agents;
mod calls;
mod cast;
mod clock;
mod errors;
mod files;
mod humans;
mod json;
mod logins;
mod machines;
mod objects;
pub mod places;
mod record;
mod rng;
mod schedule;
mod traffic;

pub use files::{day_files, gzip, LogFile};
pub use schedule::Plan;

/// What to generate.
#[derive(Clone, Debug)]
pub struct Options {
    /// Records in all (exactly).
    pub events: u64,
    pub seed: u64,
    pub days: u32,
    /// The first day, in days since 1970-01-01 (a Monday by default: 2024-09-02).
    pub start: i64,
}

impl Default for Options {
    fn default() -> Self {
        Options { events: 20_000, seed: 1, days: 30, start: clock::days_from_civil(2024, 9, 2) }
    }
}

/// `YYYY-MM-DD` as a day number for [`Options::start`].
pub fn parse_start(date: &str) -> Result<i64, String> {
    clock::parse_date(date)
}

/// One rendered record, with what sorting it into files needs.
pub struct Raw {
    pub time: i64,
    /// Index into the trail's regions.
    pub region: u8,
    pub json: String,
}

/// The facts the story hangs on, for tests and for the page's guided tour.
#[derive(Clone, Debug)]
pub struct Story {
    pub account: String,
    /// Who signs in from New York.
    pub traveller: String,
    /// Whose IntelliJ plugin is denied.
    pub intellij_user: String,
    pub intellij_agent: &'static str,
    /// The one `errorMessage` of the plugin's denied calls.
    pub intellij_message: String,
    /// Console sign-ins from New York (all the traveller's), and how many failed.
    pub new_york_logins: usize,
    pub new_york_failures: usize,
    /// The IAM users.
    pub users: Vec<String>,
}

impl Plan {
    pub fn story(&self) -> Story {
        let c = &self.cast;
        let ny: Vec<&schedule::Login> = self
            .days
            .iter()
            .flat_map(|d| d.shifts.iter())
            .filter(|s| s.place.city == places::NEW_YORK.city)
            .flat_map(|s| s.logins.iter())
            .collect();
        Story {
            account: c.account.clone(),
            traveller: c.users[c.traveller].name.to_string(),
            intellij_user: c.users[c.intellij].name.to_string(),
            intellij_agent: agents::INTELLIJ,
            intellij_message: humans::intellij_message(c),
            new_york_logins: ny.len(),
            new_york_failures: ny.iter().filter(|l| !l.ok).count(),
            users: c.users.iter().map(|u| u.name.to_string()).collect(),
        }
    }
}

/// What [`generate`] wrote.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub files: u64,
    pub events: u64,
    /// Uncompressed JSON bytes.
    pub bytes: u64,
}

/// Generates every day in order, handing each file to `sink` as it is made (one day in memory
/// at a time). The command line runs days on several threads instead, with the same result.
pub fn generate(opts: Options, mut sink: impl FnMut(LogFile)) -> Result<Summary, String> {
    let plan = Plan::new(opts)?;
    let mut sum = Summary::default();
    for k in 0..plan.days.len() {
        for f in day_files(&plan, k) {
            sum.files += 1;
            sum.events += f.records as u64;
            sum.bytes += f.json.len() as u64;
            sink(f);
        }
    }
    Ok(sum)
}

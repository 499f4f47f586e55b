//! A day's records into log files as CloudTrail delivers them: per region, a few hundred
//! records each, named and foldered by the S3 key layout, gzipped.

use super::cast::REGIONS;
use super::clock::{date_path, file_stamp, MINUTE};
use super::rng::{Rng, ALNUM};
use super::schedule::Plan;
use super::traffic::{fill, Cx};
use super::{logins, Raw};
use std::io::Write;

/// Most records one file holds: CloudTrail files of a busy account hold 100-300.
const MAX_RECORDS: usize = 300;

/// One log file, not yet compressed.
pub struct LogFile {
    /// `AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<account>_CloudTrail_<region>_<stamp>_<random>.json.gz`
    pub path: String,
    pub records: usize,
    /// `{"Records":[...]}`, compact.
    pub json: String,
}

/// Generates day `k` of the plan and cuts it into files. Depends on the seed and `k` only, so
/// days can be made in any order and on any thread, with the same bytes.
pub fn day_files(plan: &Plan, k: usize) -> Vec<LogFile> {
    let mut cx = Cx::new(plan, k);
    logins::story(plan, k, &mut cx);
    fill(plan, k, &mut cx);
    let mut events = std::mem::take(&mut cx.out);
    // Stable: events at the same second keep the order they were made in.
    events.sort_by_key(|e| (e.region, e.time));
    let mut rng = Rng::new(plan.opts.seed, &[7, k as u64]);
    let account = &plan.cast.account;
    let mut files = Vec::new();
    let mut rest = events.as_slice();
    while let Some(first) = rest.first() {
        let n = rest.iter().take_while(|e| e.region == first.region).count();
        let (group, tail) = rest.split_at(n);
        rest = tail;
        let region = REGIONS[first.region as usize];
        let target = rng.range(150, MAX_RECORDS as i64 + 1) as usize;
        let parts = n.div_ceil(target).max(n.div_ceil(MAX_RECORDS));
        let mut start = 0;
        for p in 0..parts {
            let end = n * (p + 1) / parts;
            files.push(file(&mut rng, account, region, &group[start..end]));
            start = end;
        }
    }
    files
}

fn file(rng: &mut Rng, account: &str, region: &str, records: &[Raw]) -> LogFile {
    let last = records.iter().map(|r| r.time).max().unwrap_or(0);
    // Delivered at the next five-minute mark after the last record, give or take.
    let delivered = ((last + rng.range(MINUTE, 5 * MINUTE)) / (5 * MINUTE) + 1) * 5 * MINUTE;
    let path = format!(
        "AWSLogs/{account}/CloudTrail/{region}/{}/{account}_CloudTrail_{region}_{}_{}.json.gz",
        date_path(delivered),
        file_stamp(delivered),
        rng.string(ALNUM, 16)
    );
    let mut json = String::with_capacity(records.iter().map(|r| r.json.len() + 1).sum::<usize>() + 16);
    json.push_str("{\"Records\":[");
    for (i, r) in records.iter().enumerate() {
        if i > 0 {
            json.push(',');
        }
        json.push_str(&r.json);
    }
    json.push_str("]}");
    LogFile { path, records: records.len(), json }
}

/// Gzip as CloudTrail writes it (no name, no time stamp in the header: the same bytes every run).
pub fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::with_capacity(data.len() / 8), flate2::Compression::default());
    enc.write_all(data).expect("writing to memory");
    enc.finish().expect("writing to memory")
}

//! Files dropped on the page that are lookup tables rather than events, as `--lookup` and
//! `--threat` give them on the CLI.
//!
//! The rule, by the file's name and first bytes:
//! - a CloudTrail Event history CSV stays events (`ingest::console_csv`), as does anything that
//!   is not one of the two below;
//! - a STIX 2.1 bundle (a JSON object whose first key is `"type": "bundle"`), or a `.csv` with a
//!   `threat` or `indicator` column, adds its indicators to `sumo://threat/cs` (`lookup::threat`);
//! - any other `.csv` with a header is a lookup table named by its file name without extension:
//!   `admin_users.csv` answers `lookup ... from admin_users`, and also any path whose last segment
//!   is that name (`/shared/aws/cloudtrail/admin_users`, as saved queries write it);
//!   `Lookups::table`.
//!
//! A gzipped CSV (`admin_users.csv.gz`) is read as the CSV it holds; in a zip, each `.csv` or
//! `.csv.gz` entry that is a table becomes one (named by the entry's file name), its line in the
//! zip's report saying so, while the rest of the archive loads as events. A STIX bundle is
//! read as indicators only when dropped as it is, not from inside a zip.

use super::Session;
use crate::ingest::console_csv::is_console_csv;
use crate::ingest::detect::{base_name, is_gzip, is_zip};
use crate::ingest::limits::{gunzip, Limits};
use crate::ingest::report::FileReport;
use crate::lookup::{threat, CsvTable};
use std::sync::Arc;

/// What a dropped file is, as far as tables go.
#[derive(Debug, PartialEq)]
pub enum Dropped {
    /// Events (or not a table at all): the event loader reads it and says what it is.
    Events,
    /// Indicators for `sumo://threat/cs`: a STIX bundle.
    Stix,
    /// A CSV that is not an Event history download: indicators or a lookup table, by its header.
    Csv,
}

/// Columns named in a report line before "and N more".
const NAMED_COLUMNS: usize = 12;

/// Decides from the name and first bytes, without reading the whole file.
pub fn dropped(name: &str, data: &[u8]) -> Dropped {
    let text = data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data);
    let start = text.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(text.len());
    if text.get(start) == Some(&b'{') && is_stix_bundle(&text[start..text.len().min(start + 4096)]) {
        Dropped::Stix
    } else if base_name(name).to_ascii_lowercase().ends_with(".csv") && !is_console_csv(data) {
        Dropped::Csv
    } else {
        Dropped::Events
    }
}

/// `{` then `"type": "bundle"` as the first key, as STIX 2.1 bundles are written.
fn is_stix_bundle(head: &[u8]) -> bool {
    let s = String::from_utf8_lossy(head);
    let rest = s[1..].trim_start();
    let Some(rest) = rest.strip_prefix("\"type\"") else { return false };
    let Some(rest) = rest.trim_start().strip_prefix(':') else { return false };
    rest.trim_start().starts_with("\"bundle\"")
}

/// The file name without its directories and last extension (`lookups/admin_users.csv` is
/// `admin_users`, as is `admin_users.csv.gz`): the name a query gives a dropped table.
pub fn table_name(name: &str) -> &str {
    let base = base_name(name);
    let base = plain_name(base).unwrap_or(base);
    base.rsplit_once('.').map_or(base, |(stem, _)| stem)
}

/// `x.csv` for `x.csv.gz` (any case).
fn plain_name(name: &str) -> Option<&str> {
    let cut = name.len().checked_sub(3)?;
    (name.is_char_boundary(cut)
        && name[cut..].eq_ignore_ascii_case(".gz")
        && name[..cut].to_ascii_lowercase().ends_with(".csv"))
    .then(|| &name[..cut])
}

/// Whether a zip entry may be a table (a CSV, maybe gzipped): only those are read twice.
fn maybe_table(entry: &str) -> bool {
    let plain = plain_name(entry).unwrap_or(entry);
    plain.to_ascii_lowercase().ends_with(".csv")
}

impl Session {
    /// A dropped file that is a lookup table (see the module's rule): adds it to the lookups
    /// queries use and answers its report, whose `table` is the load report's line (or whose
    /// `error` says why it could not be read); `None` when the file is events.
    pub fn add_table(&mut self, name: &str, data: &[u8]) -> Option<FileReport> {
        if let (Some(plain), true) = (plain_name(name), is_gzip(data)) {
            // A stream that does not inflate whole is the event loader's to report.
            let text = gunzip(data, Limits::default().max_file_bytes, "per-file (LoadOptions.limits.max_file_bytes)")
                .ok()
                .filter(|i| i.damage.is_none())?
                .data;
            if dropped(plain, &text) == Dropped::Events {
                return None;
            }
            let mut r = self.add_table(plain, &text)?;
            r.name = name.to_string();
            r.shape = r.shape.map(|s| format!("gzip:{s}"));
            return Some(r);
        }
        let kind = dropped(name, data);
        if kind == Dropped::Events {
            return None;
        }
        let mut r = FileReport::new(name);
        r.bytes = data.len() as u64;
        let text = String::from_utf8_lossy(data.strip_prefix(b"\xef\xbb\xbf").unwrap_or(data));
        let answer = match kind {
            Dropped::Stix => {
                r.shape = Some("stix-bundle".into());
                self.add_indicators(name, &text)
            }
            _ => match CsvTable::parse(&text) {
                Err(e) => Err(e),
                Ok(t) if t.header.iter().all(|h| h.is_empty()) => Err("an empty CSV: no header row".into()),
                Ok(t) if t.column("threat").is_some() || t.column("indicator").is_some() => {
                    r.shape = Some("threat-csv".into());
                    self.add_indicators(name, &text)
                }
                Ok(t) => {
                    r.shape = Some("lookup-csv".into());
                    Ok(self.add_lookup(name, t))
                }
            },
        };
        match answer {
            Ok(line) => r.table = Some(line),
            Err(e) => r.fail(e.strip_prefix(&format!("{name}: ")).unwrap_or(&e).to_string(), None, None),
        }
        Some(r)
    }

    /// The tables among a zip's entries (see the module's rule), each with its report line, by
    /// the name the event loader gives the entry (`archive.zip/admin_users.csv`).
    pub(super) fn tables_in_zip(&mut self, name: &str, zip: &[u8]) -> Vec<FileReport> {
        if !is_zip(zip) {
            return Vec::new();
        }
        let limits = Limits::default();
        let cap = (limits.max_file_bytes, "per-file (LoadOptions.limits.max_file_bytes)");
        let entries = crate::ingest::zip::read_entries(zip, &maybe_table, limits.max_zip_entries, cap);
        let mut out = Vec::new();
        for (entry, data) in entries {
            let member = format!("{name}/{entry}");
            let Ok(data) = data else { continue }; // the event loader reports the damage
            if let Some(mut r) = self.add_table(&entry, &data) {
                r.name = member;
                out.push(r);
            }
        }
        out
    }

    fn add_indicators(&mut self, name: &str, text: &str) -> Result<String, String> {
        let rows = threat::read_file(name, text)?;
        let n = rows.len();
        self.threat.extend(rows);
        let all = self.threat.len();
        threat::install(&mut self.lookups, self.threat.clone());
        let plural = if n == 1 { "indicator" } else { "indicators" };
        Ok(if all == n {
            format!("{n} {plural} for {}", threat::SOURCE)
        } else {
            format!("{n} {plural} for {} ({all} loaded in all)", threat::SOURCE)
        })
    }

    fn add_lookup(&mut self, name: &str, t: CsvTable) -> String {
        let table = table_name(name);
        let mut cols = t.header.iter().take(NAMED_COLUMNS).cloned().collect::<Vec<_>>().join(", ");
        if t.header.len() > NAMED_COLUMNS {
            cols.push_str(&format!(" and {} more", t.header.len() - NAMED_COLUMNS));
        }
        let rows = t.rows.len();
        let replaced = self.lookups.dropped.insert(table.to_lowercase(), Arc::new(t)).is_some();
        format!(
            "lookup table `{table}`, {rows} row{}, columns {cols}{}",
            if rows == 1 { "" } else { "s" },
            if replaced { " (replaces the table loaded before under that name)" } else { "" }
        )
    }

    /// Forgets the tables dropped so far (the bundled geo tables stay).
    pub(super) fn clear_tables(&mut self) {
        self.lookups.dropped.clear();
        self.threat.clear();
        threat::install(&mut self.lookups, Vec::new());
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::session::PageQuery;
    use std::path::Path;

    fn fixture(path: &str) -> Vec<u8> {
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(path)).unwrap()
    }

    fn ct(ip: &str, user: &str) -> Vec<u8> {
        format!(
            r#"{{"Records":[{{"eventID":"{ip}","eventTime":"2024-01-05T10:00:00Z","eventName":"GetObject","sourceIPAddress":"{ip}","userIdentity":{{"userName":"{user}"}}}}]}}"#
        )
        .into_bytes()
    }

    fn rows(s: &Session, q: &str) -> Vec<Vec<String>> {
        let r = s.query(q, &PageQuery::default(), || 0.0).unwrap_or_else(|d| panic!("{q}: {d}"));
        r.result.rows.iter().map(|row| row.iter().map(|v| v.to_string()).collect()).collect()
    }

    #[test]
    fn what_a_dropped_file_is() {
        assert_eq!(dropped("a/admin_users.csv", b"admin_user,team\nroot,security\n"), Dropped::Csv);
        assert_eq!(dropped("iocs.CSV", b"\xef\xbb\xbfthreat,type\n"), Dropped::Csv);
        assert_eq!(dropped("bundle.json", &fixture("lookups/threat-bundle.json")), Dropped::Stix);
        assert_eq!(dropped("event_history.csv", b"Event ID,Event time,Event name\n1,2,3\n"), Dropped::Events);
        assert_eq!(dropped("trail.json", &ct("1.2.3.4", "x")), Dropped::Events);
        assert_eq!(dropped("notes.txt", b"a,b\n1,2\n"), Dropped::Events);
        assert_eq!(dropped("other.json", br#"{"type": "report"}"#), Dropped::Events);
        assert_eq!(table_name("lookups/admin_users.csv"), "admin_users");
        assert_eq!(table_name("c:\\x\\Admins.v2.csv"), "Admins.v2");
        assert_eq!(table_name("lookups/admin_users.CSV.gz"), "admin_users");
    }

    #[test]
    fn a_dropped_csv_is_a_table_a_query_names_by_file_name_or_saved_path() {
        let mut s = Session::new();
        s.load("trail.json", ct("203.0.113.50", "root"), "cloudtrail");
        let r = s.load("lookups/admin_users.csv", fixture("lookups/admin_users.csv"), "cloudtrail");
        assert_eq!(r.table.as_deref(), Some("lookup table `admin_users`, 2 rows, columns admin_user, team"));
        assert_eq!((r.records, r.error.as_deref(), r.skipped.as_deref()), (0, None, None));
        let loaded = s.finish_loading(false);
        assert_eq!((loaded.summary.events, loaded.report.totals.files, loaded.report.totals.errors), (1, 2, 0));
        let listed = serde_json::to_value(&loaded.report.files).unwrap();
        assert_eq!(listed[1]["table"], "lookup table `admin_users`, 2 rows, columns admin_user, team");
        for from in ["admin_users", "/shared/aws/cloudtrail/admin_users", "Admin_Users"] {
            let q = format!(
                "* | json \"userIdentity.userName\" as user | lookup team from {from} on admin_user = user | count by user, team"
            );
            assert_eq!(rows(&s, &q), [["root", "security", "1"]], "{from}");
        }
        let d = s.query("* | lookup team from https://x/admin_users on admin_user = x", &PageQuery::default(), || 0.0);
        assert_eq!(d.unwrap_err()["code"], "U022", "a URL is never a dropped table");
        s.clear();
        let d = s.query("* | lookup team from admin_users on admin_user = x", &PageQuery::default(), || 0.0);
        assert_eq!(d.unwrap_err()["code"], "U021", "clear forgets the tables");
    }

    #[test]
    fn indicator_files_answer_sumo_threat_cs_and_add_up() {
        let mut s = Session::new();
        s.load("trail.json", ct("81.2.69.142", "a"), "cloudtrail");
        s.load("trail2.json", ct("203.0.113.50", "b"), "cloudtrail");
        let q = "* | json \"sourceIPAddress\" as ip | lookup type, actor, threatlevel from sumo://threat/cs on threat = ip | where !isNull(type) | count by ip, type, actor, threatlevel | sort by ip asc";
        s.finish_loading(false);
        assert_eq!(s.query(q, &PageQuery::default(), || 0.0).unwrap_err()["code"], "U020");
        let r = s.load("threat-bundle.json", fixture("lookups/threat-bundle.json"), "cloudtrail");
        let line = r.table.unwrap();
        assert!(line.ends_with(" indicators for sumo://threat/cs"), "{line}");
        let r = s.load("iocs.csv", fixture("lookups/threat_iocs.csv"), "cloudtrail");
        assert!(r.table.unwrap().starts_with("2 indicators for sumo://threat/cs ("), "the line says the total");
        s.finish_loading(false);
        let got = rows(&s, q);
        assert_eq!(got.len(), 2, "{got:?}");
        assert_eq!(got[0][..2], ["203.0.113.50", "ip_address"]);
        assert_eq!((got[1][0].as_str(), got[1][3].as_str()), ("81.2.69.142", "high"));
        // The threat-intel operators and views read the same indicators.
        let view = "_view=threat_intel_aws_cloudtrail | count by src_ip, actor | sort by src_ip asc";
        assert_eq!(rows(&s, view), [["203.0.113.50", "EXAMPLE SPIDER", "1"], ["81.2.69.142", "EXAMPLE KITTEN", "1"]]);
        let single = "* | json \"sourceIPAddress\" as ip | threatlookup singleIndicator ip | count by %\"_threatlookup.source\", %\"_threatlookup.num_matches\" | sort by %\"_threatlookup.source\" asc";
        assert_eq!(rows(&s, single), [["iocs", "1", "1"], ["threat-bundle", "1", "1"]], "by file name");
        s.clear();
        assert_eq!(s.query(view, &PageQuery::default(), || 0.0).unwrap_err()["code"], "U020", "clear forgets them");
    }

    #[test]
    fn a_table_that_cannot_be_read_is_an_error_of_its_file() {
        let mut s = Session::new();
        let r = s.load("empty.csv", Vec::new(), "c");
        assert_eq!(r.error.as_deref(), Some("an empty CSV: no header row"));
        let r = s.load("bad.json", br#"{"type": "bundle", "id": "x"}"#.to_vec(), "c");
        assert!(r.error.unwrap().contains("objects"));
        assert_eq!(s.finish_loading(false).report.totals.errors, 2);
    }
}

//! Threat intelligence from the user's own files: `lookup ... from sumo://threat/cs` answers from
//! indicators given as CSV (Sumo Logic's lookup columns) or as STIX 2.1 JSON bundles.
//!
//! Sumo's table is CrowdStrike's, hosted in Sumo Logic; offline the user brings their own list.
//! Every file becomes rows of [`COLUMNS`], the columns Sumo's lookup returns: `threat` (the
//! indicator: an address, domain, URL or hash), `type`, `actor`, `raw` (the indicator's own
//! record) and `threatlevel` (Sumo's `malicious_confidence`: high, medium, low).

use super::{CsvTable, Lookups};
use serde_json::Value as J;
use std::collections::HashMap;
use std::sync::Arc;

/// The lookup path threat queries name.
pub const SOURCE: &str = "sumo://threat/cs";

/// The columns of the table, in Sumo's order.
pub const COLUMNS: [&str; 5] = ["threat", "type", "actor", "raw", "threatlevel"];

/// One indicator and the file it came from (its name without folders and extension), which
/// `threatlookup` answers as the indicator's `source`.
#[derive(Clone, Debug, PartialEq)]
pub struct Indicator {
    /// The row of [`COLUMNS`].
    pub row: [String; 5],
    pub source: String,
}

/// The loaded indicators, for the operators that read more than the lookup table's columns
/// (`threatlookup`, the `_view=threat_intel*` scopes).
pub struct Intel {
    pub indicators: Vec<Indicator>,
    /// Row numbers by indicator, lower case (Sumo matches lookup keys without regard to case).
    by_value: HashMap<String, Vec<usize>>,
}

impl Intel {
    pub fn new(indicators: Vec<Indicator>) -> Intel {
        let mut by_value: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, ind) in indicators.iter().enumerate() {
            by_value.entry(ind.row[0].to_lowercase()).or_default().push(i);
        }
        Intel { indicators, by_value }
    }

    /// The place in `indicators` of every indicator equal to `value` (without regard to
    /// case), in load order.
    pub fn find(&self, value: &str) -> impl Iterator<Item = usize> + '_ {
        self.by_value.get(&value.trim().to_lowercase()).into_iter().flatten().copied()
    }
}

/// Makes `indicators` what `sumo://threat/cs`, `threatip`, `threatlookup` and the
/// `_view=threat_intel*` scopes answer from (none: they say that none is loaded).
pub fn install(lookups: &mut Lookups, indicators: Vec<Indicator>) {
    if indicators.is_empty() {
        lookups.tables.remove(SOURCE);
        lookups.threat = None;
        return;
    }
    lookups.tables.insert(SOURCE.to_string(), Arc::new(table(indicators.iter().map(|i| i.row.clone()).collect())));
    lookups.threat = Some(Arc::new(Intel::new(indicators)));
}

/// The indicators of one file, each with the file's name as its source.
pub fn read_file(name: &str, text: &str) -> Result<Vec<Indicator>, String> {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let source = base.rsplit_once('.').map_or(base, |(stem, _)| stem).to_string();
    Ok(read(name, text)?.into_iter().map(|row| Indicator { row, source: source.clone() }).collect())
}

/// One indicator file: STIX 2.1 when it is a JSON object, CSV otherwise. The name says where an
/// error is.
pub fn read(name: &str, text: &str) -> Result<Vec<[String; 5]>, String> {
    if text.trim_start().starts_with('{') {
        from_stix(text).map_err(|e| format!("{name}: {e}"))
    } else {
        from_csv(text).map_err(|e| format!("{name}: {e}"))
    }
}

/// The table of every file's indicators (a later file's row wins for the same indicator).
pub fn table(rows: Vec<[String; 5]>) -> CsvTable {
    CsvTable {
        header: COLUMNS.iter().map(|c| c.to_string()).collect(),
        rows: rows.into_iter().map(Vec::from).collect(),
    }
}

/// CSV with a header naming at least `threat` (or `indicator`); other columns of [`COLUMNS`] are
/// taken by name, missing ones are empty.
fn from_csv(text: &str) -> Result<Vec<[String; 5]>, String> {
    let t = CsvTable::parse(text)?;
    let key = t.column("threat").or_else(|| t.column("indicator")).ok_or_else(|| {
        format!("a threat-intel CSV needs a `threat` column (its header has: {})", t.header.join(", "))
    })?;
    let cols: Vec<Option<usize>> =
        COLUMNS.iter().map(|c| if *c == "threat" { Some(key) } else { t.column(c) }).collect();
    let rows = t.rows.iter().filter(|r| r.get(key).is_some_and(|v| !v.trim().is_empty()));
    Ok(rows
        .map(|r| {
            std::array::from_fn(|i| cols[i].and_then(|c| r.get(c)).map_or(String::new(), |v| v.trim().to_string()))
        })
        .collect())
}

/// A STIX 2.1 bundle: every `indicator` whose pattern compares observables with `=`, one row per
/// value; the actor is the name of a threat actor, intrusion set or malware a relationship says
/// it indicates; the level comes from its `confidence` (STIX's scale: 70+ high, 30+ medium, 1+ low).
fn from_stix(text: &str) -> Result<Vec<[String; 5]>, String> {
    let bundle: J = serde_json::from_str(text).map_err(|e| format!("not JSON: {e}"))?;
    let objects = bundle["objects"].as_array().ok_or("a STIX bundle has an `objects` list; this JSON has none")?;
    let by_id: HashMap<&str, &J> = objects.iter().filter_map(|o| Some((o["id"].as_str()?, o))).collect();
    let mut actors: HashMap<&str, Vec<&str>> = HashMap::new();
    for r in objects.iter().filter(|o| o["type"] == "relationship" && o["relationship_type"] == "indicates") {
        let (Some(src), Some(dst)) = (r["source_ref"].as_str(), r["target_ref"].as_str()) else { continue };
        if let Some(name) = by_id.get(dst).and_then(|t| t["name"].as_str()) {
            actors.entry(src).or_default().push(name);
        }
    }
    let mut rows = Vec::new();
    for ind in objects.iter().filter(|o| o["type"] == "indicator") {
        let pattern = ind["pattern"].as_str().unwrap_or_default();
        let actor = ind["id"].as_str().and_then(|id| actors.get(id)).map_or(String::new(), |a| a.join(", "));
        let level = match ind["confidence"].as_u64() {
            Some(c) if c >= 70 => "high",
            Some(c) if c >= 30 => "medium",
            Some(c) if c >= 1 => "low",
            _ => "",
        };
        let raw = serde_json::to_string(ind).unwrap_or_default();
        for (kind, value) in comparisons(pattern) {
            rows.push([value, kind.to_string(), actor.clone(), raw.clone(), level.to_string()]);
        }
    }
    if rows.is_empty() {
        return Err(
            "the STIX bundle has no indicator with a pattern this reader understands ([type:value = '...'])".into()
        );
    }
    Ok(rows)
}

/// The `object:path = 'value'` comparisons of a STIX pattern, with Sumo's indicator type for
/// each. Other operators (`MATCHES`, `LIKE`, `!=`) name no single value and are left out.
fn comparisons(pattern: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    let mut rest = pattern;
    while let Some(eq) = rest.find('=') {
        let before = &rest[..eq];
        let after = rest[eq + 1..].trim_start();
        rest = &rest[eq + 1..];
        if before.ends_with('!') || before.ends_with('<') || before.ends_with('>') || !after.starts_with('\'') {
            continue;
        }
        let path = before.rsplit(['[', '(', ' ']).find(|s| !s.is_empty()).unwrap_or_default().trim();
        let Some(end) = literal_end(&after[1..]) else { break };
        let value = after[1..1 + end].replace("\\'", "'").replace("\\\\", "\\");
        if let Some(kind) = kind_of(path) {
            out.push((kind, value));
        }
        rest = &after[1 + end..];
    }
    out
}

/// Where a quoted STIX literal ends (a `'` not escaped by `\`).
fn literal_end(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'\'' => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Sumo's indicator type for a STIX object path.
fn kind_of(path: &str) -> Option<&'static str> {
    let p = path.to_ascii_lowercase().replace(['\'', '"'], "");
    Some(match p.as_str() {
        "ipv4-addr:value" | "ipv6-addr:value" => "ip_address",
        "domain-name:value" => "domain",
        "url:value" => "url",
        "email-addr:value" => "email_address",
        "file:hashes.md5" => "hash_md5",
        "file:hashes.sha-1" | "file:hashes.sha1" => "hash_sha1",
        "file:hashes.sha-256" | "file:hashes.sha256" => "hash_sha256",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_give_each_compared_value_with_its_type() {
        let got = comparisons(
            "[ipv4-addr:value = '198.51.100.7' OR domain-name:value = 'evil.example'] AND [file:hashes.'SHA-256' = 'ab\\'c']",
        );
        assert_eq!(
            got,
            [
                ("ip_address", "198.51.100.7".to_string()),
                ("domain", "evil.example".to_string()),
                ("hash_sha256", "ab'c".to_string())
            ]
        );
        assert!(comparisons("[ipv4-addr:value != '1.2.3.4']").is_empty());
        assert!(comparisons("[url:value MATCHES '^http']").is_empty());
        assert!(comparisons("[ipv4-addr:value = 'cut").is_empty(), "an unclosed literal gives nothing");
    }

    #[test]
    fn csv_needs_a_threat_column_and_keeps_the_known_ones() {
        let rows = from_csv("Threat,actor,extra\n203.0.113.50,EXAMPLE SPIDER,x\n,empty,y\n").unwrap();
        assert_eq!(rows, [["203.0.113.50", "", "EXAMPLE SPIDER", "", ""].map(String::from)]);
        assert!(from_csv("ip,actor\n1.2.3.4,x\n").unwrap_err().contains("`threat` column"));
    }
}

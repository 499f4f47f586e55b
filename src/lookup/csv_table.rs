//! A lookup table from a user's CSV file (header row, then rows), indexed on demand by column.

use crate::value::Value;
use std::collections::HashMap;

pub struct CsvTable {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

impl CsvTable {
    /// Reads RFC 4180 CSV; the first row names the columns.
    pub fn parse(text: &str) -> Result<CsvTable, String> {
        let mut rdr = csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
        let header =
            rdr.headers().map_err(|e| format!("CSV header: {e}"))?.iter().map(|h| h.trim().to_string()).collect();
        let mut rows = Vec::new();
        for (i, rec) in rdr.records().enumerate() {
            let rec = rec.map_err(|e| format!("CSV row {}: {e}", i + 2))?;
            rows.push(rec.iter().map(str::to_string).collect());
        }
        Ok(CsvTable { header, rows })
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.eq_ignore_ascii_case(name))
    }

    /// Index of key column values (joined with \u{1}) to the row; the last duplicate wins.
    pub fn index(&self, keys: &[usize]) -> HashMap<String, usize> {
        let mut m = HashMap::new();
        for (i, r) in self.rows.iter().enumerate() {
            let k: Vec<&str> = keys.iter().map(|c| r.get(*c).map_or("", String::as_str)).collect();
            // Sumo Logic matches lookup keys without regard to case.
            m.insert(k.join("\u{1}").to_lowercase(), i);
        }
        m
    }

    pub fn value(&self, row: usize, col: usize) -> Value {
        self.rows[row].get(col).map_or(Value::Null, |s| Value::str(s))
    }
}

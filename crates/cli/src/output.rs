//! Result tables as aligned text, RFC 4180 CSV or JSON.

use trailscope::value::Value;
use trailscope::QueryResult;

#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum Format {
    Table,
    Csv,
    Json,
}

pub fn render(r: &QueryResult, f: Format) -> String {
    match f {
        Format::Table => table(r),
        Format::Csv => trailscope::query::csv::to_csv(r),
        Format::Json => json(r),
    }
}

fn cell(v: &Value) -> String {
    v.as_text().replace(['\n', '\r'], " ")
}

fn table(r: &QueryResult) -> String {
    let mut widths: Vec<usize> = r.columns.iter().map(|c| c.chars().count()).collect();
    for row in &r.rows {
        for (w, v) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell(v).chars().count().min(120));
        }
    }
    let line = |cells: Vec<String>| -> String {
        let padded: Vec<String> =
            cells.iter().zip(&widths).map(|(c, w)| format!("{:<w$}", truncate(c, *w), w = *w)).collect();
        padded.join(" | ").trim_end().to_string() + "\n"
    };
    let mut out = line(r.columns.clone());
    out.push_str(&(widths.iter().map(|w| "-".repeat(*w)).collect::<Vec<_>>().join("-+-") + "\n"));
    for row in &r.rows {
        out.push_str(&line(row.iter().map(cell).collect()));
    }
    out.push_str(&format!("({} row{})\n", r.rows.len(), if r.rows.len() == 1 { "" } else { "s" }));
    out
}

fn truncate(s: &str, w: usize) -> String {
    if s.chars().count() <= w {
        s.to_string()
    } else {
        s.chars().take(w.saturating_sub(1)).collect::<String>() + "…"
    }
}

fn json(r: &QueryResult) -> String {
    let rows: Vec<serde_json::Map<String, serde_json::Value>> = r
        .rows
        .iter()
        .map(|row| {
            r.columns.iter().cloned().zip(row.iter().map(|v| serde_json::to_value(v).unwrap_or_default())).collect()
        })
        .collect();
    serde_json::to_string_pretty(&rows).expect("values serialize") + "\n"
}

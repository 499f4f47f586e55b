//! `trailscope ingest`: load files and print the load report.

use std::path::PathBuf;

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    #[arg(long, default_value = "cloudtrail")]
    category: String,
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(a: IngestArgs) -> u8 {
    let (store, report) = super::load(&a.paths, &a.category);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report).expect("report serializes"));
    } else {
        for f in &report.files {
            let status = f.error.as_deref().or(f.skipped.as_deref()).unwrap_or("ok");
            println!("{:>7} records  {:>10} bytes  {}  {}", f.records, f.bytes, f.name, status);
        }
        println!(
            "{} records from {} files; {} bytes in memory",
            report.records,
            report.files.len(),
            store.memory_bytes()
        );
    }
    u8::from(report.files.iter().any(|f| f.error.is_some()))
}

//! `trailscope ingest`: load files and print the load report (a table, or JSON with `--json`).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use trailscope::ingest::{load_paths, FileReport, LoadOptions, LoadReport, OnProgress, TimeSpan};

#[derive(clap::Args)]
pub struct IngestArgs {
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    #[arg(long, default_value = "cloudtrail")]
    category: String,
    /// Cap on the decompressed size of everything loaded, in MiB.
    #[arg(long)]
    max_total_mib: Option<u64>,
    #[arg(required = true)]
    paths: Vec<PathBuf>,
}

pub fn run(a: IngestArgs) -> u8 {
    let mut opts = LoadOptions {
        category: a.category.clone(),
        threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        progress: std::io::stderr().is_terminal().then(progress_line),
        ..Default::default()
    };
    if let Some(m) = a.max_total_mib {
        opts.limits.max_total_bytes = m << 20;
    }
    let (store, report) = load_paths(&a.paths, &opts);
    if opts.progress.is_some() {
        eprint!("\r\x1b[K");
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report).expect("report serializes"));
    } else {
        print!("{}", table(&report));
        println!("{} bytes in memory", store.memory_bytes());
    }
    u8::from(report.has_errors())
}

/// A progress line on stderr, at most ten times a second.
fn progress_line() -> OnProgress {
    let last = Mutex::new(Instant::now());
    OnProgress::new(move |p| {
        let mut last = last.lock().unwrap_or_else(|e| e.into_inner());
        if last.elapsed() > Duration::from_millis(100) {
            *last = Instant::now();
            eprint!(
                "\r\x1b[K{}/{} files, {} of {} MiB",
                p.files_done,
                p.files_total,
                p.bytes_done >> 20,
                p.bytes_total >> 20
            );
        }
        true
    })
}

/// The report as a table: a line per file (zip entries indented under their archive), what
/// was skipped or wrong under it, and the totals.
pub fn table(r: &LoadReport) -> String {
    let mut out =
        format!("{:>8} {:>8} {:>12}  {:<22} {:<44} {}\n", "records", "skipped", "bytes", "shape", "time span", "file");
    for f in &r.files {
        file_lines(f, 0, &mut out);
    }
    let t = &r.totals;
    out.push_str(&format!(
        "total: {} files ({} skipped as not CloudTrail, {} with errors), {} records ({} skipped), {} bytes, {}\n",
        t.files,
        t.skipped_files,
        t.errors,
        t.records,
        t.records_skipped,
        t.bytes,
        span(t.time.as_ref()).unwrap_or_else(|| "no event times".into())
    ));
    if r.cancelled {
        out.push_str("cancelled: the files after the last one listed were not loaded\n");
    }
    out
}

fn file_lines(f: &FileReport, depth: usize, out: &mut String) {
    let shape = f.shape.as_deref().unwrap_or("-");
    let time = span(f.time.as_ref()).unwrap_or_else(|| "-".into());
    let indent = "  ".repeat(depth);
    out.push_str(&format!(
        "{:>8} {:>8} {:>12}  {shape:<22} {time:<44} {indent}{}\n",
        f.records, f.records_skipped, f.bytes, f.name
    ));
    let pad = " ".repeat(33);
    if let Some(s) = &f.skipped {
        out.push_str(&format!("{pad}{indent}skipped: {s}\n"));
    }
    if let Some(e) = &f.error {
        out.push_str(&format!("{pad}{indent}error: {e}\n"));
    }
    for (why, n) in &f.skip_reasons {
        out.push_str(&format!("{pad}{indent}{n} skipped: {why}\n"));
    }
    for (what, n) in &f.notes {
        out.push_str(&format!("{pad}{indent}note: {n} {what}\n"));
    }
    for m in &f.members {
        file_lines(m, depth + 1, out);
    }
}

fn span(t: Option<&TimeSpan>) -> Option<String> {
    t.map(|t| format!("{} .. {}", t.earliest, t.latest))
}

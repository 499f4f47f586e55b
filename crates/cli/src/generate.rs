//! `trailscope generate`: write a sample account's CloudTrail logs, gzipped, in the S3 layout.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;
use trailscope_sample::{day_files, gzip, parse_start, Options, Plan};

#[derive(clap::Args)]
pub struct GenerateArgs {
    /// Directory to write `AWSLogs/<account>/CloudTrail/...` into (must not hold an AWSLogs folder yet).
    #[arg(long)]
    out: PathBuf,
    /// Records in all (about 1.4 KB each uncompressed: 700,000 make about 1 GB).
    #[arg(long, default_value_t = 20_000)]
    events: u64,
    /// The same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    #[arg(long, default_value_t = 30)]
    days: u32,
    /// The first day, YYYY-MM-DD.
    #[arg(long, default_value = "2024-09-02")]
    start: String,
    /// Threads (default: every core).
    #[arg(long)]
    threads: Option<usize>,
}

#[derive(Default)]
struct Totals {
    files: u64,
    events: u64,
    json: u64,
    gz: u64,
    error: Option<String>,
}

pub fn run(a: GenerateArgs) -> u8 {
    match generate(&a) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            1
        }
    }
}

fn generate(a: &GenerateArgs) -> Result<(), String> {
    let logs = a.out.join("AWSLogs");
    if logs.exists() {
        // Mixing two runs would break the story (and the determinism): refuse, delete nothing.
        return Err(format!("{} already exists: choose an empty directory", logs.display()));
    }
    let start = parse_start(&a.start)?;
    let plan = Plan::new(Options { events: a.events, seed: a.seed, days: a.days, start })?;
    let threads = a.threads.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get())).max(1);
    let began = Instant::now();
    let next = AtomicUsize::new(0);
    let totals = Mutex::new(Totals::default());
    // Days are independent (each has its own random stream): threads take the next day, and
    // each holds one day in memory, so any size streams out.
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let k = next.fetch_add(1, Ordering::Relaxed);
                if k >= plan.days.len() || totals.lock().expect("no panics").error.is_some() {
                    break;
                }
                for f in day_files(&plan, k) {
                    let gz = gzip(f.json.as_bytes());
                    let res = write(&a.out.join(&f.path), &gz);
                    let mut t = totals.lock().expect("no panics");
                    match res {
                        Ok(()) => {
                            t.files += 1;
                            t.events += f.records as u64;
                            t.json += f.json.len() as u64;
                            t.gz += gz.len() as u64;
                        }
                        Err(e) => {
                            t.error.get_or_insert(e);
                            break;
                        }
                    }
                }
            });
        }
    });
    let t = totals.into_inner().expect("no panics");
    if let Some(e) = t.error {
        return Err(e);
    }
    let secs = began.elapsed().as_secs_f64();
    let story = plan.story();
    println!(
        "wrote {} events in {} files to {} ({:.1} MB of JSON, {:.1} MB gzipped) in {secs:.1} s ({:.0} events/s)",
        t.events,
        t.files,
        logs.display(),
        t.json as f64 / 1e6,
        t.gz as f64 / 1e6,
        t.events as f64 / secs.max(1e-9)
    );
    println!(
        "account {}: {} signs in from New York ({} sign-ins, {} failed); {}'s IntelliJ plugin is denied ssm:DescribeParameters",
        story.account, story.traveller, story.new_york_logins, story.new_york_failures, story.intellij_user
    );
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::write(path, bytes).map_err(|e| format!("{}: {e}", path.display()))
}

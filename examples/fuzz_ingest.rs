//! A mutation fuzzer for the readers: real CloudTrail files, damaged at random (bytes
//! flipped, cut, repeated, spliced, nested deep, gzipped), are loaded and queried; a panic is
//! a bug. Inputs that panic are written to tests/fixtures/fuzz/ as regression cases.
//!
//! `cargo run --release --example fuzz_ingest -- [ITERATIONS] [SEED]`
//! (cargo fuzz needs a nightly compiler, which these machines do not have; this does the same
//! job with the stable one, deterministically for a seed.)

#[path = "../tests/support/fuzz.rs"]
mod fuzz;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let iterations: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let seed: u64 = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let seeds = fuzz::seeds();
    std::panic::set_hook(Box::new(|_| {}));
    let mut rng = fuzz::Rng(seed);
    let mut found = 0;
    for i in 0..iterations {
        let input = fuzz::mutate(&mut rng, &seeds);
        if let Some(msg) = fuzz::run_one(&input) {
            found += 1;
            let path = fuzz::regressions_dir().join(format!("crash-seed{seed}-{i}.bin"));
            std::fs::write(&path, &input).unwrap();
            println!("iteration {i}: panic: {msg} -> {}", path.display());
        }
    }
    println!("{iterations} inputs from {} seed files, {found} panics", seeds.len());
}

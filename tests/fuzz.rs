//! Hostile input never panics: every saved regression case, and a short mutation run.

mod support {
    pub mod fuzz;
}
use support::fuzz;

#[test]
fn saved_regression_cases_do_not_panic() {
    let dir = fuzz::regressions_dir();
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        if e.path().extension().is_some_and(|x| x == "bin") {
            let data = std::fs::read(e.path()).unwrap();
            assert_eq!(fuzz::run_one(&data), None, "{}", e.path().display());
            n += 1;
        }
    }
    assert!(n >= 8, "the saved ingest cases are missing from {}", dir.display());
    eprintln!("{n} regression inputs");
}

#[test]
fn a_short_mutation_run_finds_no_panic() {
    let seeds = fuzz::seeds();
    let mut rng = fuzz::Rng(2026);
    for i in 0..1500 {
        let input = fuzz::mutate(&mut rng, &seeds);
        assert_eq!(fuzz::run_one(&input), None, "mutation {i} of seed 2026 panicked");
    }
}

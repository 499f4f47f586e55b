//! Rules skip events by their gates (tests on hot columns judged once per value): over real
//! CloudTrail, the generated sample and damaged variants of real files, every rule's alerts are
//! the same with gates as without.

mod support {
    pub mod fuzz;
    pub mod geo;
    pub mod shared;
}

use support::{fuzz, shared::shared};
use trailscope::detect::{Alert, RuleOptions, RuleSet};
use trailscope::ingest::{load_bytes, load_path, LoadOptions, LoadReport};
use trailscope::lookup::Lookups;
use trailscope::store::Store;

fn lookups() -> &'static Lookups {
    support::geo::lookups()
}

/// Every bundled rule (the placeholder one with countries), no baselines.
fn rules(gates: bool) -> RuleSet {
    let placeholders = [("Legitimate_Countries".to_string(), vec!["US".to_string(), "DE".to_string()])].into();
    let mut set = RuleSet::builtin(&RuleOptions { placeholders, geo: true });
    set.gates = gates;
    set
}

/// The alerts with gates and without; fails on the first rule whose alerts differ.
fn same_with_and_without(store: &Store, what: &str) -> usize {
    let l = lookups();
    let on: Vec<Alert> = rules(true).detect(store, l, None, 2);
    let off: Vec<Alert> = rules(false).detect(store, l, None, 2);
    if on != off {
        let set = rules(true);
        for (i, r) in set.rules.iter().enumerate() {
            let a: Vec<u32> = on.iter().filter(|a| a.rule as usize == i).map(|a| a.event).collect();
            let b: Vec<u32> = off.iter().filter(|a| a.rule as usize == i).map(|a| a.event).collect();
            assert_eq!(a, b, "{what}: rule {} ({}) with gates vs without", r.meta.title, r.file);
        }
    }
    on.len()
}

#[test]
fn gates_change_nothing_on_real_cloudtrail() {
    let mut store = Store::new();
    let mut report = LoadReport::default();
    load_path(&mut store, &shared("data/cloudtrail"), &LoadOptions::default(), &mut report);
    store.finish();
    assert!(store.len() > 10_000, "{}", store.len());
    let n = same_with_and_without(&store, "shared data");
    assert!(n > 100, "{n} alerts");
}

#[test]
fn gates_change_nothing_on_the_sample() {
    use trailscope_sample::{day_files, Options, Plan};
    let plan = Plan::new(Options { events: 5000, days: 10, ..Default::default() }).unwrap();
    let mut store = Store::new();
    for f in (0..plan.days.len()).flat_map(|k| day_files(&plan, k)) {
        load_bytes(&mut store, &f.path, f.json.as_bytes(), &LoadOptions::default());
    }
    store.finish();
    assert!(same_with_and_without(&store, "sample") > 10);
}

#[test]
fn gates_change_nothing_on_damaged_files() {
    let seeds = fuzz::seeds();
    let mut rng = fuzz::Rng(0x9a7e);
    let mut store = Store::new();
    for i in 0..300 {
        let data = fuzz::mutate(&mut rng, &seeds);
        load_bytes(&mut store, &format!("m{i}.json"), &data, &LoadOptions::default());
    }
    store.finish();
    assert!(store.len() > 1000, "{}", store.len());
    assert!(same_with_and_without(&store, "damaged files") > 0);
}

#[test]
fn gates_change_nothing_on_odd_values() {
    // Arrays, objects, null, numbers, escapes and repeated keys where rules expect strings.
    let events = [
        r#"{"eventTime":"2024-01-01T00:00:00Z","eventID":"a","eventSource":"cloudtrail.amazonaws.com","eventName":["StopLogging"]}"#,
        r#"{"eventTime":"2024-01-01T00:00:01Z","eventID":"b","eventSource":["cloudtrail.amazonaws.com"],"eventName":"DeleteTrail"}"#,
        r#"{"eventTime":"2024-01-01T00:00:02Z","eventID":"c","eventSource":"cloudtrail.amazonaws.com","eventName":"Stop\u004cogging"}"#,
        r#"{"eventTime":"2024-01-01T00:00:03Z","eventID":"d","eventSource":"CLOUDTRAIL.amazonaws.com","eventName":"stoplogging"}"#,
        r#"{"eventTime":"2024-01-01T00:00:04Z","eventID":"e","eventSource":"cloudtrail.amazonaws.com","eventName":"UpdateTrail","eventName":"StopLogging"}"#,
        r#"{"eventTime":"2024-01-01T00:00:05Z","eventID":"f","eventSource":{"x":"cloudtrail.amazonaws.com"},"eventName":"StopLogging"}"#,
        r#"{"eventTime":"2024-01-01T00:00:06Z","eventID":"g","eventSource":null,"eventName":12}"#,
        r#"{"eventTime":"2024-01-01T00:00:07Z","eventID":"h","userIdentity":{"type":["Root"]},"eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com","responseElements":{"ConsoleLogin":"Success"}}"#,
        r#"{"eventTime":"2024-01-01T00:00:08Z","eventID":"i","userIdentity":[{"type":"Root"}],"eventName":"ConsoleLogin","eventSource":"signin.amazonaws.com","responseElements":{"ConsoleLogin":"Success"}}"#,
    ];
    let mut store = Store::new();
    let file = format!(r#"{{"Records":[{}]}}"#, events.join(","));
    load_bytes(&mut store, "odd.json", file.as_bytes(), &LoadOptions::default());
    store.finish();
    assert_eq!(store.len(), events.len());
    assert!(same_with_and_without(&store, "odd values") >= 4);
}

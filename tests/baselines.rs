//! The behaviour baselines on the generated sample, whose story is known: the New York trip is a
//! first-seen country and impossible travel, the IntelliJ plugin's denials are bursts, and the
//! sign-in baselines agree with counts made here over the JSON with serde_json.

#[path = "support/geo.rs"]
mod geo_tables;
use serde_json::Value as Json;
use std::sync::OnceLock;
use trailscope::detect::baseline::{self, Finding, Kind, Options};
use trailscope::ingest::{load_bytes, LoadOptions};
use trailscope::lookup::Lookups;
use trailscope::store::Store;
use trailscope_sample::{day_files, places, Options as SampleOptions, Plan, Story};

struct Sample {
    store: Store,
    story: Story,
    /// Each event parsed by serde_json, by store index.
    json: Vec<Json>,
    lookups: Lookups,
}

fn sample() -> &'static Sample {
    static S: OnceLock<Sample> = OnceLock::new();
    S.get_or_init(|| {
        let plan = Plan::new(SampleOptions::default()).unwrap();
        let mut store = Store::new();
        for f in (0..plan.days.len()).flat_map(|k| day_files(&plan, k)) {
            load_bytes(&mut store, &f.path, f.json.as_bytes(), &LoadOptions::default());
        }
        store.finish();
        store.index_hot(2);
        let json = (0..store.len()).map(|i| serde_json::from_str(store.raw(i)).unwrap()).collect();
        let mut lookups = Lookups::default();
        geo_tables::install(&mut lookups);
        Sample { store, story: plan.story(), json, lookups }
    })
}

fn findings(kind: Kind) -> Vec<Finding> {
    let s = sample();
    baseline::run(&s.store, s.store.hot().unwrap(), &s.lookups, &Options::default(), &mut |_| {})
        .into_iter()
        .filter(|f| f.kind == kind)
        .collect()
}

fn user_of(e: &Json) -> &str {
    e["userIdentity"]["userName"].as_str().unwrap_or_default()
}

fn is_new_york(ip: &str) -> bool {
    places::NEW_YORK.office.contains(&ip) || places::NEW_YORK.home.contains(&ip) || places::NEW_YORK.ipv6.contains(&ip)
}

#[test]
fn the_new_york_trip_is_a_first_seen_country_and_impossible_travel() {
    let s = sample();
    let country = findings(Kind::FirstCountry);
    assert!(!country.is_empty());
    for f in &country {
        let e = &s.json[f.event as usize];
        assert_eq!(user_of(e), s.story.traveller, "only the trip is a new country: {}", f.detail);
        assert!(is_new_york(e["sourceIPAddress"].as_str().unwrap()), "{e}");
        assert!(f.detail.starts_with("first activity from US; seen before: "), "{}", f.detail);
    }
    let travel = findings(Kind::ImpossibleTravel);
    assert!(!travel.is_empty());
    for f in &travel {
        let ips: Vec<&str> =
            f.events.iter().map(|&e| s.json[e as usize]["sourceIPAddress"].as_str().unwrap()).collect();
        assert!(f.events.iter().all(|&e| user_of(&s.json[e as usize]) == s.story.traveller), "{}", f.detail);
        assert_eq!(ips.iter().filter(|ip| is_new_york(ip)).count(), 1, "New York and the office: {ips:?}");
        assert!(f.detail.contains("New York, US"), "{}", f.detail);
    }
    // The first trip day's alert comes within hours of the first New York sign-in.
    let first_login = (0..s.store.len())
        .filter(|&i| {
            s.json[i]["eventName"] == "ConsoleLogin" && is_new_york(s.json[i]["sourceIPAddress"].as_str().unwrap())
        })
        .map(|i| s.store.event(i).time)
        .min()
        .unwrap();
    let first_travel = travel.iter().map(|f| s.store.event(f.event as usize).time).min().unwrap();
    assert!((first_travel - first_login).abs() < 12 * 3_600_000, "{first_login} {first_travel}");
}

#[test]
fn the_intellij_plugins_denials_are_bursts() {
    let s = sample();
    let denied: Vec<usize> = (0..s.store.len())
        .filter(|&i| s.json[i]["userAgent"] == s.story.intellij_agent && s.json[i]["errorCode"] == "AccessDenied")
        .collect();
    assert!(denied.len() > 100, "{}", denied.len());
    let bursts = findings(Kind::DeniedBurst);
    let mut in_bursts = 0;
    for f in &bursts {
        let e = &s.json[f.event as usize];
        assert_eq!(e["userAgent"], s.story.intellij_agent, "only the plugin is denied in bursts: {}", f.detail);
        assert_eq!(user_of(e), s.story.intellij_user);
        in_bursts += f.detail.split(' ').next().unwrap().parse::<usize>().unwrap();
    }
    // Most of its denials are in bursts (the rest are days with fewer than 10 within an hour).
    assert!(in_bursts * 10 >= denied.len() * 8, "{in_bursts} of {}", denied.len());
    assert!(in_bursts <= denied.len());
}

#[test]
fn sign_in_baselines_agree_with_a_count_over_the_json() {
    let s = sample();
    let want_no_mfa: Vec<u32> = (0..s.store.len())
        .filter(|&i| {
            let e = &s.json[i];
            e["eventName"] == "ConsoleLogin"
                && e["responseElements"]["ConsoleLogin"] == "Success"
                && e["additionalEventData"]["MFAUsed"].as_str().is_some_and(|m| m.eq_ignore_ascii_case("no"))
                && (e["userIdentity"]["type"] == "IAMUser" || e["userIdentity"]["type"] == "Root")
        })
        .map(|i| i as u32)
        .collect();
    let mut got: Vec<u32> = findings(Kind::ConsoleWithoutMfa).iter().map(|f| f.event).collect();
    got.sort();
    let mut want = want_no_mfa;
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    // Root signs in on its days and makes a few calls within minutes: one episode per sign-in.
    let root_logins =
        s.json.iter().filter(|e| e["eventName"] == "ConsoleLogin" && e["userIdentity"]["type"] == "Root").count();
    let root_calls = s.json.iter().filter(|e| e["userIdentity"]["type"] == "Root").count();
    let root = findings(Kind::RootUse);
    assert_eq!(root.len(), root_logins);
    assert_eq!(root.iter().map(|f| f.events.len()).sum::<usize>(), root_calls);
}

#[test]
fn the_sample_is_quiet_where_nothing_happened() {
    // Nobody else travels, and no one's sign-ins fail three times within 15 minutes.
    assert!(findings(Kind::FailedSignIns).is_empty());
    let s = sample();
    let users: std::collections::BTreeSet<&str> =
        findings(Kind::FirstCountry).iter().map(|f| user_of(&s.json[f.event as usize])).collect();
    assert_eq!(users.into_iter().collect::<Vec<_>>(), [s.story.traveller.as_str()]);
}

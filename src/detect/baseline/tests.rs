//! Hand-made cases whose answers are known: each baseline, out-of-order files, missing geo, IPv6 and AWS Internal sources.

use super::*;
use crate::lookup::{IpTable, Lookups};
use crate::value::Value;
use crate::{ingest, store::Store};
use std::sync::Arc;

/// A geo and ASN table of a few addresses: the office in Berlin, a hotel in New York (v4 and
/// v6), a flat in Tokyo, and one address the table does not know.
struct Fake;

fn spot(ip: &str) -> Option<(f64, f64, &'static str, &'static str, &'static str)> {
    Some(match ip {
        "87.153.133.131" | "87.153.133.140" => (52.52, 13.405, "DE", "Berlin", "3320"),
        "72.229.58.201" | "2600:4040:5e:a100:80c9:11ff:fe3a:2b7" => (40.7128, -74.006, "US", "New York", "12271"),
        "126.0.0.9" => (35.6762, 139.6503, "JP", "Tokyo", "17676"),
        "87.153.200.1" => (52.37, 9.73, "DE", "Hanover", "3320"),
        _ => return None,
    })
}

impl IpTable for Fake {
    fn lookup(&self, ip: &str, columns: &[usize]) -> Option<Vec<Value>> {
        let (lat, lon, cc, city, _) = spot(ip)?;
        let all = [
            Value::from(lat),
            Value::from(lon),
            Value::str("EU"),
            Value::str(cc),
            Value::str(""),
            Value::str(""),
            Value::str(city),
        ];
        Some(columns.iter().map(|&c| all.get(c).cloned().unwrap_or(Value::Null)).collect())
    }
}

struct FakeAsn;

impl IpTable for FakeAsn {
    fn lookup(&self, ip: &str, columns: &[usize]) -> Option<Vec<Value>> {
        let asn = spot(ip)?.4;
        let all = [Value::str(asn), Value::str(if asn == "3320" { "Deutsche Telekom AG" } else { "Other" })];
        Some(columns.iter().map(|&c| all.get(c).cloned().unwrap_or(Value::Null)).collect())
    }
}

fn geo() -> Lookups {
    Lookups { geo: Some(Arc::new(Fake)), asn: Some(Arc::new(FakeAsn)), ..Default::default() }
}

/// An event of `user` (an IAM user of account 1, `"root"` for the root user, `""` for an AWS
/// service) at `t` (an ISO time), with extra top-level members.
fn ev(id: &str, t: &str, user: &str, ip: &str, name: &str, extra: &str) -> String {
    let who = match user {
        "" => r#"{"type":"AWSService","invokedBy":"config.amazonaws.com"}"#.to_string(),
        "root" => r#"{"type":"Root","principalId":"111111111111","arn":"arn:aws:iam::111111111111:root","accountId":"111111111111"}"#.to_string(),
        u => format!(r#"{{"type":"IAMUser","principalId":"AIDA{u}","arn":"arn:aws:iam::111111111111:user/{u}","accountId":"111111111111","userName":"{u}"}}"#),
    };
    format!(
        r#"{{"eventTime":"{t}","eventID":"{id}","userIdentity":{who},"eventSource":"iam.amazonaws.com","eventName":"{name}","awsRegion":"eu-central-1","sourceIPAddress":"{ip}","userAgent":"aws-cli/2.15.0 Python/3.11"{extra}}}"#
    )
}

/// Loads each group of events as one file, in the order given.
fn store(files: &[Vec<String>]) -> Store {
    let mut s = Store::new();
    for (i, f) in files.iter().enumerate() {
        let text = format!(r#"{{"Records":[{}]}}"#, f.join(","));
        ingest::load_bytes(&mut s, &format!("f{i}.json"), text.as_bytes(), &Default::default());
    }
    s.index_hot(1);
    s
}

/// The findings of `kind`: (eventID of its event, eventIDs of its events, detail).
fn found(s: &Store, o: &Options, kind: Kind) -> Vec<(String, Vec<String>, String)> {
    let id = |e: u32| facts::field(s.raw(e as usize), &["eventID"]).unwrap_or_default();
    run(s, s.hot().unwrap(), &geo(), o, &mut |_| {})
        .into_iter()
        .filter(|f| f.kind == kind)
        .map(|f| (id(f.event), f.events.iter().map(|&e| id(e)).collect(), f.detail))
        .collect()
}

/// Ten days of a Berlin user, then a day with New York; the learning window is the first 7.
fn berlin_then_new_york() -> Vec<Vec<String>> {
    let mut days: Vec<Vec<String>> = (1..=10)
        .map(|d| {
            vec![ev(&format!("b{d}"), &format!("2024-09-{d:02}T09:00:00Z"), "ada", "87.153.133.131", "GetUser", "")]
        })
        .collect();
    days.push(vec![
        ev("ny1", "2024-09-11T14:00:00Z", "ada", "72.229.58.201", "GetUser", ""),
        ev("ny2", "2024-09-11T15:00:00Z", "ada", "2600:4040:5e:a100:80c9:11ff:fe3a:2b7", "GetUser", ""),
        ev("be1", "2024-09-11T15:30:00Z", "ada", "87.153.133.140", "GetUser", ""),
    ]);
    days
}

#[test]
fn first_seen_country_after_the_learning_window_only() {
    let s = store(&berlin_then_new_york());
    let got = found(&s, &Options::default(), Kind::FirstCountry);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "ny1");
    assert_eq!(got[0].2, "first activity from US; seen before: DE");
    // A learning window that ends after New York learns it: nothing is new.
    let o = Options { learn_days: 30.0, ..Options::default() };
    assert!(found(&s, &o, Kind::FirstCountry).is_empty());
    // A learning window set by date.
    let o = Options {
        learn_until: Some(crate::ingest::time::parse_event_time("2024-09-12T00:00:00Z")),
        ..Options::default()
    };
    assert!(found(&s, &o, Kind::FirstCountry).is_empty());
    // The network is new too.
    let asn = found(&s, &Options::default(), Kind::FirstAsn);
    assert_eq!(asn.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["ny1"]);
    assert!(asn[0].2.contains("AS12271 (Other)") && asn[0].2.contains("AS3320 (Deutsche Telekom AG)"), "{}", asn[0].2);
}

#[test]
fn files_out_of_order_give_the_same_findings() {
    let mut days = berlin_then_new_york();
    let first = store(&days);
    let in_order = run(&first, first.hot().unwrap(), &geo(), &Options::default(), &mut |_| {});
    days.reverse();
    days.swap(2, 7);
    let s = store(&days);
    let shuffled = run(&s, s.hot().unwrap(), &geo(), &Options::default(), &mut |_| {});
    let ids = |s: &Store, v: &[Finding]| -> Vec<(Kind, String, String)> {
        let mut out: Vec<_> = v
            .iter()
            .map(|f| (f.kind, facts::field(s.raw(f.event as usize), &["eventID"]).unwrap(), f.detail.clone()))
            .collect();
        out.sort();
        out
    };
    let a = ids(&first, &in_order);
    assert!(!a.is_empty());
    assert_eq!(a, ids(&s, &shuffled));
}

#[test]
fn impossible_travel_counts_ipv6_and_skips_what_has_no_place() {
    let s = store(&berlin_then_new_york());
    let got = found(&s, &Options::default(), Kind::ImpossibleTravel);
    // Berlin (day 10, 09:00) to New York (day 11, 14:00) is 29 hours: possible. New York over
    // IPv6 at 15:00 and Berlin at 15:30: 6,385 km in 30 minutes.
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].0, "be1");
    assert_eq!(got[0].1, ["ny2", "be1"]);
    assert!(got[0].2.starts_with("from New York, US to Berlin, DE: 6385 km in 30 min"), "{}", got[0].2);
    // AWS Internal, a service name and an address without a place change nothing.
    let mut days = berlin_then_new_york();
    let last = days.last_mut().unwrap();
    last.insert(2, ev("x1", "2024-09-11T15:10:00Z", "ada", "AWS Internal", "GetUser", ""));
    last.insert(2, ev("x2", "2024-09-11T15:11:00Z", "ada", "ec2.amazonaws.com", "GetUser", ""));
    last.insert(2, ev("x3", "2024-09-11T15:12:00Z", "ada", "203.0.113.9", "GetUser", ""));
    let got = found(&store(&days), &Options::default(), Kind::ImpossibleTravel);
    assert_eq!(got.iter().map(|f| f.1.clone()).collect::<Vec<_>>(), [["ny2", "be1"]]);
    // Below the distance floor nothing is impossible: Berlin to Hanover (250 km) in a minute.
    let near = vec![vec![
        ev("h1", "2024-09-01T09:00:00Z", "ada", "87.153.133.131", "GetUser", ""),
        ev("h2", "2024-09-01T09:01:00Z", "ada", "87.153.200.1", "GetUser", ""),
    ]];
    assert!(found(&store(&near), &Options::default(), Kind::ImpossibleTravel).is_empty());
    let o = Options { travel_km: 100.0, ..Options::default() };
    assert_eq!(found(&store(&near), &o, Kind::ImpossibleTravel).len(), 1);
    // A faster allowed speed lets the 30-minute hop pass.
    let o = Options { travel_kmh: 20_000.0, ..Options::default() };
    assert!(found(&s, &o, Kind::ImpossibleTravel).is_empty());
}

#[test]
fn alternating_places_are_one_alert_a_day() {
    let mut evs = Vec::new();
    for i in 0..10 {
        let ip = if i % 2 == 0 { "87.153.133.131" } else { "72.229.58.201" };
        evs.push(ev(&format!("a{i}"), &format!("2024-09-01T10:{:02}:00Z", i * 5), "ada", ip, "GetUser", ""));
    }
    evs.push(ev("next", "2024-09-02T10:50:00Z", "ada", "87.153.133.131", "GetUser", ""));
    evs.push(ev("next2", "2024-09-02T10:55:00Z", "ada", "72.229.58.201", "GetUser", ""));
    let got = found(&store(&[evs]), &Options::default(), Kind::ImpossibleTravel);
    assert_eq!(got.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["a1", "next2"]);
}

#[test]
fn sign_ins_without_mfa_and_root_episodes() {
    let login = |id: &str, t: &str, user: &str, ok: bool, mfa: &str| {
        let extra = format!(
            r#","responseElements":{{"ConsoleLogin":"{}"}},"additionalEventData":{{"MFAUsed":"{mfa}"}}"#,
            if ok { "Success" } else { "Failure" }
        );
        ev(id, t, user, "87.153.133.131", "ConsoleLogin", &extra)
    };
    let assumed = r#"{"eventTime":"2024-09-01T08:00:00Z","eventID":"sso","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/AWSReservedSSO_x/bob"},"eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"},"sourceIPAddress":"87.153.133.131"}"#;
    let s = store(&[vec![
        login("l1", "2024-09-01T09:00:00Z", "ada", true, "No"),
        login("l2", "2024-09-01T09:05:00Z", "ada", true, "Yes"),
        login("l3", "2024-09-01T09:06:00Z", "ada", false, "No"),
        login("r1", "2024-09-01T10:00:00Z", "root", true, "NO"),
        ev("r2", "2024-09-01T10:05:00Z", "root", "87.153.133.131", "ListUsers", ""),
        ev("r3", "2024-09-01T10:50:00Z", "root", "87.153.133.131", "ListUsers", ""),
        ev("r4", "2024-09-01T12:00:00Z", "root", "87.153.133.131", "GetAccountSummary", ""),
        assumed.to_string(),
    ]]);
    let no_mfa = found(&s, &Options::default(), Kind::ConsoleWithoutMfa);
    assert_eq!(no_mfa.iter().map(|f| f.0.as_str()).collect::<Vec<_>>(), ["l1", "r1"]);
    assert_eq!(no_mfa[1].2, "console sign-in of the root user without MFA from 87.153.133.131 (Berlin, DE)");
    let root = found(&s, &Options::default(), Kind::RootUse);
    assert_eq!(root.len(), 2, "{root:?}");
    assert_eq!(root[0].1, ["r1", "r2", "r3"]);
    assert_eq!(root[0].2, "root user: 3 calls over 50 min: ListUsers ×2, ConsoleLogin");
    assert_eq!(root[1].1, ["r4"]);
}

#[test]
fn bursts_of_failed_sign_ins_and_of_denials() {
    let fail = |id: &str, t: &str, user: &str, ip: &str| {
        let who = if user.is_empty() {
            r#"{"type":"IAMUser","accountId":"1","accessKeyId":"","userName":"HIDDEN_DUE_TO_SECURITY_REASONS"}"#
                .to_string()
        } else {
            format!(
                r#"{{"type":"IAMUser","accountId":"1","principalId":"AIDA{user}","accessKeyId":"","userName":"{user}"}}"#
            )
        };
        format!(
            r#"{{"eventTime":"{t}","eventID":"{id}","userIdentity":{who},"eventName":"ConsoleLogin","errorMessage":"Failed authentication","responseElements":{{"ConsoleLogin":"Failure"}},"sourceIPAddress":"{ip}"}}"#
        )
    };
    let mut evs = vec![
        fail("f1", "2024-09-01T09:00:00Z", "ada", "87.153.133.131"),
        fail("f2", "2024-09-01T09:10:00Z", "ada", "87.153.133.131"),
        fail("f3", "2024-09-01T09:20:00Z", "ada", "126.0.0.9"),
        // 16 minutes later: a new episode, which alone is too short.
        fail("f4", "2024-09-01T09:36:00Z", "ada", "87.153.133.131"),
        fail("h1", "2024-09-01T11:00:00Z", "", "126.0.0.9"),
        fail("h2", "2024-09-01T11:01:00Z", "", "126.0.0.9"),
        fail("h3", "2024-09-01T11:02:00Z", "", "126.0.0.9"),
        fail("h4", "2024-09-01T11:03:00Z", "", "87.153.133.131"),
    ];
    let denied = r#","errorCode":"AccessDenied""#;
    for i in 0..12 {
        evs.push(ev(
            &format!("d{i}"),
            &format!("2024-09-01T13:{:02}:00Z", i * 4),
            "bob",
            "126.0.0.9",
            "DescribeParameters",
            denied,
        ));
    }
    let other = ev("other-agent", "2024-09-01T13:01:00Z", "bob", "126.0.0.9", "GetParameter", denied);
    evs.push(other.replace("aws-cli/2.15.0 Python/3.11", "Boto3/1.34"));
    let s = store(&[evs]);
    let failed = found(&s, &Options::default(), Kind::FailedSignIns);
    assert_eq!(
        failed.iter().map(|f| f.1.clone()).collect::<Vec<_>>(),
        [vec!["f1", "f2", "f3"], vec!["h1", "h2", "h3"]]
    );
    assert_eq!(failed[0].2, "3 failed console sign-ins in 20 min (first from 87.153.133.131)");
    let o = Options { failed_minutes: 20.0, ..Options::default() };
    assert_eq!(found(&s, &o, Kind::FailedSignIns)[0].1.len(), 4);
    let d = found(&s, &Options::default(), Kind::DeniedBurst);
    assert_eq!(d.len(), 1, "{d:?}");
    assert_eq!(d[0].1.len(), 12);
    assert_eq!(d[0].2, "12 denied calls in 44 min with user agent aws-cli/2.15.0 Python/3.11: DescribeParameters ×12");
    let o = Options { denied: 13, ..Options::default() };
    assert!(found(&s, &o, Kind::DeniedBurst).is_empty());
}

#[test]
fn services_and_events_without_principal_or_time_are_left_out() {
    let mut evs: Vec<String> = (1..=9)
        .map(|d| ev(&format!("c{d}"), &format!("2024-09-{d:02}T09:00:00Z"), "", "config.amazonaws.com", "GetUser", ""))
        .collect();
    evs.push(r#"{"eventID":"no-time","userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root","accountId":"1"},"eventName":"ListUsers"}"#.into());
    let s = store(&[evs]);
    assert!(run(&s, s.hot().unwrap(), &geo(), &Options::default(), &mut |_| {}).is_empty());
}

#[test]
fn no_geo_tables_leave_the_place_baselines_silent() {
    let s = store(&berlin_then_new_york());
    let all = run(&s, s.hot().unwrap(), &Lookups::default(), &Options::default(), &mut |_| {});
    assert!(
        all.iter().all(|f| !matches!(f.kind, Kind::FirstCountry | Kind::FirstAsn | Kind::ImpossibleTravel)),
        "{all:?}"
    );
}

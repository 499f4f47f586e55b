//! Rules over hand-made events: every feature the bundled rules use, and each diagnostic.

use super::*;
use crate::ingest;

fn store(events: &[&str]) -> Store {
    let mut s = Store::new();
    let text = format!("{{\"Records\":[{}]}}", events.join(","));
    ingest::load_bytes(&mut s, "t.json", text.as_bytes(), &Default::default());
    s.finish();
    s
}

/// The eventIDs a rule (its detection block, indented under `detection:`) matches.
fn ids(detection: &str, events: &[&str]) -> Vec<String> {
    ids_with(detection, events, &RuleOptions::default())
}

fn ids_with(detection: &str, events: &[&str], opts: &RuleOptions) -> Vec<String> {
    let mut set = RuleSet::new();
    let rule = set.add("t.yml", &format!("title: t\nlevel: low\ndetection:\n{detection}"), false, opts);
    assert!(rule.runs(), "{:?}", rule.diagnostics);
    let mut got: Vec<String> =
        set.detect(&store(events), &Default::default(), None, 1).into_iter().filter_map(|a| a.event_id).collect();
    got.sort();
    got
}

fn diag(detection: &str) -> Diagnostic {
    let mut set = RuleSet::new();
    let rule = set.add("t.yml", &format!("title: t\ndetection:\n{detection}"), false, &RuleOptions::default());
    assert!(!rule.runs(), "the rule should not run");
    rule.diagnostics[0].clone()
}

const E1: &str = r#"{"eventID":"1","eventName":"ConsoleLogin","sourceIPAddress":"10.1.2.3","additionalEventData":{"MFAUsed":"No"},"userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/bob","userName":"bob"},"requestParameters":{"enable":false,"list":[{"cmd":["sh","echo $SECRET"]}]}}"#;
const E2: &str = r#"{"eventID":"2","eventName":"ListBuckets","sourceIPAddress":"AWS Internal","errorCode":null,"userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1","userName":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1"}}"#;
const E3: &str = r#"{"eventID":"3","eventName":"DeleteBucket","errorCode":"Success","userAgent":"TruffleHog v3","sourceIPAddress":"2001:db8::5","userIdentity":{"type":"Root","userName":"bob"}}"#;

#[test]
fn plain_values_lists_and_case() {
    let all = [E1, E2, E3];
    assert_eq!(ids("  sel:\n    additionalEventData.MFAUsed: 'NO'\n  condition: sel\n", &all), ["1"]);
    assert_eq!(
        ids("  sel:\n    eventName:\n      - listbuckets\n      - DeleteBucket\n  condition: sel\n", &all),
        ["2", "3"]
    );
    assert_eq!(ids("  sel:\n    requestParameters.enable: 'false'\n  condition: sel\n", &all), ["1"]);
    assert_eq!(ids("  sel:\n    requestParameters.enable: false\n  condition: sel\n", &all), ["1"]);
    assert_eq!(ids("  sel:\n    eventName|cased: consolelogin\n  condition: sel\n", &all), Vec::<String>::new());
    assert_eq!(ids("  sel:\n    eventName: Console*\n  condition: sel\n", &all), ["1"]);
}

#[test]
fn modifiers() {
    let all = [E1, E2, E3];
    assert_eq!(ids("  s:\n    userAgent|contains: trufflehog\n  condition: s\n", &all), ["3"]);
    assert_eq!(ids("  s:\n    userAgent|startswith: truffle\n  condition: s\n", &all), ["3"]);
    assert_eq!(ids("  s:\n    eventName|endswith: bucket\n  condition: s\n", &all), ["3"]);
    assert_eq!(ids("  s:\n    userIdentity.arn|re: '.+:assumed-role/aws:.+'\n  condition: s\n", &all), ["2"]);
    assert_eq!(ids("  s:\n    userIdentity.arn|re: 'ASSUMED'\n  condition: s\n", &all), Vec::<String>::new());
    assert_eq!(ids("  s:\n    userIdentity.arn|re|i: 'ASSUMED'\n  condition: s\n", &all), ["2"]);
    assert_eq!(ids("  s:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: s\n", &all), ["1"]);
    assert_eq!(ids("  s:\n    sourceIPAddress|cidr: '2001:db8::/32'\n  condition: s\n", &all), ["3"]);
    assert_eq!(ids("  s:\n    userAgent|exists: true\n  condition: s\n", &all), ["3"]);
    assert_eq!(ids("  s:\n    userAgent|exists: false\n  condition: s\n", &all), ["1", "2"]);
    assert_eq!(ids("  s:\n    userIdentity.arn|fieldref: userIdentity.userName\n  condition: s\n", &all), ["2"]);
    assert_eq!(
        ids("  s:\n    userIdentity.arn|fieldref|endswith: userIdentity.userName\n  condition: s\n", &all),
        ["1", "2"]
    );
    assert_eq!(
        ids("  s:\n    userIdentity.arn|contains|all:\n      - iam\n      - bob\n  condition: s\n", &all),
        ["1"]
    );
    assert_eq!(
        ids("  s:\n    userIdentity.arn|contains:\n      - iam\n      - sts\n  condition: s\n", &all),
        ["1", "2"]
    );
    // Nested arrays fan out: any element.
    assert_eq!(ids("  s:\n    requestParameters.list.cmd|contains: '$secret'\n  condition: s\n", &all), ["1"]);
    // An object's value is its JSON text.
    assert_eq!(ids("  s:\n    requestParameters|contains: '\"enable\":false'\n  condition: s\n", &all), ["1"]);
}

#[test]
fn null_keywords_and_conditions() {
    let all = [E1, E2, E3];
    assert_eq!(ids("  s:\n    errorCode: null\n  condition: s\n", &all), ["1", "2"]);
    assert_eq!(ids("  k:\n    - trufflehog\n    - 'MFAUsed\":\"n?'\n  condition: k\n", &all), ["1", "3"]);
    assert_eq!(ids("  k: 'aws internal'\n  condition: k\n", &all), ["2"]);
    let many = "  sel_a:\n    eventName: ConsoleLogin\n  sel_b:\n    eventName: ListBuckets\n  f:\n    userIdentity.type: AssumedRole\n";
    assert_eq!(ids(&format!("{many}  condition: 1 of sel_*\n"), &all), ["1", "2"]);
    assert_eq!(ids(&format!("{many}  condition: all of sel_*\n"), &all), Vec::<String>::new());
    assert_eq!(ids(&format!("{many}  condition: 1 of sel_* and not f\n"), &all), ["1"]);
    assert_eq!(ids(&format!("{many}  condition: not (sel_a or f)\n"), &all), ["3"]);
    assert_eq!(ids(&format!("{many}  condition: 1 of them\n"), &all), ["1", "2"]);
    assert_eq!(ids(&format!("{many}  condition:\n    - sel_a\n    - sel_b\n"), &all), ["1", "2"]);
    // A list of maps is any of them.
    assert_eq!(
        ids("  s:\n    - eventName: ConsoleLogin\n    - errorCode: Success\n  condition: s\n", &all),
        ["1", "3"]
    );
}

#[test]
fn placeholders_and_country() {
    let rule = "  sel:\n    eventName: ConsoleLogin\n  f_country:\n    src_country|expand: '%countries%'\n  f_ip:\n    src_ip|expand: '%ips%'\n  condition: sel and not 1 of f_*\n";
    let mut set = RuleSet::new();
    let r = set.add(
        "t.yml",
        &format!("title: t\ndetection:\n{rule}"),
        false,
        &RuleOptions { geo: true, ..Default::default() },
    );
    assert!(!r.runs());
    assert_eq!(r.diagnostics[0].code, "S008");
    assert!(r.diagnostics[0].message.contains("%countries%") && r.diagnostics[0].message.contains("%ips%"));
    // Only the IP ranges given: the country filter matches nothing (a note says so).
    let opts = RuleOptions { placeholders: [("ips".to_string(), vec!["10.0.0.0/8".to_string()])].into(), geo: true };
    let mut set = RuleSet::new();
    let r = set.add("t.yml", &format!("title: t\ndetection:\n{rule}"), false, &opts);
    assert!(r.runs());
    assert_eq!(r.diagnostics[0].code, "S008");
    let e4 = r#"{"eventID":"4","eventName":"ConsoleLogin","sourceIPAddress":"192.0.2.1"}"#;
    assert_eq!(ids_with(rule, &[E1, e4], &opts), ["4"]);
    assert_eq!(diag("  s:\n    src_country: US\n  condition: s\n").code, "S009");
}

#[test]
fn diagnostics_name_what_is_wrong() {
    let d = diag("  s:\n    userAgent|base64offset|contains: x\n  condition: s\n");
    assert_eq!(d.code, "S003");
    assert!(d.message.contains("`base64offset`"), "{}", d.message);
    assert_eq!(diag("  s:\n    userAgent|contians: x\n  condition: s\n").hints, ["did you mean `contains`?"]);
    assert_eq!(diag("  s:\n    a: x\n  condition: s | count() > 5\n").code, "S004");
    assert_eq!(diag("  s:\n    a: x\n  condition: s and\n").code, "S005");
    let d = diag("  selection:\n    a: x\n  condition: selecton\n");
    assert_eq!((d.code, d.hints.clone()), ("S006", vec!["did you mean `selection`?".to_string()]));
    assert_eq!(diag("  s:\n    a: x\n  condition: 1 of filter_*\n").code, "S006");
    assert_eq!(diag("  s:\n    a|re: '(?<=x)y'\n  condition: s\n").code, "S007");
    assert_eq!(diag("  s:\n    a|cidr: 'nope'\n  condition: s\n").code, "S007");
    assert_eq!(diag("  s:\n    a: []\n  condition: s\n").code, "S007");
    assert_eq!(diag("  s:\n    a: x\n").code, "S002");
    let mut set = RuleSet::new();
    let r = set.add(
        "w.yml",
        "title: w\nlogsource:\n  product: windows\ndetection:\n  s:\n    a: x\n  condition: s\n",
        false,
        &Default::default(),
    );
    assert_eq!(r.diagnostics[0].code, "S011");
    let r = set.add("bad.yml", "title: [x\n", false, &Default::default());
    assert_eq!(r.diagnostics[0].code, "S001");
    // Spans point at the problem in the rule's text.
    let text = "title: t\ndetection:\n  s:\n    userAgent|wide: x\n  condition: s\n";
    let r = set.add("s.yml", text, false, &Default::default());
    assert_eq!(&text[r.diagnostics[0].primary_span().unwrap()], "userAgent|wide");
    let text = "title: t\ndetection:\n  s:\n    a: x\n  condition: 's and nope'\n";
    let r = set.add("s.yml", text, false, &Default::default());
    assert_eq!(&text[r.diagnostics[0].primary_span().unwrap()], "nope");
}

#[test]
fn a_users_rule_with_a_bundled_id_is_named_and_still_runs() {
    let mut set = RuleSet::builtin(&RuleOptions::default());
    let text =
        "title: Mine\nid: 8ad1600d-e9dc-4251-b0ee-a65268f29add\ndetection:\n  s:\n    eventName: X\n  condition: s\n";
    let r = set.add("mine.yml", text, false, &Default::default());
    assert!(r.runs());
    let d = &r.diagnostics[0];
    assert_eq!(d.code, "S013");
    assert!(d.message.contains("bundled, rules/aws_root_account_usage.yml"), "{}", d.message);
    assert_eq!(&text[d.primary_span().unwrap()], "8ad1600d-e9dc-4251-b0ee-a65268f29add");
    let r = set.add("other.yml", &text.replace("8ad1600d", "00000000"), false, &Default::default());
    assert!(r.diagnostics.is_empty());
}

#[test]
fn bundled_rules_all_load() {
    let set = RuleSet::builtin(&RuleOptions { geo: true, ..Default::default() });
    assert_eq!(set.rules.len(), 58);
    for r in &set.rules[..57] {
        assert!(r.runs() && r.diagnostics.is_empty(), "{}: {:?}", r.file, r.diagnostics);
        assert!(
            !r.meta.author.is_empty() && !r.meta.references.is_empty() || r.meta.references.is_empty(),
            "{}",
            r.file
        );
        assert!(r.meta.level.is_some() && !r.meta.id.is_empty(), "{}", r.file);
    }
    let placeholder = &set.rules[57];
    assert!(!placeholder.runs());
    assert_eq!(placeholder.diagnostics[0].code, "S008");
    let opts =
        RuleOptions { placeholders: [("Legitimate_Countries".to_string(), vec!["US".to_string()])].into(), geo: true };
    assert!(RuleSet::builtin(&opts).rules[57].runs());
}

#[test]
fn min_level_and_threads_agree() {
    let set = RuleSet::builtin(&RuleOptions::default());
    let s = store(&[E1, E2, E3]);
    let all = set.detect(&s, &Default::default(), None, 1);
    assert_eq!(all, set.detect(&s, &Default::default(), None, 4));
    let high = set.detect(&s, &Default::default(), Some(Level::High), 1);
    assert!(high.len() < all.len() && high.iter().all(|a| a.level >= Some(Level::High)), "{all:?}");
    let summary = Summary::of(&all, &set.rules);
    assert_eq!(summary.total, all.len());
    assert_eq!(summary.by_rule.iter().map(|r| r.1).sum::<usize>(), all.len());
}

#[test]
fn progress_rises_to_one_while_rules_and_baselines_run() {
    let mut store = Store::new();
    let records: Vec<String> = (0..20_000)
        .map(|i| {
            format!(
                r#"{{"eventTime":"2024-01-01T00:{:02}:{:02}Z","eventID":"e{i}","eventName":"GetUser","userIdentity":{{"type":"IAMUser","arn":"arn:aws:iam::1:user/u{}"}}}}"#,
                i / 60 % 60,
                i % 60,
                i % 7
            )
        })
        .collect();
    let file = format!(r#"{{"Records":[{}]}}"#, records.join(","));
    crate::ingest::load_bytes(&mut store, "p.json", file.as_bytes(), &Default::default());
    store.finish();
    let mut set = RuleSet::builtin(&RuleOptions::default());
    set.add_baselines(&Default::default());
    let mut seen = Vec::new();
    set.detect_with_progress(&store, &Default::default(), None, 1, &mut |f| seen.push(f));
    assert!(seen.len() > 4, "{seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
    assert!(seen.iter().any(|&f| f > 0.0 && f < 0.65), "the rules report as they go: {seen:?}");
}

//! Each rule's Sumo query (`detect::sumo`), run by the engine, selects exactly the events the
//! rule matches (`RuleSet::detect`): every bundled rule (the placeholder rule expanded) and rules
//! that use each construct, over real CloudTrail (`../shared/data/cloudtrail`), the generated
//! sample account and hand-made events aimed at each construct.

#[path = "support/shared.rs"]
mod shared;

#[path = "support/geo.rs"]
mod geo_tables;
use std::collections::{BTreeSet, HashMap};
use trailscope::detect::{RuleOptions, RuleSet};
use trailscope::ingest::{load_bytes, load_paths, LoadOptions};
use trailscope::lookup::Lookups;
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions};
use trailscope_sample::{day_files, Options, Plan};

fn lookups() -> &'static Lookups {
    geo_tables::lookups()
}

fn options() -> RuleOptions {
    let placeholders: HashMap<String, Vec<String>> = [
        ("Legitimate_Countries".to_string(), vec!["US".to_string(), "jp".to_string()]),
        ("Legitimate_IP_Ranges".to_string(), vec!["10.0.0.0/8".to_string(), "203.0.113.7".to_string()]),
        ("ips".to_string(), vec!["192.0.2.0/25".to_string(), "198.51.100.1".to_string(), "x-*-y".to_string()]),
        ("none".to_string(), vec![]),
    ]
    .into();
    RuleOptions { placeholders, geo: true }
}

/// Rules aimed at each construct (detection blocks), besides the bundled ones.
const CONSTRUCTS: &[&str] = &[
    // Values: case, lists, booleans and numbers as text, wildcards and their escapes, empty.
    "  s:\n    additionalEventData.MFAUsed: 'NO'\n  condition: s\n",
    "  s:\n    eventName:\n      - listbuckets\n      - DeleteBucket\n  condition: s\n",
    "  s:\n    requestParameters.enable: false\n  condition: s\n",
    "  s:\n    requestParameters.count: 3\n  condition: s\n",
    "  s:\n    requestParameters.ratio: 1.50\n  condition: s\n",
    "  s:\n    eventName|cased: DeleteBucket\n  condition: s\n",
    "  s:\n    eventName: 'Del*Buck?t'\n  condition: s\n",
    "  s:\n    userAgent: 'a\\*b'\n  condition: s\n",
    "  s:\n    userAgent|contains: 'x?y'\n  condition: s\n",
    "  s:\n    errorCode: ''\n  condition: s\n",
    "  s:\n    errorMessage|contains: '*'\n  condition: s\n",
    "  s:\n    userAgent|contains: '/${project.version}'\n  condition: s\n",
    "  s:\n    userAgent|contains: '{{x}}'\n  condition: s\n",
    // Modifiers.
    "  s:\n    userAgent|contains: trufflehog\n  condition: s\n",
    "  s:\n    userAgent|startswith: truffle\n  condition: s\n",
    "  s:\n    eventName|endswith: bucket\n  condition: s\n",
    "  s:\n    userIdentity.arn|contains|all:\n      - iam\n      - bob\n  condition: s\n",
    "  s:\n    userIdentity.arn|contains:\n      - iam\n      - sts\n    eventName|startswith:\n      - Delete\n      - List\n  condition: s\n",
    "  s:\n    userIdentity.arn|re: '.+:assumed-role/aws:.+'\n  condition: s\n",
    "  s:\n    userIdentity.arn|re: 'ASSUMED'\n  condition: s\n",
    "  s:\n    userIdentity.arn|re|i: 'ASSUMED'\n  condition: s\n",
    "  s:\n    userAgent|re|m: '^second'\n  condition: s\n",
    "  s:\n    userAgent|re|s|i: 'FIRST.SECOND'\n  condition: s\n",
    "  s:\n    userAgent|re: 'a*'\n  condition: s\n",
    "  s:\n    userAgent|re: \"first\\nsecond\"\n  condition: s\n",
    "  s:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: s\n",
    "  s:\n    sourceIPAddress|cidr:\n      - 192.0.2.0/27\n      - 0.0.0.0/0\n  condition: s\n",
    "  s:\n    src_ip|cidr: 198.51.100.0/24\n  condition: s\n",
    "  s:\n    userAgent|exists: true\n  condition: s\n",
    "  s:\n    userAgent|exists: false\n  condition: s\n",
    "  s:\n    userIdentity.arn|fieldref: userIdentity.userName\n  condition: s\n",
    "  s:\n    userIdentity.arn|fieldref|endswith: userIdentity.userName\n  condition: s\n",
    "  s:\n    userIdentity.arn|fieldref|startswith: userIdentity.userName\n  condition: s\n",
    "  s:\n    userIdentity.arn|fieldref|contains: userIdentity.userName\n  condition: s\n",
    "  s:\n    requestParameters.count|gt: 2\n  condition: s\n",
    "  s:\n    requestParameters.count|lte: 3\n  condition: s\n",
    "  s:\n    requestParameters.count|gte: 1000\n  condition: s\n",
    "  s:\n    requestParameters|contains: '\"enable\":false'\n  condition: s\n",
    // Null, keywords, conditions.
    "  s:\n    errorCode: null\n  condition: s\n",
    "  s:\n    errorCode:\n      - null\n      - Success\n  condition: s\n",
    "  k:\n    - trufflehog\n    - 'MFAUsed\":\"n?'\n  condition: k\n",
    "  k: 'aws internal'\n  condition: k\n",
    "  k: '\\u0041'\n  condition: k\n",
    "  sel_a:\n    eventName: ConsoleLogin\n  sel_b:\n    eventName: ListBuckets\n  f:\n    userIdentity.type: AssumedRole\n  condition: 1 of sel_* and not f\n",
    "  sel_a:\n    eventName: ConsoleLogin\n  sel_b:\n    eventName: ListBuckets\n  f:\n    userIdentity.type: AssumedRole\n  condition: all of sel_*\n",
    "  sel_a:\n    eventName: ConsoleLogin\n  sel_b:\n    eventName: ListBuckets\n  f:\n    userIdentity.type: AssumedRole\n  condition: not (sel_a or f)\n",
    "  sel_a:\n    eventName: ConsoleLogin\n  sel_b:\n    eventName: ListBuckets\n  f:\n    userIdentity.type: AssumedRole\n  condition: 1 of them\n",
    "  sel_a:\n    eventName: ConsoleLogin\n  sel_b:\n    eventName: ListBuckets\n  condition:\n    - sel_a\n    - not sel_b\n",
    "  s:\n    - eventName: ConsoleLogin\n    - errorCode: Success\n  condition: s\n",
    "  s:\n    eventName: ConsoleLogin\n  k: 'trufflehog'\n  condition: s or (k and not s)\n",
    // Empty selections: a map holds for every event, a list for none.
    "  s: {}\n  condition: s\n",
    "  s: []\n  t:\n    eventName: ConsoleLogin\n  condition: s or t\n",
    // Derived fields and placeholders.
    "  s:\n    src_country: US\n  condition: s\n",
    "  s:\n    src_country: null\n  condition: s\n",
    "  s:\n    eventName: ConsoleLogin\n  f_ip:\n    src_ip|expand: '%ips%'\n  condition: s and not 1 of f_*\n",
    // A placeholder given no values matches nothing (a note says so): `false`, folded away.
    "  s:\n    eventName: ConsoleLogin\n  f_ip:\n    src_ip|expand: '%ips%'\n  f_none:\n    src_country|expand: '%none%'\n  condition: s and not 1 of f_*\n",
    "  s:\n    eventName: ConsoleLogin\n  f_none:\n    src_country|expand: '%none%'\n  condition: s and f_none or not f_none\n",
    // Lists: a `contains` finds plain text in an element, also through a list of objects.
    "  s:\n    requestParameters.containerDefinitions.command|contains: '$AWS_CONTAINER'\n  condition: s\n",
    "  s:\n    requestParameters.containerDefinitions.command|contains|all:\n      - curl\n      - 'sh -c'\n  condition: s\n",
    "  s:\n    requestParameters.layers|contains: 'layer:x'\n  condition: s\n",
    // Odd field names.
    "  s:\n    eventname: deletebucket\n    eventName: deletebucket\n  condition: s\n",
    "  s:\n    status: success\n    and: x\n  condition: s\n",
    "  s:\n    'odd key.a-b:c@d$': 'v 1'\n    _raw: x\n    été: Ü\n  condition: s\n",
];

/// Rules whose query cannot be exact: they must say so (`S012`), never answer something else.
const NO_QUERY: &[(&str, &str)] = &[
    ("  s:\n    sourceIPAddress|cidr: '2001:db8::/32'\n  condition: s\n", "IPv6"),
    ("  s:\n    userAgent|re: \"(?x)first\\n second\"\n  condition: s\n", "line break"),
];

/// Events aimed at the constructs: case (ASCII and the Kelvin sign), null against missing
/// against empty, numbers and booleans, nested and odd fields, keywords in odd places, IPv6.
const EVENTS: &[&str] = &[
    r#"{"eventID":"a01","eventTime":"2024-01-02T03:04:01Z","eventSource":"s3.amazonaws.com","eventName":"DELETEBUCKET"}"#,
    r#"{"eventID":"a02","eventTime":"2024-01-02T03:04:02Z","eventSource":"s3.amazonaws.com","eventName":"DeleteBucket","errorCode":null}"#,
    r#"{"eventID":"a03","eventTime":"2024-01-02T03:04:03Z","eventName":"DeleteBucket","errorCode":""}"#,
    r#"{"eventID":"a04","eventTime":"2024-01-02T03:04:04Z","eventName":"DeleteBucket","errorCode":"success","errorMessage":""}"#,
    r#"{"eventID":"a05","eventTime":"2024-01-02T03:04:05Z","eventName":"DeleteBucketPolicy","errorCode":"Success","errorMessage":"x"}"#,
    "{\"eventID\":\"a06\",\"eventTime\":\"2024-01-02T03:04:06Z\",\"eventName\":\"DeleteBuc\u{212A}et\",\"eventSource\":\"s3.amazonaws.com\"}",
    r#"{"eventID":"a07","eventTime":"2024-01-02T03:04:07Z","eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":"no"},"responseElements":{"ConsoleLogin":"SUCCESS"},"sourceIPAddress":"8.8.8.8"}"#,
    r#"{"eventID":"a08","eventTime":"2024-01-02T03:04:08Z","eventName":"ConsoleLogin","additionalEventData":{"MFAUsed":false},"responseElements":{"ConsoleLogin":"Success"},"sourceIPAddress":"10.1.2.3"}"#,
    r#"{"eventID":"a09","eventTime":"2024-01-02T03:04:09Z","eventSource":"guardduty.amazonaws.com","eventName":"UpdateDetector","requestParameters":{"enable":false,"count":3,"ratio":1.50}}"#,
    r#"{"eventID":"a10","eventTime":"2024-01-02T03:04:10Z","eventSource":"guardduty.amazonaws.com","eventName":"UpdateDetector","requestParameters":{"enable":"FALSE","count":"3.0","ratio":"1.5"},"errorCode":"Success"}"#,
    r#"{"eventID":"a11","eventTime":"2024-01-02T03:04:11Z","requestParameters":{"count":" 1e3 ","enable":"false "}}"#,
    r#"{"eventID":"a12","eventTime":"2024-01-02T03:04:12Z","requestParameters":{"count":"Infinity"},"userIdentity":{"type":"root"},"eventType":"AwsServiceEvent"}"#,
    r#"{"eventID":"a13","eventTime":"2024-01-02T03:04:13Z","requestParameters":{"count":"-inf"},"userIdentity":{"type":"Root","arn":"arn:aws:iam::1:root"}}"#,
    r#"{"eventID":"a14","eventTime":"2024-01-02T03:04:14Z","userIdentity":"Root","eventType":null}"#,
    r#"{"eventID":"a15","eventTime":"2024-01-02T03:04:15Z","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","sourceIPAddress":"AWS Internal","userIdentity":{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1","userName":"arn:aws:sts::1:assumed-role/aws:ec2-instance/i-1","sessionContext":{"sessionIssuer":{"type":"Role"}}}}"#,
    r#"{"eventID":"a16","eventTime":"2024-01-02T03:04:16Z","eventName":"ListBuckets","eventSource":"s3.amazonaws.com","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/bob","userName":"BOB"},"sourceIPAddress":"192.0.2.5"}"#,
    r#"{"eventID":"a17","eventTime":"2024-01-02T03:04:17Z","userIdentity":{"arn":"bob-arn","userName":"Bob"},"sourceIPAddress":" 10.9.9.9 "}"#,
    r#"{"eventID":"a18","eventTime":"2024-01-02T03:04:18Z","userIdentity":{"arn":"","userName":""},"sourceIPAddress":"2001:db8::5"}"#,
    r#"{"eventID":"a19","eventTime":"2024-01-02T03:04:19Z","userIdentity":{"arn":"x","userName":null},"sourceIPAddress":"::ffff:10.1.2.3"}"#,
    r#"{"eventID":"a20","eventTime":"2024-01-02T03:04:20Z","userAgent":"TruffleHog v3","sourceIPAddress":"010.1.2.3"}"#,
    r#"{"eventID":"a21","eventTime":"2024-01-02T03:04:21Z","userAgent":"first\nsecond line","eventName":"GetSigninToken","eventSource":"signin.amazonaws.com"}"#,
    r#"{"eventID":"a22","eventTime":"2024-01-02T03:04:22Z","userAgent":"a*b","eventName":"GetSigninToken","eventSource":"signin.amazonaws.com"}"#,
    r#"{"eventID":"a23","eventTime":"2024-01-02T03:04:23Z","userAgent":"aXb x?y","requestParameters":{"note":"trufflehog in a request"}}"#,
    r#"{"eventID":"a24","eventTime":"2024-01-02T03:04:24Z","userAgent":"","errorMessage":"failed authentication"}"#,
    r#"{"eventID":"a25","eventTime":"2024-01-02T03:04:25Z","userAgent":null,"sourceIPAddress":"198.51.100.77","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"}}"#,
    r#"{"eventID":"a26","eventTime":"2024-01-02T03:04:26Z","userAgent":"Jersey/${project.version}","eventName":"GetSigninToken","eventSource":"signin.amazonaws.com"}"#,
    r#"{"eventID":"a27","eventTime":"2024-01-02T03:04:27Z","userAgent":"{{x}}","sourceIPAddress":"203.0.113.7","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"}}"#,
    r#"{"eventID":"a28","eventTime":"2024-01-02T03:04:28Z","eventname":"DeleteBucket","eventName":"DeleteBucket","status":"Success","and":"X"}"#,
    r#"{"eventID":"a29","eventTime":"2024-01-02T03:04:29Z","note":"MFAUsed\":\"nope AWS INTERNAL \\u0041"}"#,
    r#"{"eventID":"a30","eventTime":"2024-01-02T03:04:30Z","eventName":"ConsoleLogin","sourceIPAddress":"133.1.1.1","responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"}}"#,
    r#"{"eventID":"a31","eventTime":"2024-01-02T03:04:31Z","eventSource":"lambda.amazonaws.com","eventName":"UpdateFunctionConfiguration20150331v2","requestParameters":{"layers":["arn:aws:lambda:us-east-1:1:layer:x:1"]}}"#,
    r#"{"eventID":"a32","eventTime":"2024-01-02T03:04:32Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","userIdentity":{"arn":"arn:aws:iam::1:user/responseElements.accessKey.userName"}}"#,
    r#"{"eventID":"a33","eventTime":"2024-01-02T03:04:33Z","eventSource":"iam.amazonaws.com","eventName":"UpdateLoginProfile","userIdentity":{"arn":"ALICE"},"requestParameters":{"userName":"alice"}}"#,
    r#"{"eventID":"a34","eventTime":"2024-01-02T03:04:34Z","eventSource":"iam.amazonaws.com","eventName":"UpdateLoginProfile","userIdentity":{"arn":"arn:aws:iam::1:user/alice"},"requestParameters":{"userName":"alice"}}"#,
    r#"{"eventID":"a35","eventTime":"2024-01-02T03:04:35Z","eventSource":"ec2.amazonaws.com","eventName":"CreateInstanceExportTask","responseElements":{"state":"Failure"}}"#,
    r#"{"eventID":"a36","eventTime":"2024-01-02T03:04:36Z","eventSource":"ec2.amazonaws.com","eventName":"CreateInstanceExportTask","responseElements":null,"errorCode":null}"#,
    r#"{"eventID":"a37","eventTime":"2024-01-02T03:04:37Z","eventSource":"rds.amazonaws.com","eventName":"RestoreDBInstanceFromDBSnapshot","responseElements":{"publiclyAccessible":true}}"#,
    r#"{"eventID":"a38","eventTime":"2024-01-02T03:04:38Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketVersioning","requestParameters":{"VersioningConfiguration":{"Status":"suspended"}}}"#,
    r#"{"eventID":"a39","eventTime":"2024-01-02T03:04:39Z","eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy","userAgent":"S3 Browser 9","requestParameters":{"policyDocument":"{\"Resource\":\"arn:aws:s3:::<YOUR-BUCKET-NAME>/*\",\"Action\":\"s3:GetObject\",\"Effect\":\"Allow\"}"}}"#,
    r#"{"eventID":"a40","eventTime":"2024-01-02T03:04:40Z","eventSource":"iam.amazonaws.com","eventName":"PutUserPolicy","userAgent":"S3 Browser 9","requestParameters":{"policyDocument":"\"arn:aws:s3:::<YOUR-BUCKET-NAME>/*\" \"s3:GetObject\" \"Allow\""}}"#,
    r#"{"eventID":"a41","eventTime":"2024-01-02T03:04:41Z","userIdentity":{"arn":"abc","userName":""}}"#,
    r#"{"eventID":"a42","eventTime":"2024-01-02T03:04:42Z","userIdentity":{"arn":"ABC","userName":"abcd"}}"#,
    r#"{"eventID":"a43","eventTime":"2024-01-02T03:04:43Z","eventSource":"ecs.amazonaws.com","eventName":"RegisterTaskDefinition","requestParameters":{"containerDefinitions":[{"name":"a"},{"name":"b","command":["sh -c","CURL 169.254.170.2$aws_container_credentials_relative_uri"]}]}}"#,
    r#"{"eventID":"a44","eventTime":"2024-01-02T03:04:44Z","eventSource":"ecs.amazonaws.com","eventName":"RunTask","requestParameters":{"containerDefinitions":{"command":"curl $AWS_CONTAINER/x; sh -c"}}}"#,
    r#"{"eventID":"a45","eventTime":"2024-01-02T03:04:45Z","requestParameters":{"containerDefinitions":[{"command":["sh -c"]},{"command":"curl"}]}}"#,
    r#"{"eventID":"a46","eventTime":"2024-01-02T03:04:46Z","requestParameters":{"containerDefinitions":[{"healthCheck":{"command":["curl $AWS_CONTAINER"]}}]}}"#,
    r#"{"eventID":"a47","eventTime":"2024-01-02T03:04:47Z","eventName":"ConsoleLogin","responseElements":{"ConsoleLogin":"Success"},"sourceIPAddress":" 8.8.8.8 "}"#,
    r#"{"eventID":"a48","eventTime":"2024-01-02T03:04:48Z","odd key":{"a-b:c@d$":"V 1"},"_raw":"X","été":"ü"}"#,
    r#"{"eventID":"a49","eventTime":"2024-01-02T03:04:49Z","odd key":{"a-b:c@d$":"V 1"},"_raw":"X","été":"u"}"#,
];

fn load(events: &[&str]) -> Store {
    let mut store = Store::new();
    let text = format!("{{\"Records\":[{}]}}", events.join(","));
    let r = load_bytes(&mut store, "adversarial.json", text.as_bytes(), &LoadOptions::default());
    assert!(r.error.is_none(), "{:?}", r.error);
    store.finish();
    assert_eq!(store.len(), events.len());
    store
}

fn real() -> Store {
    let opts = LoadOptions { category: "cloudtrail".into(), ..Default::default() };
    load_paths(&[shared::shared("data/cloudtrail")], &opts).0
}

fn sample() -> Store {
    // A fifth of the default month: the queries run unoptimized in `cargo test`.
    let plan = Plan::new(Options { events: 4_000, ..Options::default() }).unwrap();
    let opts = LoadOptions { category: "cloudtrail".into(), ..Default::default() };
    let mut store = Store::new();
    for f in (0..plan.days.len()).flat_map(|k| day_files(&plan, k)) {
        assert!(load_bytes(&mut store, &f.path, f.json.as_bytes(), &opts).error.is_none());
    }
    store.finish();
    store
}

fn rule_sets() -> Vec<RuleSet> {
    let opts = options();
    let builtin = RuleSet::builtin(&opts);
    let mut mine = RuleSet::new();
    for (i, d) in CONSTRUCTS.iter().enumerate() {
        let r = mine.add(&format!("c{i}.yml"), &format!("title: c{i}\nlevel: low\ndetection:\n{d}"), false, &opts);
        assert!(r.runs(), "c{i}: {:?}", r.diagnostics);
    }
    vec![builtin, mine]
}

/// Events each rule matches, by rule index: from the matcher, and from the rule's query.
fn compare(set: &RuleSet, store: &Store, what: &str) -> usize {
    let mut by_rule: HashMap<u32, BTreeSet<u32>> = HashMap::new();
    for a in set.detect(store, lookups(), None, 2) {
        by_rule.entry(a.rule).or_default().insert(a.event);
    }
    let mut matched = 0;
    for (i, rule) in set.rules.iter().enumerate() {
        let Ok(q) = rule.sumo_query() else { continue };
        let got = run_query(store, q, &QueryOptions { threads: 2, ..Default::default() }, lookups())
            .unwrap_or_else(|d| panic!("{}: the query does not run: {d:?}\n{q}", rule.file));
        let got: BTreeSet<u32> = got.events.into_iter().collect();
        let want = by_rule.remove(&(i as u32)).unwrap_or_default();
        matched += want.len();
        if got != want {
            let id = |e: &u32| {
                let raw = store.raw(*e as usize);
                raw.chars().take(160).collect::<String>()
            };
            let only_q: Vec<String> = got.difference(&want).take(3).map(id).collect();
            let only_r: Vec<String> = want.difference(&got).take(3).map(id).collect();
            panic!(
                "{what}: {} ({}): the query selects {} events, the rule matches {}\nquery: {q}\nonly the query: {only_q:#?}\nonly the rule: {only_r:#?}",
                rule.file,
                rule.meta.title,
                got.len(),
                want.len()
            );
        }
    }
    matched
}

#[test]
fn every_rule_has_a_query_or_says_why() {
    let sets = rule_sets();
    let builtin = &sets[0];
    let with: Vec<&str> = builtin.rules.iter().filter(|r| r.sumo_query().is_ok()).map(|r| r.file.as_str()).collect();
    assert_eq!(with.len(), 58, "bundled rules with a query (57 and the placeholder rule, expanded)");
    assert_eq!(sets[1].rules.iter().filter(|r| r.sumo_query().is_ok()).count(), CONSTRUCTS.len());
    // Without its placeholders the rule does not run, and has no query either.
    let bare = RuleSet::builtin(&RuleOptions { geo: true, ..Default::default() });
    let d = bare.rules[57].sumo_query().unwrap_err();
    assert_eq!(d.code, "S012");
    assert!(d.message.contains("S008"), "{}", d.message);
    for (detection, why) in NO_QUERY {
        let mut set = RuleSet::new();
        let r = set.add("n.yml", &format!("title: n\ndetection:\n{detection}"), false, &options());
        assert!(r.runs());
        let d = r.sumo_query().unwrap_err();
        assert_eq!(d.code, "S012");
        assert!(d.message.starts_with("no equivalent Sumo query: ") && d.message.contains(why), "{}", d.message);
    }
}

#[test]
fn queries_select_what_the_rules_match_on_hand_made_events() {
    let store = load(EVENTS);
    let mut sets = rule_sets();
    // The placeholder rule as `--expand Legitimate_Countries=US,CA` gives it: no IP ranges.
    let countries = [("Legitimate_Countries".to_string(), vec!["US".to_string(), "CA".to_string()])].into();
    sets.push(RuleSet::builtin(&RuleOptions { placeholders: countries, geo: true }));
    assert!(sets[2].rules[57].sumo_query().is_ok());
    let n: usize = sets.iter().map(|s| compare(s, &store, "hand-made")).sum();
    assert!(n > 60, "only {n} matches: the events no longer exercise the rules");
}

#[test]
fn queries_select_what_the_rules_match_on_real_cloudtrail() {
    let store = real();
    assert!(store.len() > 13_000, "{} events", store.len());
    let n: usize = rule_sets().iter().map(|s| compare(s, &store, "real")).sum();
    assert!(n > 100, "only {n} matches");
}

#[test]
fn queries_select_what_the_rules_match_on_the_sample() {
    let store = sample();
    assert_eq!(store.len(), 4_000);
    let n: usize = rule_sets().iter().map(|s| compare(s, &store, "sample")).sum();
    assert!(n > 100, "only {n} matches");
}

/// The difference the queries keep (`detect::sumo`'s module doc): Sumo's `json` reads a field
/// that holds an array as the array's JSON text, where the rule tests each element. Were this
/// to change, the module doc and this test change with it.
#[test]
fn an_array_is_read_as_its_text_where_the_rule_tests_each_element() {
    let store = load(&[
        r#"{"eventID":"r1","eventName":["DeleteBucket","x"]}"#,
        r#"{"eventID":"r2","eventName":"DeleteBucket"}"#,
        r#"{"eventID":"r3","requestParameters":{"layers":[]},"eventName":"x"}"#,
    ]);
    let mut set = RuleSet::new();
    set.add("a.yml", "title: a\ndetection:\n  s:\n    eventName: DeleteBucket\n  condition: s\n", false, &options());
    set.add(
        "b.yml",
        "title: b\ndetection:\n  s:\n    requestParameters.layers|contains: '*'\n  condition: s\n",
        false,
        &options(),
    );
    let ids = |events: Vec<u32>| -> Vec<String> {
        let mut v: Vec<String> = events.iter().map(|e| store.raw(*e as usize)[12..14].to_string()).collect();
        v.sort();
        v
    };
    let alerts = set.detect(&store, lookups(), None, 1);
    let rule = |r: u32| ids(alerts.iter().filter(|a| a.rule == r).map(|a| a.event).collect());
    let query = |r: usize| {
        ids(run_query(&store, set.rules[r].sumo_query().unwrap(), &Default::default(), lookups()).unwrap().events)
    };
    assert_eq!((rule(0), query(0)), (vec!["r1".to_string(), "r2".to_string()], vec!["r2".to_string()]));
    assert_eq!((rule(1), query(1)), (vec![], vec!["r3".to_string()]));
}

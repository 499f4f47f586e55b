//! The query text of each construct (that each query selects what its rule matches is `tests/sumo.rs`).

use super::super::{RuleOptions, RuleSet};

fn q(detection: &str) -> Result<String, String> {
    let mut set = RuleSet::new();
    let opts = RuleOptions { geo: true, ..Default::default() };
    let r = set.add("t.yml", &format!("title: t\ndetection:\n{detection}"), false, &opts);
    assert!(r.runs(), "{:?}", r.diagnostics);
    r.sumo_query().map(String::from).map_err(|d| format!("{}: {}", d.code, d.message))
}

#[test]
fn fields_values_and_the_scope() {
    assert_eq!(
        q("  sel:\n    eventSource: iam.amazonaws.com\n    eventName|startswith: Delete\n  condition: sel\n").unwrap(),
        r#""Delete" | json field=_raw "eventSource", "eventName" nodrop | where eventSource matches /(?i)^iam\.amazonaws\.com$/ and eventName matches /(?i)^Delete/"#
    );
    // Nested fields get aliases; lists are one regex; `null` is `isNull`; `not` keeps its parentheses.
    assert_eq!(
        q("  sel:\n    eventName:\n      - StopLogging\n      - DeleteTrail\n    userIdentity.type: Root\n  f:\n    errorCode: null\n  condition: sel and not f\n").unwrap(),
        r#""Root" | json field=_raw "eventName", "userIdentity.type", "errorCode" as eventName, userIdentity_type, errorCode nodrop | where eventName matches /(?i)^(StopLogging|DeleteTrail)$/ and userIdentity_type matches /(?i)^Root$/ and !isNull(errorCode)"#
    );
    // No keyword with `k` or `s` (the Kelvin sign and the long s fold to them), none from a `not`.
    assert!(q("  s:\n    eventName: DeleteBucket\n  condition: s\n").unwrap().starts_with("* | "));
    assert!(q("  s:\n    eventName: CreateRoute\n  f:\n    userAgent: TruffleHog\n  condition: not f and s\n")
        .unwrap()
        .starts_with("\"CreateRoute\" | "));
    // Either side of an `or` gives its keyword.
    assert!(q("  a:\n    eventName: CreateRoute\n  b:\n    userAgent|contains: TruffleHog\n  condition: a or b\n")
        .unwrap()
        .starts_with(r#"("CreateRoute" or "TruffleHog") | "#));
}

#[test]
fn guards_and_modifiers() {
    let w = |d: &str| q(d).unwrap().split(" | where ").nth(1).unwrap().to_string();
    // A regex that holds for "" is guarded: the engine reads a null field as "".
    assert_eq!(w("  s:\n    errorCode: ''\n  condition: s\n"), "!isNull(errorCode) and errorCode matches /(?i)^$/");
    assert_eq!(w("  s:\n    errorCode|contains: '*'\n  condition: s\n"), "!isNull(errorCode)");
    assert_eq!(w("  s:\n    userAgent|re|i: 'a/b'\n  condition: s\n"), r"userAgent matches /(?i)a\/b/");
    assert_eq!(w("  s:\n    eventName|cased: 'Get?'\n  condition: s\n"), "eventName matches /(?s)^Get.$/");
    assert_eq!(
        w("  s:\n    sourceIPAddress|cidr: 10.0.0.0/8\n  condition: s\n"),
        r#"isValidIPv4(trim(sourceIPAddress)) and compareCIDRPrefix(trim(sourceIPAddress), "10.0.0.0", "8")"#
    );
    assert_eq!(
        w("  s:\n    userIdentity.arn|fieldref: requestParameters.userName\n  condition: s\n"),
        "!isNull(userIdentity_arn) and !isNull(requestParameters_userName) and toLowerCase(userIdentity_arn) = toLowerCase(requestParameters_userName)"
    );
    assert_eq!(w("  k:\n    - 'aws internal'\n  condition: k\n"), "_raw matches /(?i)aws internal/");
    assert_eq!(
        w("  s:\n    src_country: US\n  condition: s\n"),
        "src_country matches /(?i)^US$/",
        "after `lookup country_code as src_country from geo://location on ip=sourceIPAddress`"
    );
}

#[test]
fn contains_also_reads_through_lists_of_objects() {
    let query = q("  s:\n    requestParameters.containerDefinitions.command|contains: curl\n  condition: s\n").unwrap();
    assert!(query.contains(r#""requestParameters.containerDefinitions.command", "requestParameters.containerDefinitions[*].command" as requestParameters_containerDefinitions_command, requestParameters_containerDefinitions_each_command nodrop"#), "{query}");
    assert!(query.ends_with("where requestParameters_containerDefinitions_command matches /(?i)curl/ or requestParameters_containerDefinitions_each_command matches /(?i)curl/"), "{query}");
    // Not for a value tested whole, nor text that could span elements.
    assert!(!q("  s:\n    a.b.c: curl\n  condition: s\n").unwrap().contains("[*]"));
    assert!(!q("  s:\n    a.b.c|contains: 'x\",\"y'\n  condition: s\n").unwrap().contains("[*]"));
}

#[test]
fn what_has_no_query_says_why() {
    let e = q("  s:\n    sourceIPAddress|cidr: '2001:db8::/32'\n  condition: s\n").unwrap_err();
    assert!(e.starts_with("S012: no equivalent Sumo query: an IPv6 network"), "{e}");
    let e = q("  s:\n    userAgent|re: \"(?x)a\\n b\"\n  condition: s\n").unwrap_err();
    assert!(e.contains("line break"), "{e}");
    let e = q("  s:\n    'a[0]': x\n  condition: s\n").unwrap_err();
    assert!(e.contains("`a[0]` cannot be written as a `json` path"), "{e}");
}

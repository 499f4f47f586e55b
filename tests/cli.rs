//! The `trailscope` command as a user runs it: exit codes, formats, and the compatibility run.

use std::path::Path;
use std::process::Command;

#[path = "support/shared.rs"]
mod support;
use support::shared;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_trailscope"))
}

fn fixture(p: &str) -> String {
    support::repo().join("tests/fixtures").join(p).display().to_string()
}

#[test]
fn csv_has_a_header_and_quotes_like_rfc4180() {
    let out = bin()
        .args([
            "query",
            "--format",
            "csv",
            r#"* | json "userAgent" | where userAgent contains "," | count by userAgent | limit 1"#,
        ])
        .arg(fixture("cloudtrail/blog"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("userAgent,_count"));
    let row = lines.next().expect("a row");
    assert!(row.starts_with('"') && row.contains("\","), "a value with a comma is quoted: {row}");
}

#[test]
fn query_errors_exit_2_with_the_diagnostic_on_stderr() {
    let out = bin().args(["query", "* | cont by x"]).arg(fixture("cloudtrail/blog")).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("error[E201]: unknown operator `cont`"), "{err}");
    assert!(err.contains("did you mean `count`?"), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn other_errors_exit_1() {
    let out = bin().args(["query", "* | count", "--var", "novalue"]).arg(fixture("cloudtrail/blog")).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn check_parses_and_plans_only() {
    let ok =
        bin().args(["check", r#"_sourceCategory={{cat}} | json "eventName" | count by eventName"#]).output().unwrap();
    assert!(ok.status.success());
    let bad =
        bin().args(["check", "* | lookup type from sumo://threat/cs on threat=sourceIPAddress"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("unsupported: `sumo://threat/cs`"));
}

/// The compatibility target: real queries from Sumo Logic's apps (read from ../shared, which
/// must be there).
#[test]
fn explain_lists_the_stages_as_text_or_json() {
    let q = r#""ConsoleLogin" | json "eventName" | count by eventName | sort by _count"#;
    let out = bin().args(["explain", q]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    for want in ["1. scope (scope", "2. json (row", "3. count (aggregate", "4. sort (table)", "writes eventName"] {
        assert!(text.contains(want), "{want} in {text}");
    }
    let out = bin().args(["explain", "--json", q]).arg(fixture("cloudtrail/blog")).output().unwrap();
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let kinds: Vec<&str> = j["stages"].as_array().unwrap().iter().map(|s| s["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["scope", "row", "aggregate", "table"]);
    assert_eq!(j["stages"][0]["scope"]["required"][0], "ConsoleLogin");
    assert!(j["events"].as_u64().unwrap() > 0, "explained over the files given");
    let out = bin().args(["explain", "* | nope"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

#[test]
fn compat_corpus_runs_at_least_95_percent_and_the_rest_is_unsupported() {
    let corpus = shared("corpus/sumo-queries/queries.jsonl");
    let out = bin()
        .args(["compat", "--json", "--data"])
        .arg(fixture("cloudtrail/blog"))
        .arg("--lookup")
        .arg(format!("/shared/aws/cloudtrail/admin_users={}", fixture("lookups/admin_users.csv")))
        .arg("--lookup")
        .arg(format!("sumo://threat/cs={}", fixture("lookups/threat_iocs.csv")))
        // The search macro of old dashboards, `$$cloudTrail`: the source expression it names.
        .args(["--var", "cloudTrail=_sourceCategory=cloudtrail"])
        .arg(&corpus)
        .output()
        .unwrap();
    assert!(out.status.success());
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let (total, ran) = (s["total"].as_u64().unwrap(), s["ran"].as_u64().unwrap());
    assert!(total >= 196, "total {total}");
    assert!(ran * 100 >= total * 95, "ran {ran} of {total}");
    for q in s["queries"].as_array().unwrap() {
        if q["stage"] != "ran" {
            let msg = q["message"].as_str().unwrap_or("");
            assert!(
                msg.starts_with("unsupported: "),
                "query {} failed without an unsupported diagnostic: {msg}",
                q["id"]
            );
        }
    }
}

#[test]
fn lookup_reads_a_csv_table_named_on_the_command_line() {
    let query = r#""ConsoleLogin" | json "userIdentity.userName" as user nodrop | lookup team from /shared/aws/cloudtrail/admin_users on admin_user=user | where !isNull(team) | count by user, team | sort by user asc"#;
    let out = bin()
        // Panther's hand-written test events reuse eventIDs: keep them all, as the count below does.
        .args(["query", "--keep-duplicates", "--format", "csv", "--lookup"])
        .arg(format!("/shared/aws/cloudtrail/admin_users={}", fixture("lookups/admin_users.csv")))
        .arg(query)
        .arg(fixture("cloudtrail/blog"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    // admin_users.csv names tester (platform) and root (security); counted from the JSON
    // independently: 13 and 5 ConsoleLogin events; users not in the table are dropped.
    assert_eq!(text, "user,team,_count\nroot,security,5\ntester,platform,13\n");
}

#[test]
fn duplicate_events_are_dropped_unless_asked_to_keep_them() {
    let dir = fixture("cloudtrail/invictus-ir-aws-dataset");
    // The same real files twice, as when two trails deliver the same events.
    let count = |extra: &[&str]| {
        let out =
            bin().args(["query", "--format", "csv"]).args(extra).arg("* | count").arg(&dir).arg(&dir).output().unwrap();
        assert!(out.status.success());
        (String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
    };
    let (deduped, note) = count(&[]);
    assert_eq!(deduped, "_count\n810\n");
    assert!(note.contains("810 duplicate events (same eventID, another file) dropped"), "{note}");
    assert_eq!(count(&["--keep-duplicates"]).0, "_count\n1620\n");
}

#[test]
fn a_time_range_keeps_only_events_inside_it() {
    let out = bin()
        .args([
            "query",
            "--format",
            "csv",
            "--from",
            "2023-07-10T12:00:00Z",
            "--to",
            "2023-07-10T12:10:00Z",
            "* | count",
        ])
        .arg(fixture("cloudtrail/invictus-ir-aws-dataset"))
        .output()
        .unwrap();
    // Counted from the files' eventTime values independently.
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "_count\n232\n");
    let bad =
        bin().args(["query", "--from", "yesterday", "* | count"]).arg(fixture("cloudtrail/blog")).output().unwrap();
    assert_eq!(bad.status.code(), Some(1), "a bad option is not a query error");
    assert!(String::from_utf8_lossy(&bad.stderr).contains("is not a time"));
}

/// The page's load totals (the engine's batch report: `Session::finish_loading`) are the
/// totals `trailscope ingest --json` prints for the same files, damaged ones included (a zip
/// whose index is cut off but whose entries were recovered is an error in both).
#[test]
fn the_pages_load_totals_are_those_of_ingest() {
    fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
        entries.sort();
        for e in entries {
            if e.is_dir() {
                files(&e, out)
            } else {
                out.push(e)
            }
        }
    }
    for dir in ["bad", "zip"] {
        let out = bin().args(["ingest", "--json"]).arg(fixture(dir)).output().unwrap();
        let cli: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut s = trailscope::session::Session::new();
        let mut list = Vec::new();
        files(Path::new(&fixture(dir)), &mut list);
        for f in &list {
            s.load(&f.display().to_string(), std::fs::read(f).unwrap(), "cloudtrail");
        }
        let page = serde_json::to_value(s.finish_loading(false).report.totals).unwrap();
        assert_eq!(page, cli["totals"], "tests/fixtures/{dir}");
        if dir == "bad" {
            assert!(page["errors"].as_u64().unwrap() > 0);
        }
    }
}

#[test]
fn the_cli_prints_the_report_as_a_table_or_json() {
    let bin = env!("CARGO_BIN_EXE_trailscope");
    let dir = Path::new(&fixture("bad")).to_path_buf();
    let out = std::process::Command::new(bin).arg("ingest").arg("--json").arg(&dir).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "errors exit 1");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v["totals"]["records"].as_u64().unwrap() > 100);
    let out = std::process::Command::new(bin).arg("ingest").arg(fixture("console")).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(0), "{text}");
    assert!(
        text.contains("console-csv")
            && text.contains("total: 8 files (2 skipped as not CloudTrail, 0 with errors), 36 records"),
        "{text}"
    );
}

/// `compare` under `--from/--to` reads the days before the range too (they are not in the
/// answer, but the shifted columns come from them).
#[test]
fn compare_with_a_time_range_reads_the_periods_before_it() {
    let q = "* | timeslice 1d | count by _timeslice | compare with timeshift 1d";
    let file = fixture("synthetic/compare-days.jsonl");
    let out = bin()
        .args(["query", "--format", "csv", "--from", "2024-03-12", "--to", "2024-03-13", q, &file])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // 5 logins on 2024-03-12, 3 the day before (2024-03-12T00:00Z is 1710201600000).
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "_timeslice,_count,_count_1d\n1710201600000,5,3\n");
    let out = bin()
        .args(["query", "--format", "csv", "--from", "2024-03-11", "* | count | compare with timeshift 2d", &file])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "_count,_count_2d\n8,2\n",
        "8 from 2024-03-11 on, 2 two days earlier"
    );
}

/// `lookup ... from sumo://threat/cs` answers from the user's own indicators (`--threat`: a STIX
/// 2.1 bundle or a CSV), and says what to give when there are none.
#[test]
fn threat_lookups_answer_from_the_users_indicator_files() {
    let q = r#"* | json "sourceIPAddress" as ip | lookup type, actor, threatlevel from sumo://threat/cs on threat=ip | where !isNull(type) | count by ip, type, actor, threatlevel | sort by ip"#;
    let (data, stix) = (fixture("synthetic/mixed.json"), fixture("lookups/threat-bundle.json"));
    let out = bin().args(["query", "--format", "csv", "--threat", &stix, q, &data]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // (`sort` is descending by default.) mixed.json: 81.2.69.142 once, 2001:db8:85a3::8a2e:370:7334 twice (its README); the bundle's
    // first indicator (confidence 85) indicates EXAMPLE KITTEN, the second has confidence 40.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "ip,type,actor,threatlevel,_count\n81.2.69.142,ip_address,EXAMPLE KITTEN,high,1\n2001:db8:85a3::8a2e:370:7334,ip_address,,medium,2\n"
    );
    let out = bin().args(["query", q, &data]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("U020") && err.contains("--threat FILE"), "{err}");
    let bad = bin().args(["query", "--threat", &fixture("lookups/admin_users.csv"), q, &data]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("needs a `threat` column"),
        "a CSV without indicators is refused"
    );
}

/// `lookupContains` answers whether a loaded table holds a key: the threat indicators (a bare
/// key is their `threat` column) and a CSV table (`field=column` pairs, keys without case).
#[test]
fn lookup_contains_reads_threat_and_csv_tables() {
    let data = fixture("synthetic/mixed.json");
    let q =
        r#"* | json "sourceIPAddress" as ip | where lookupContains(sumo://threat/cs, ip) | count by ip | sort by ip"#;
    let stix = fixture("lookups/threat-bundle.json");
    let out = bin().args(["query", "--format", "csv", "--threat", &stix, q, &data]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(String::from_utf8(out.stdout).unwrap(), "ip,_count\n81.2.69.142,1\n2001:db8:85a3::8a2e:370:7334,2\n");
    let q = r#"* | json "userIdentity.type" as kind | lookupContains(path://"/shared/admins", kind=admin_user) as admin | count by kind, admin | sort by kind asc"#;
    let table = format!("/shared/admins={}", fixture("lookups/admin_users.csv"));
    let out = bin().args(["query", "--format", "csv", "--lookup", &table, q, &data]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // admin_users.csv lists `root`: the Root console login's type matches, without case.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "kind,admin,_count\nAWSService,false,2\nIAMUser,false,9\nRoot,true,1\n"
    );
}

/// `logcompare` under `--from/--to` reads the baseline window before the range too.
#[test]
fn logcompare_with_a_time_range_reads_the_baseline_window() {
    let q = r#"* | logcompare timeshift -1d | fields - _signature, _deltaPercentage, _anomalyScore, _isNew"#;
    let file = fixture("synthetic/logreduce.jsonl");
    let out = bin()
        .args(["query", "--format", "csv", "--from", "2024-03-11", "--to", "2024-03-12", q, &file])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    // The fixture's README: timeout gone (0, 2), quota new (3, 0), throttling 3 against 1,
    // login failures 2 and 2.
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        "_count,_baseline_count,_status\n0,2,gone\n3,0,new\n3,1,changed\n2,2,unchanged\n"
    );
}

#[test]
fn detect_prints_one_line_per_alert_then_a_summary() {
    let out = bin().args(["detect", "--min-level", "high"]).arg(fixture("cloudtrail")).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split_whitespace().collect();
    assert_eq!(
        header,
        ["time", "level", "rule_id", "rule", "principal", "source_ip", "event_name", "event_id", "detail"]
    );
    let alerts: Vec<&str> = lines.by_ref().take_while(|l| !l.is_empty()).collect();
    assert!(
        !alerts.is_empty() && alerts.iter().all(|l| l.contains("  high  ") || l.contains("  critical  ")),
        "{text}"
    );
    let restore = alerts.iter().find(|l| l.contains("Restore Public AWS RDS Instance")).expect("the RDS rule fires");
    assert!(restore.contains("RestoreDBInstanceFromDBSnapshot"), "{restore}");
    assert!(text.contains(&format!("{} alerts from", alerts.len())), "{text}");
    assert!(text.contains("by level: high"), "{text}");
    assert!(text.contains("Detection Rule License 1.1"), "{text}");
    // The placeholder rule says why it did not run.
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("S008") && err.contains("--expand Legitimate_Countries="), "{err}");
}

#[test]
fn detect_json_carries_author_reference_and_license() {
    let out = bin()
        .args(["detect", "--format", "json", "--expand", "Legitimate_Countries=US,CA"])
        .arg(fixture("cloudtrail"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let alerts = v["alerts"].as_array().unwrap();
    assert_eq!(v["summary"]["total"].as_u64().unwrap() as usize, alerts.len());
    let mfa = alerts.iter().find(|a| a["rule"] == "AWS Successful Console Login Without MFA").expect("an MFA alert");
    assert_eq!(mfa["event_name"], "ConsoleLogin");
    assert_eq!(mfa["author"], "Thuya@Hacktilizer, Ivan Saakov");
    assert!(mfa["references"][0].as_str().unwrap().starts_with("https://"), "{mfa}");
    assert_eq!(mfa["license"], "DRL-1.1");
    assert!(alerts.iter().any(|a| a["rule"] == "AWS Console Login Monitoring"), "the placeholder rule runs");
    assert_eq!(v["rules"]["run"], 68, "58 rules and 10 baselines");
    let sigma: Vec<&serde_json::Value> = alerts.iter().filter(|a| a["kind"] == "sigma").collect();
    assert!(!sigma.is_empty());
    for a in sigma {
        assert!(a["detail"].is_null(), "{a}");
        assert_eq!(a["events"][0].as_str(), Some(a["event_id"].as_str().unwrap_or_default()), "{a}");
    }
}

#[test]
fn detect_reads_user_rules_and_names_what_it_cannot_run() {
    let dir = std::env::temp_dir().join(format!("trailscope-rules-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    std::fs::write(
        dir.join("sub/mine.yml"),
        "title: Mine\nid: m-1\nlevel: critical\ndetection:\n  s:\n    eventName: ConsoleLogin\n  condition: s\n",
    )
    .unwrap();
    std::fs::write(dir.join("odd.yaml"), "title: Odd\ndetection:\n  s:\n    a|base64: x\n  condition: s\n").unwrap();
    let out = bin()
        .args(["detect", "--no-builtin", "--no-baselines", "--format", "csv", "--rules"])
        .arg(&dir)
        .arg(fixture("cloudtrail/blog"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("time,level,rule_id,rule,principal,source_ip,event_name,event_id,detail\r\n"), "{text}");
    assert!(text.lines().skip(1).all(|l| l.contains(",critical,m-1,Mine,")), "{text}");
    assert!(text.lines().count() > 1, "{text}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("odd.yaml") && err.contains("S003") && err.contains("`base64`"), "{err}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn detect_runs_the_baselines_with_their_thresholds() {
    let dir = std::env::temp_dir().join(format!("trailscope-baselines-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fail = |i: u32| {
        format!(
            r#"{{"eventTime":"2024-05-01T10:0{i}:00Z","eventID":"f{i}","eventName":"ConsoleLogin","userIdentity":{{"type":"IAMUser","accountId":"1","userName":"ada"}},"errorMessage":"Failed authentication","responseElements":{{"ConsoleLogin":"Failure"}},"sourceIPAddress":"87.153.133.131"}}"#
        )
    };
    let records: Vec<String> = (1..=4).map(fail).collect();
    std::fs::write(dir.join("t.json"), format!(r#"{{"Records":[{}]}}"#, records.join(","))).unwrap();
    let run = |extra: &[&str]| {
        let out = bin().args(["detect", "--no-builtin", "--format", "json"]).args(extra).arg(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
        serde_json::from_slice::<serde_json::Value>(&out.stdout).unwrap()
    };
    let v = run(&[]);
    assert_eq!(v["summary"]["total"], 1, "{v}");
    let a = &v["alerts"][0];
    assert_eq!(a["kind"], "baseline");
    assert_eq!(a["rule_id"], "trailscope-baseline-failed-sign-in-burst");
    assert_eq!(a["detail"], "4 failed console sign-ins in 3 min (first from 87.153.133.131)");
    assert_eq!(a["events"], serde_json::json!(["f1", "f2", "f3", "f4"]));
    assert_eq!(a["author"], "Trailscope");
    assert_eq!(run(&["--failed-sign-ins", "5"])["summary"]["total"], 0);
    assert_eq!(run(&["--failed-minutes", "0.5"])["summary"]["total"], 0);
    let bad = bin().args(["detect", "--baseline-until", "soon"]).arg(&dir).output().unwrap();
    assert_eq!(bad.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn detect_queries_prints_each_rules_sumo_query_which_query_runs() {
    let out = bin().args(["detect", "--queries"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let blocks: Vec<&str> = text.split("\n\n").filter(|b| !b.trim().is_empty()).collect();
    assert_eq!(blocks.len(), 58, "{text}");
    assert!(blocks.iter().all(|b| b.starts_with("// ")), "{text}");
    let root = blocks.iter().find(|b| b.starts_with("// AWS Root Credentials (")).unwrap();
    assert!(root.contains("\n\"Root\" | json field=_raw "), "{root}");
    let placeholder = blocks.iter().find(|b| b.contains("rules-placeholder/")).unwrap();
    assert!(placeholder.contains("\n// no equivalent Sumo query: the rule does not run (S008"), "{placeholder}");

    // A user's rule: its query, run by `trailscope query`, finds the events the rule alerts on.
    let dir = std::env::temp_dir().join(format!("trailscope-queries-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("mine.yml"),
        "title: Mine\nid: m-2\nlevel: low\ndetection:\n  s:\n    eventName: ConsoleLogin\n  condition: s\n",
    )
    .unwrap();
    let out =
        bin().args(["detect", "--queries", "--no-builtin", "--format", "json", "--rules"]).arg(&dir).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v[0]["rule_id"].as_str(), v[0]["query_note"].is_null()), (Some("m-2"), true), "{v}");
    let q = format!("{} | count", v[0]["query"].as_str().unwrap());
    let count = bin().args(["query", "--format", "csv", &q]).arg(fixture("cloudtrail/blog")).output().unwrap();
    let count = String::from_utf8(count.stdout).unwrap();
    let alerts = bin()
        .args(["detect", "--no-builtin", "--no-baselines", "--format", "csv", "--rules"])
        .arg(&dir)
        .arg(fixture("cloudtrail/blog"))
        .output()
        .unwrap();
    let alerts = String::from_utf8(alerts.stdout).unwrap().lines().count() - 1;
    assert!(alerts > 0);
    assert_eq!(count.lines().nth(1), Some(alerts.to_string().as_str()), "{q}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn detect_exits_1_on_usage_and_file_errors_and_0_without_alerts() {
    let missing = bin().args(["detect", "/nonexistent/trailscope"]).output().unwrap();
    assert_eq!(missing.status.code(), Some(1));
    let bad_level = bin().args(["detect", "--min-level", "severe"]).arg(fixture("cloudtrail/blog")).output().unwrap();
    assert_eq!(bad_level.status.code(), Some(1));
    let no_rules =
        bin().args(["detect", "--no-builtin", "--no-baselines"]).arg(fixture("cloudtrail/blog")).output().unwrap();
    assert_eq!(no_rules.status.code(), Some(1));
    let bad_rules =
        bin().args(["detect", "--rules", "/nonexistent/rules"]).arg(fixture("cloudtrail/blog")).output().unwrap();
    assert_eq!(bad_rules.status.code(), Some(1));
    let quiet = bin().args(["detect", "--min-level", "critical"]).arg(fixture("cloudtrail/blog")).output().unwrap();
    assert_eq!(quiet.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&quiet.stdout).starts_with("0 alerts from 0 of"));
}

#[test]
fn sql_prints_the_query_as_sql_or_the_diagnostic_with_exit_1() {
    let out = bin()
        .args(["sql", "--from", "2024-01-01", "--to", "2024-01-03", r#"* | json "eventName" | count by eventName"#])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let sql = String::from_utf8(out.stdout).unwrap();
    assert!(sql.contains("\"timestamp\" >= '2024/01/01'") && sql.contains("GROUP BY"), "{sql}");
    let out = bin().args(["sql", "* | transpose row a column b"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("error[Q001]") && err.contains("transpose") && err.contains("^"), "{err}");
    let out = bin().args(["sql", "--dialect", "oracle", "*"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn athena_table_prints_the_ddl_with_partition_projection() {
    let out =
        bin().args(["athena-table", "--bucket", "b", "--org", "o-abc123", "--since", "2024-01-01"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let ddl = String::from_utf8(out.stdout).unwrap();
    assert!(ddl.starts_with("CREATE EXTERNAL TABLE cloudtrail_logs ("), "{ddl}");
    assert!(ddl.contains("'projection.timestamp.range'='2024/01/01,NOW'"), "{ddl}");
    assert!(ddl.contains("s3://b/AWSLogs/o-abc123/${account}/CloudTrail/${region}/${timestamp}"), "{ddl}");
    let out = bin().args(["athena-table", "--bucket", "b", "--since", "yesterday"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
}

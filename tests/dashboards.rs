//! The page's dashboards (www/src/dashboards/dashboards.json): every panel query parses, plans and
//! returns rows on the sample data, as the page loads it; panels documented as empty on the sample
//! return rows on the real CloudTrail fixtures. Also checks the definitions against the app export.
//!
//! `TRAILSCOPE_DASHBOARDS_DEMO=FILE cargo test --test dashboards` also writes every panel's result,
//! in the worker's `{ok}` / `{error}` shape, for www/demo/dashboards.js.

#[path = "support/geo.rs"]
mod geo_tables;
use serde_json::{json, Value as Json};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use trailscope::diag::render::to_json;
use trailscope::ingest::{load_bytes, load_path, LoadOptions, LoadReport};
use trailscope::lookup::Lookups;
use trailscope::session::scope_to;
use trailscope::store::Store;
use trailscope::{run_query, QueryOptions, QueryResult};
use trailscope_sample::{day_files, Options, Plan};

#[path = "support/shared.rs"]
mod support;
use support::shared;

const CATEGORY: &str = "cloudtrail";
const CHARTS: &[&str] = &["column", "bar", "line", "area", "pie", "single", "table", "map"];

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn defs() -> &'static Json {
    static DEFS: OnceLock<Json> = OnceLock::new();
    DEFS.get_or_init(|| {
        let text = std::fs::read_to_string(root().join("www/src/dashboards/dashboards.json")).unwrap();
        serde_json::from_str(&text).expect("dashboards.json is JSON")
    })
}

fn dashboards() -> &'static [Json] {
    defs()["dashboards"].as_array().expect("a dashboards array")
}

fn text<'a>(v: &'a Json, key: &str) -> &'a str {
    v[key].as_str().unwrap_or_else(|| panic!("`{key}` should be a string in {v}"))
}

fn lookups() -> &'static Lookups {
    geo_tables::lookups()
}

/// The default sample, generated in memory and loaded file by file as the page's worker does.
fn sample() -> &'static Store {
    static S: OnceLock<Store> = OnceLock::new();
    S.get_or_init(|| {
        let plan = Plan::new(Options::default()).unwrap();
        let opts = LoadOptions { category: CATEGORY.into(), ..Default::default() };
        let mut store = Store::new();
        for f in (0..plan.days.len()).flat_map(|k| day_files(&plan, k)) {
            let r = load_bytes(&mut store, &f.path, f.json.as_bytes(), &opts);
            assert!(r.error.is_none(), "{}: {:?}", f.path, r.error);
        }
        store.finish();
        store.drop_duplicates();
        store.index_hot(1);
        store
    })
}

/// The real CloudTrail in tests/fixtures (one bad file in it is skipped by design).
fn fixtures() -> &'static Store {
    static S: OnceLock<Store> = OnceLock::new();
    S.get_or_init(|| {
        let mut store = Store::new();
        let opts = LoadOptions { category: CATEGORY.into(), ..Default::default() };
        load_path(&mut store, &root().join("tests/fixtures/cloudtrail"), &opts, &mut LoadReport::default());
        store.finish();
        store.drop_duplicates();
        store
    })
}

fn default_vars(dash: &Json) -> HashMap<String, String> {
    dash["vars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| (text(v, "name").to_string(), text(v, "default").to_string()))
        .collect()
}

/// Runs a panel with its dashboard's default variables; an error is the diagnostic as the worker gives it.
fn run(store: &Store, dash: &Json, panel: &Json) -> Result<QueryResult, Json> {
    let query = scope_to(text(panel, "query"), CATEGORY);
    let opts = QueryOptions { vars: default_vars(dash), ..Default::default() };
    run_query(store, &query, &opts, lookups()).map_err(|d| to_json(&d, &query))
}

fn each_panel() -> impl Iterator<Item = (&'static Json, &'static Json, String)> {
    dashboards().iter().flat_map(|d| {
        d["panels"].as_array().unwrap().iter().map(move |p| (d, p, format!("{}/{}", text(d, "id"), text(p, "id"))))
    })
}

#[test]
fn every_panel_returns_rows_on_the_sample() {
    let mut failures = Vec::new();
    let mut demo = serde_json::Map::new();
    for (dash, panel, name) in each_panel() {
        let result = run(sample(), dash, panel);
        let empty_reason = panel["emptyOnSample"].as_str();
        match (&result, empty_reason) {
            (Err(e), _) => failures.push(format!("{name}: the query fails: {e}\n{}", text(panel, "query"))),
            (Ok(r), None) if r.rows.is_empty() => failures.push(format!("{name}: no rows on the sample")),
            (Ok(r), Some(_)) if !r.rows.is_empty() => {
                failures.push(format!("{name}: has rows on the sample now; drop its emptyOnSample"))
            }
            _ => {}
        }
        if text(panel, "chart") == "map" {
            if let Ok(r) = &result {
                for col in ["latitude", "longitude", "_count"] {
                    if !r.columns.iter().any(|c| c == col) {
                        failures.push(format!("{name}: a map needs a `{col}` column, got {:?}", r.columns));
                    }
                }
            }
        }
        let out = match result {
            Ok(r) => json!({ "ok": r }),
            Err(e) => json!({ "error": e }),
        };
        demo.entry(text(dash, "id")).or_insert_with(|| json!({}))[text(panel, "id")] = out;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    if let Some(path) = std::env::var_os("TRAILSCOPE_DASHBOARDS_DEMO") {
        // And one failure, for the demo's error state: the app's admin lookup, as the app writes it.
        let query = "_sourceCategory = \"cloudtrail\"\n| json \"userIdentity.userName\" as user nodrop\n\
                     | lookup admin_user from /shared/aws/cloudtrail/admin_users on admin_user=user";
        let err = run_query(sample(), query, &QueryOptions::default(), lookups()).expect_err("no such table offline");
        demo.insert("_error".into(), json!({ "query": query, "error": to_json(&err, query) }));
        std::fs::write(PathBuf::from(path), serde_json::to_string(&Json::Object(demo)).unwrap()).unwrap();
    }
}

#[test]
fn panels_empty_on_the_sample_have_rows_on_real_cloudtrail() {
    let mut checked = 0;
    for (dash, panel, name) in each_panel().filter(|(_, p, _)| p.get("emptyOnSample").is_some()) {
        assert!(!text(panel, "emptyOnSample").trim().is_empty(), "{name}: say why it is empty");
        let r = run(fixtures(), dash, panel).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!r.rows.is_empty(), "{name}: no rows on tests/fixtures/cloudtrail either");
        checked += 1;
    }
    assert!(checked <= 3, "most panels should show something on the sample ({checked} do not)");
}

#[test]
fn the_login_map_has_places_results_and_users() {
    let dash = dashboards().iter().find(|d| d["id"] == "console-logins").expect("a console-logins dashboard");
    let panel = dash["panels"].as_array().unwrap().iter().find(|p| p["chart"] == "map").expect("a map panel");
    let query = text(panel, "query");
    assert!(query.contains("geo://location on ip = sourceIPAddress"), "{query}");
    let r = run(sample(), dash, panel).unwrap();
    let col = |name: &str| {
        r.columns
            .iter()
            .position(|c| c.eq_ignore_ascii_case(name))
            .unwrap_or_else(|| panic!("no {name}: {:?}", r.columns))
    };
    let (cc, city, result, user) = (col("country_code"), col("city"), col("loginresult"), col("user"));
    let cell = |row: &Vec<trailscope::value::Value>, i: usize| row[i].as_text().into_owned();
    let results: BTreeSet<String> = r.rows.iter().map(|row| cell(row, result)).collect();
    assert!(results.contains("Success") && results.contains("Failure"), "{results:?}");
    // The blog's finding: someone signs in from New York.
    assert!(r
        .rows
        .iter()
        .any(|row| cell(row, cc) == "US" && cell(row, city) == "New York" && !cell(row, user).is_empty()));
}

#[test]
fn every_panel_starts_with_a_category_term_the_page_rewrites() {
    for (_, panel, name) in each_panel() {
        let q = text(panel, "query");
        assert!(scope_to(q, CATEGORY).starts_with("_sourceCategory = \"cloudtrail\""), "{name}: {q}");
        let dropped = scope_to(q, "");
        assert!(!dropped.to_ascii_lowercase().starts_with("_sourcecategory"), "{name}: {dropped}");
    }
}

#[test]
fn definitions_are_well_formed() {
    let ids: Vec<&str> = dashboards().iter().map(|d| text(d, "id")).collect();
    assert_eq!(ids, ["overview", "user-monitoring", "console-logins", "access-denied"]);
    let var_ref = regex::Regex::new(r"\{\{\s*([A-Za-z0-9_]+)\s*\}\}").unwrap();
    for dash in dashboards() {
        let id = text(dash, "id");
        for key in ["title", "about"] {
            assert!(!text(dash, key).is_empty(), "{id}: {key}");
        }
        let declared: BTreeSet<&str> = dash["vars"].as_array().unwrap().iter().map(|v| text(v, "name")).collect();
        for v in dash["vars"].as_array().unwrap() {
            assert!(!text(v, "label").is_empty() && !text(v, "default").is_empty(), "{id}: {v}");
        }
        let mut used = BTreeSet::new();
        let mut panel_ids = BTreeSet::new();
        for p in dash["panels"].as_array().unwrap() {
            let pid = text(p, "id");
            assert!(panel_ids.insert(pid), "{id}: two panels {pid}");
            assert!(!text(p, "title").is_empty(), "{id}/{pid}: title");
            assert!(CHARTS.contains(&text(p, "chart")), "{id}/{pid}: chart {}", p["chart"]);
            for c in var_ref.captures_iter(text(p, "query")) {
                let name = c.get(1).unwrap().as_str();
                assert!(declared.contains(name), "{id}/{pid}: {{{{{name}}}}} is not among the dashboard's vars");
                used.insert(name.to_string());
            }
        }
        for name in &declared {
            assert!(used.contains(*name), "{id}: the variable {name} is used by no panel");
        }
    }
}

/// Every panel of the app export is there, with its title and type, and its query is the app's
/// text unless a note says what changed (the export is read from ../shared, which must be there).
#[test]
fn every_app_panel_is_there_as_in_the_app() {
    let path = shared("corpus/sumo-queries/cloudtrail_app.txt");
    let export = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let head =
        regex::Regex::new(r"^AWS CloudTrail / AWS CloudTrail - (.+?) - New / (.+?) \[panel type: (.+?)\]$").unwrap();
    let norm = |q: &str| q.trim().lines().map(str::trim_end).collect::<Vec<_>>().join("\n");
    let mut seen = BTreeMap::new();
    for part in export.split("\n### ").skip(1) {
        let (first, body) = part.split_once('\n').unwrap();
        let c = head.captures(first).unwrap_or_else(|| panic!("unexpected heading {first}"));
        let (dash_title, title, kind) = (&c[1], &c[2], &c[3]);
        let dash = dashboards().iter().find(|d| d["title"] == dash_title).unwrap_or_else(|| panic!("no {dash_title}"));
        let panel = dash["panels"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["title"] == title)
            .unwrap_or_else(|| panic!("{dash_title}: no panel `{title}`"));
        let (chart, stacked) = match kind {
            "column (stacked)" => ("column", true),
            "single value" => ("single", false),
            "line (outlier threshold)" => ("line", false),
            k => (k, false),
        };
        assert_eq!(text(panel, "chart"), chart, "{dash_title}/{title}");
        assert_eq!(panel["stacked"].as_bool().unwrap_or(false), stacked, "{dash_title}/{title}");
        if norm(text(panel, "query")) != norm(body) {
            assert!(
                panel["note"].as_str().is_some_and(|n| !n.is_empty()),
                "{dash_title}/{title}: changed without a note"
            );
        }
        *seen.entry(text(dash, "id")).or_insert(0) += 1;
    }
    for dash in dashboards().iter().filter(|d| d["id"] != "access-denied") {
        let id = text(dash, "id");
        assert_eq!(
            seen.get(id).copied().unwrap_or(0),
            dash["panels"].as_array().unwrap().len(),
            "{id}: only the app's panels"
        );
    }
}

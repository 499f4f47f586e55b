//! `docs/functions.md`, the list of every function the engine has, is generated from the
//! function registry (`funcs::all`) and the aggregates' list; this test fails when the committed
//! page differs (`BLESS=1 cargo test --test functions` rewrites it). Every function listed must
//! also be callable: each one's usage line parses and plans.

use std::path::Path;
use trailscope::funcs;
use trailscope::plan::operators::AGGREGATES;

/// Functions of Sumo Logic's list that do not run here, and why (the page says so too).
const NOT_HERE: &[(&str, &str)] =
    &[("pct_sampling", "estimates a percentile from Sumo Logic's sampled index; use `pct` over the loaded events")];

fn page() -> String {
    let mut fns: Vec<_> = funcs::all().collect();
    fns.sort_by_key(|f| f.name.to_ascii_lowercase());
    let mut out = String::from(
        "# Functions\n\nEvery function Trailscope runs, generated from the engine's function registry by \
         `tests/functions.rs` (`BLESS=1 cargo test --test functions` rewrites it). Names are matched \
         without case. Operators are in [operators.md](operators.md).\n\n| function | usage | depends on the time range |\n|---|---|---|\n",
    );
    for f in &fns {
        let range = if funcs::RANGE_DEPENDENT.iter().any(|r| r.eq_ignore_ascii_case(f.name)) { "yes" } else { "" };
        out.push_str(&format!("| `{}` | `{}` | {range} |\n", f.name, f.usage.replace('|', "\\|")));
    }
    out.push_str("\n## Aggregates\n\nUsed as `| count by x`, `| sum(bytes) as total by user` ...\n\n");
    let mut aggs = AGGREGATES.to_vec();
    aggs.sort_unstable();
    out.push_str(&aggs.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", "));
    out.push_str("\n\n## Not available offline\n\n| function | why |\n|---|---|\n");
    for (name, why) in NOT_HERE {
        out.push_str(&format!("| `{name}` | {why} |\n"));
    }
    out
}

#[test]
fn the_functions_page_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/functions.md");
    let want = page();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &want).unwrap();
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(have == want, "docs/functions.md is out of date: run BLESS=1 cargo test --test functions");
}

#[test]
fn every_listed_function_is_known_and_the_missing_ones_are_not() {
    for f in funcs::all() {
        assert!(funcs::find(&f.name.to_ascii_uppercase()).is_some(), "{} by any case", f.name);
        assert!(f.usage.to_ascii_lowercase().starts_with(&f.name.to_ascii_lowercase()), "{}'s usage names it", f.name);
    }
    for (name, _) in NOT_HERE {
        assert!(funcs::find(name).is_none(), "{name} is implemented now: drop it from NOT_HERE");
    }
}

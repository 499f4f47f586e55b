//! The operator registry (`plan::operators`) is the one list of operators: every word the
//! parser accepts as an operator is one of its entries, every entry's words are accepted, and
//! every entry's examples parse, plan and run (they double as tests).

#[path = "support/geo.rs"]
mod geo_tables;
use std::path::Path;
use trailscope::ingest::{load_path, LoadOptions, LoadReport};
use trailscope::ops::Step;
use trailscope::plan::operators::{self, Kind, Range, Strings, UNSUPPORTED};
use trailscope::store::Store;
use trailscope::{diag::render::to_text, run_query, QueryOptions};

fn store() -> Store {
    let mut store = Store::new();
    let mut report = LoadReport::default();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for input in ["synthetic/mixed.json", "cloudtrail/blog"] {
        load_path(&mut store, &fixtures.join(input), &LoadOptions::default(), &mut report);
    }
    store.finish();
    assert!(store.len() > 10, "the fixture loaded");
    store
}

#[test]
fn every_example_parses_plans_and_runs() {
    let store = store();
    let mut lookups = trailscope::lookup::Lookups::default();
    geo_tables::install(&mut lookups);
    // Indicators for the threat-intel operators, as `--threat` gives them.
    let mut indicators = Vec::new();
    for f in ["lookups/threat_iocs.csv", "lookups/threat-bundle.json"] {
        let text =
            std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(f)).unwrap();
        indicators.extend(trailscope::lookup::threat::read_file(f, &text).unwrap());
    }
    trailscope::lookup::threat::install(&mut lookups, indicators);
    // The day the fixtures' events happened (2023-07-10, UTC): `fillmissing` fills its slices.
    let day = (1_688_947_200_000, 1_689_033_600_000);
    let opts = QueryOptions { now_ms: 1_700_000_000_000, range: Some(day), ..Default::default() };
    for spec in operators::all() {
        assert!(!spec.examples.is_empty(), "`{}` has no example", spec.name);
        let mut uses_it = false;
        for q in spec.examples {
            let parsed =
                operators::parse_query(q).unwrap_or_else(|d| panic!("`{q}` does not parse:\n{}", to_text(&d, q)));
            let plan = trailscope::compile(q, &Default::default(), &lookups)
                .unwrap_or_else(|d| panic!("`{q}` does not plan:\n{}", to_text(&d, q)));
            for (stage, step) in parsed.stages.iter().zip(&plan.steps) {
                if stage.op.operator() != spec.name {
                    continue;
                }
                uses_it = true;
                let kind = match step {
                    Step::Row(_) => Kind::Row,
                    Step::Table(_) | Step::Compare(_) | Step::LogCompare(_) => Kind::Table,
                    Step::Aggregate(_) => Kind::Aggregate,
                };
                assert_eq!(kind, spec.kind, "`{}` runs as {kind:?}, its spec says {:?}", spec.name, spec.kind);
                let dependent = operators::range_dependent(&*stage.op);
                match spec.range {
                    Range::Never => assert!(!dependent),
                    Range::Always => assert!(dependent),
                    Range::Sometimes => {}
                }
            }
            assert!(
                !(spec.range == Range::Always) || plan.range_dependent,
                "`{q}`: `{}` depends on the time range, the plan does not say so",
                spec.name
            );
            let r = run_query(&store, q, &opts, &lookups)
                .unwrap_or_else(|d| panic!("`{q}` does not run:\n{}", to_text(&d, q)));
            assert!(r.warnings.is_empty(), "`{q}` warns: {:?}", r.warnings);
        }
        assert!(uses_it, "no example of `{}` uses it", spec.name);
    }
}

#[test]
fn every_word_is_an_operator_of_the_registry_and_only_those() {
    let mut seen: Vec<&str> = Vec::new();
    for spec in operators::all() {
        assert!(!spec.usage.is_empty() && !spec.doc.is_empty(), "`{}` needs a usage and a doc line", spec.name);
        for w in spec.words {
            assert_eq!(*w, w.to_ascii_lowercase(), "words are lower case");
            assert!(!seen.contains(w), "`{w}` starts two operators");
            assert!(!UNSUPPORTED.iter().any(|(u, _)| u == w), "`{w}` is both an operator and unsupported");
            seen.push(w);
            // The word reaches its operator's parser: whatever it says of a stage with nothing
            // after the word, it is not "unknown operator" or "unsupported". (`if` starts an
            // expression stage when a `(` follows, as any function does.)
            let q = if spec.name == "expr" { format!("* | {w}(") } else { format!("* | {w}") };
            if let Err(d) = operators::parse_query(&q) {
                assert!(d.code != "E201" && d.code != "U001", "`{q}`: {}", to_text(&d, &q));
            }
            let shown = spec.examples.iter().any(|e| {
                e.to_ascii_lowercase().split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).any(|t| t == *w)
            });
            assert!(shown, "no example of `{}` shows `{w}`", spec.name);
        }
        for w in spec.common {
            assert!(spec.words.contains(w), "`{}`: its common word `{w}` is not one of its words", spec.name);
        }
        assert!(operators::find(spec.name).is_some_and(|s| std::ptr::eq(s, spec)), "`{}` is found by name", spec.name);
    }
    // Words the registry does not have are not operators.
    for (w, _) in UNSUPPORTED {
        let q = format!("* | {w} x");
        assert_eq!(operators::parse_query(&q).map(|_| ()).unwrap_err().code, "U001", "{q}");
    }
    let d = operators::parse_query("* | sortt").map(|_| ()).unwrap_err();
    assert_eq!(d.code, "E201");
    assert!(to_text(&d, "* | sortt").contains("sort"), "did you mean `sort`");
    // The vocabulary the page's editor completes and highlights is the registry's.
    let v = trailscope::session::vocabulary();
    let mut words = seen.clone();
    words.sort_unstable();
    assert_eq!(v.operators, words);
}

/// docs/operators.md: every operator of the registry and every unsupported one, generated here.
fn operators_page() -> String {
    let range = |r: Range| match r {
        Range::Never => "no",
        Range::Always => "yes",
        Range::Sometimes => "as the stage says",
    };
    let kind = |k: Kind| match k {
        Kind::Row => "row",
        Kind::Table => "table",
        Kind::Aggregate => "aggregate",
    };
    let code = |ws: &[&str]| ws.iter().map(|w| format!("`{w}`")).collect::<Vec<_>>().join(", ");
    let anchor = |name: &str| name.replace(' ', "-");
    let mut md = String::from(
        "# Operators\n\nEvery operator Trailscope runs, generated by `tests/operators.rs` from the operator registry\n(`src/plan/operators/`, one file per operator); `BLESS=1 cargo test --test operators` rewrites it.\nEvery example below is a test: it parses, plans and runs over the fixtures.\n\nKinds: `row` runs one row at a time, streaming; `table` works on the whole table; `aggregate` folds\nrows into groups. \"Time range\" says whether the answer depends on the query's time range, not only\non the events that match.\n\n| operator | words | kind | time range |\n|---|---|---|---|\n",
    );
    for s in operators::all() {
        md += &format!(
            "| [{}](#{}) | {} | {} | {} |\n",
            s.name,
            anchor(s.name),
            code(s.words),
            kind(s.kind),
            range(s.range)
        );
    }
    for s in operators::all() {
        md += &format!("\n## {}\n\n{}\n\n", s.name, s.doc);
        md += &format!("- words: {}\n", code(s.words));
        if !s.keywords.is_empty() {
            md += &format!("- keywords: {}\n", code(s.keywords));
        }
        md += &format!("- kind: {}\n", kind(s.kind));
        md += &format!("- depends on the time range: {}\n", range(s.range));
        match s.strings {
            Strings::Text => {}
            Strings::Pattern => md += "- quoted arguments: patterns, `*` is a wildcard\n",
            Strings::Regex => md += "- quoted arguments: regular expressions\n",
        }
        md += &format!("\nUsage (`[...]` is optional):\n\n```\n{}\n```\n", s.usage);
        md += &format!(
            "\nExample{}:\n\n```\n{}\n```\n",
            if s.examples.len() > 1 { "s" } else { "" },
            s.examples.join("\n")
        );
    }
    md += &format!(
        "\nWithin an expression (`where`, `if`, `expr as name`, arguments) these words have a meaning: {}.\n",
        code(trailscope::syntax::expr::KEYWORDS)
    );
    md += "\n## Unsupported\n\nOperators Sumo Logic has that cannot run here; a query using one fails with `U001` and the reason.\n\n| operator | why |\n|---|---|\n";
    for (w, why) in UNSUPPORTED {
        md += &format!("| `{w}` | {} |\n", why.replace('|', "\\|"));
    }
    md
}

#[test]
fn the_operators_page_is_current() {
    let page = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/operators.md");
    let want = operators_page();
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&page, &want).unwrap();
    }
    let have = std::fs::read_to_string(&page).unwrap_or_default();
    assert!(have == want, "docs/operators.md is out of date: run BLESS=1 cargo test --test operators");
}

/// The words a parser in `file` asks the cursor about: `eat_word("x")`, `is_word("x")`,
/// `is_word_at(n, "x")`, and the cursor's helpers (`field_opt` reads `field`, `opt_alias` `as`,
/// `opt_by` `by`, an extraction's `src.take` `field` and `nodrop`).
fn words_asked(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for call in ["eat_word(", "is_word(", "is_word_at("] {
        for (at, _) in text.match_indices(call) {
            let args = &text[at + call.len()..];
            let args = &args[..args.find(')').unwrap_or(0)];
            if let Some(q) = args.find('"') {
                let lit = &args[q + 1..];
                out.push(lit[..lit.find('"').unwrap()].to_string());
            }
        }
    }
    // `src.take(c)` is the extractions' `Source` (plan/operators/source.rs): `field=` and `nodrop`.
    let helpers: [(&str, &[&str]); 4] = [
        ("field_opt(", &["field"]),
        ("opt_alias(", &["as"]),
        ("opt_by(", &["by"]),
        ("src.take(", &["field", "nodrop"]),
    ];
    for (helper, words) in helpers {
        if text.contains(helper) && !text.contains(&format!("fn {helper}")) {
            out.extend(words.iter().map(|w| w.to_string()));
        }
    }
    out.sort();
    out.dedup();
    out
}

/// Every keyword a parser accepts is declared in its spec (`keywords`, or its own `words`), and
/// every declared keyword is one the parser reads, so the editor's highlighting and completion
/// (`session::vocabulary`) know the words each stage uses. The same for expressions.
#[test]
fn every_keyword_a_parser_reads_is_declared() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/plan/operators");
    let mut specs_seen = 0;
    let mut problems = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap().flatten() {
        let path = e.path();
        let file = path.file_name().unwrap().to_string_lossy().to_string();
        // mod.rs is the registry, source.rs the extractions' shared `field=`/`nodrop`, child.rs
        // the child queries' shared runner, view.rs the translator's read-only view (no spec).
        if matches!(file.as_str(), "mod.rs" | "source.rs" | "child.rs" | "view.rs")
            || path.extension().is_none_or(|x| x != "rs")
        {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // The specs this file defines.
        let specs: Vec<_> = operators::all().filter(|s| text.contains(&format!("name: \"{}\",", s.name))).collect();
        assert!(!specs.is_empty(), "{file} defines no spec of the registry");
        specs_seen += specs.len();
        let declared: Vec<&str> = specs.iter().flat_map(|s| s.keywords.iter().chain(s.words)).copied().collect();
        let asked = words_asked(&text);
        let rest: String = text.lines().filter(|l| !l.trim_start().starts_with("keywords:")).collect();
        for w in &asked {
            if !declared.contains(&w.as_str()) {
                problems.push(format!("{file} reads `{w}`: add it to its spec's `keywords`"));
            }
        }
        for s in &specs {
            for k in s.keywords {
                assert_eq!(*k, k.to_ascii_lowercase(), "keywords are lower case");
                // Read by the parser, or listed elsewhere in the file (outlier's options).
                if !asked.iter().any(|w| w == k) && !rest.contains(&format!("\"{k}\"")) {
                    problems.push(format!("`{}` declares `{k}`, which {file} never reads", s.name));
                }
            }
        }
    }
    assert_eq!(specs_seen, operators::all().count(), "every spec lives in one file of src/plan/operators");
    let expr = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/syntax/expr.rs")).unwrap();
    let asked = words_asked(&expr);
    for w in &asked {
        if !trailscope::syntax::expr::KEYWORDS.contains(&w.as_str()) {
            problems.push(format!("src/syntax/expr.rs reads `{w}`: add it to `syntax::expr::KEYWORDS`"));
        }
    }
    for k in trailscope::syntax::expr::KEYWORDS {
        if !asked.iter().any(|w| w == k) {
            problems.push(format!("`syntax::expr::KEYWORDS` has `{k}`, which the expression parser never reads"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // The scan finds what it should: `sort` reads `asc`.
    assert!(words_asked("if c.eat_word(\"asc\") {} c.opt_by(\"x\")") == ["asc", "by"]);
    // And the page's vocabulary has them all.
    let v = trailscope::session::vocabulary();
    for s in operators::all() {
        for k in s.keywords.iter().chain(trailscope::syntax::expr::KEYWORDS) {
            assert!(v.keywords.contains(k), "the vocabulary lacks `{k}`");
        }
    }
}

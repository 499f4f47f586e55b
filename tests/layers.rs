//! The library's modules in layers, bottom to top: a module may import from its own layer or
//! the ones below it, never from a layer above, and the modules of one layer may not import
//! each other in a cycle. Every `crate::x::...`, `use crate::{x::..., y::...}` and `super::`
//! path under `src/` is read (comments and string literals aside) and mapped to the top-level
//! module it names; names the crate root re-exports (`pub use` in `src/lib.rs`) count as the
//! module they come from. Around the library, the workspace's crates (`crates/cli`, `crates/wasm`,
//! `crates/sample`) import it through its public API only; the last test checks the crates'
//! own order.
//!
//! This is the check `cargo modules dependencies --acyclic` would make, without the tool.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top. A new top-level module must be placed here.
const LAYERS: &[(&str, &[&str])] = &[
    // Ground types every layer may use: diagnostics, the nesting cap, values, field slots,
    // literal search and JSON scanning without trees.
    ("ground", &["diag", "nesting", "value", "fields", "literal", "json"]),
    // Query text to a syntax tree.
    ("syntax", &["syntax"]),
    // Events in memory, and the files they come from.
    ("events", &["store", "ingest"]),
    // Functions and lookup tables (geo and ASN tables implement lookups).
    ("functions", &["funcs", "lookup", "geo"]),
    // Rows, expressions, aggregate states, the execution context.
    ("rows", &["exec"]),
    // Operators over rows and tables.
    ("operators", &["ops"]),
    // A syntax tree to a plan of operators.
    ("plan", &["plan"]),
    // Runs a plan over a store: the query driver.
    ("query", &["query"]),
    // Sigma detections over a store (below the session, which will run them for the page; above
    // the query driver so a rule can become the Sumo query it equals), and the translation of a
    // query into SQL (it reads the parsed query through the operator registry, and runs nothing).
    ("detections and translation", &["detect", "sql"]),
    // What the page's worker holds (the wasm binding, `crates/wasm`, serialises it).
    ("session", &["session"]),
];

/// The workspace's crates, bottom to top: each may depend (in `[dependencies]`) only on the
/// ones before it. The engine needs none of the others; the sample generator needs nothing of
/// ours; the CLI and the wasm binding sit on top.
const CRATES: &[(&str, &str)] = &[
    ("trailscope-sample", "crates/sample"),
    ("trailscope", "."),
    ("trailscope-cli", "crates/cli"),
    ("trailscope-wasm", "crates/wasm"),
];

#[test]
fn crates_depend_only_on_crates_below_them() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for (i, (name, dir)) in CRATES.iter().enumerate() {
        let manifest = std::fs::read_to_string(root.join(dir).join("Cargo.toml")).unwrap();
        // The `[dependencies]` table only (dev-dependencies may use anything).
        let deps = manifest.split("\n[dependencies]\n").nth(1).unwrap_or("");
        let deps = deps.split("\n[").next().unwrap_or("");
        for (j, (other, _)) in CRATES.iter().enumerate() {
            let uses = deps.lines().any(|l| l.split('=').next().is_some_and(|k| k.trim() == *other));
            assert!(!uses || j < i, "{name} depends on {other}, which sits above it");
        }
    }
    // The check sees a dependency where there is one.
    let cli = std::fs::read_to_string(root.join("crates/cli/Cargo.toml")).unwrap();
    assert!(cli.contains("\ntrailscope = "), "crates/cli names the engine");
}

/// One `crate::` or `super::` path: the importing file's module, the module it names, where.
#[derive(Debug)]
struct Import {
    from: String,
    to: String,
    at: String,
}

#[test]
fn no_module_imports_one_above_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    collect(&src, &src, &mut files);
    let problems = check(&files, LAYERS);
    for p in &problems {
        eprintln!("{p}");
    }
    assert!(problems.is_empty(), "{} import(s) break the layer order (listed above)", problems.len());
}

/// The checker catches what it should, on made-up files.
#[test]
fn the_check_can_fail() {
    let layers: &[(&str, &[&str])] = &[("low", &["a", "b"]), ("high", &["c"])];
    let lib = "pub mod a;\npub mod b;\npub mod c;\npub use c::run::{go, Go as Went};\n";
    let ok = [
        ("lib.rs", lib),
        ("a/mod.rs", "pub mod x;\n// use crate::c::nothing;\nconst S: &str = \"crate::c::no\";\nconst E: char = 'é';\nconst R: &str = r#\"crate::c\"#;\n"),
        ("a/x.rs", "use super::y;\nuse crate::b::Thing;\nmod tests { use super::super::z; }\n"),
        ("b/mod.rs", "pub mod up;\n"),
        ("c/run.rs", "use crate::{a::x, b::{self, y}};\nfn f<'a>(c: char) -> bool { c == '{' }\n"),
    ];
    let files = |fs: &[(&str, &str)]| fs.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect::<Vec<_>>();
    assert_eq!(check(&files(&ok), layers), Vec::<String>::new());

    let mut bad = ok.to_vec();
    bad.push(("b/up.rs", "use crate::{a::x,\n  c::run::go};\nuse crate::Went;\n"));
    bad.push(("a/cycle.rs", "use crate::b::up;\n"));
    bad.push(("b/deep.rs", "pub fn f() { super::super::c::run::go() }\n"));
    bad.push(("d.rs", "pub fn f() {}\n"));
    let problems = check(&files(&bad), layers);
    let text = problems.join("\n");
    assert!(text.contains("b/up.rs:2: b (low) imports c (high)"), "{text}");
    assert!(!text.contains("b/up.rs:1: b (low) imports c"), "{text}");
    assert!(text.contains("b/up.rs:3: b (low) imports c (high)"), "{text}");
    assert!(text.contains("b/deep.rs:1: b (low) imports c (high)"), "{text}");
    assert!(text.contains("a/cycle.rs:1"), "{text}");
    assert!(text.contains("cycle in layer low"), "{text}");
    assert!(text.contains("module d is in no layer"), "{text}");
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<(String, String)>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()).collect();
    entries.sort();
    for p in entries {
        let rel = p.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
        if p.is_dir() {
            if rel != "bin" && rel != "cli" {
                collect(root, &p, out);
            }
        } else if rel.ends_with(".rs") {
            out.push((rel, std::fs::read_to_string(&p).unwrap()));
        }
    }
}

/// Every problem, one line each: imports that go up, cycles within a layer, modules in no
/// layer, layers naming modules that do not exist.
fn check(files: &[(String, String)], layers: &[(&str, &[&str])]) -> Vec<String> {
    let rank = |m: &str| layers.iter().position(|(_, ms)| ms.contains(&m));
    let modules: BTreeSet<String> =
        files.iter().filter(|(p, _)| p != "lib.rs").map(|(p, _)| module_path(p)[0].clone()).collect();
    let reexports =
        files.iter().find(|(p, _)| p == "lib.rs").map(|(_, t)| root_reexports(&blank(t))).unwrap_or_default();
    let mut problems = Vec::new();
    for m in &modules {
        if rank(m).is_none() {
            problems.push(format!("module {m} is in no layer: add it to LAYERS"));
        }
    }
    for (_, ms) in layers {
        for m in ms.iter().filter(|m| !modules.contains(**m)) {
            problems.push(format!("LAYERS names {m}, which is not a module"));
        }
    }
    let mut same_layer: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for (path, text) in files.iter().filter(|(p, _)| p != "lib.rs") {
        for imp in imports(path, text, &modules, &reexports) {
            let (Some(a), Some(b)) = (rank(&imp.from), rank(&imp.to)) else {
                if !modules.contains(&imp.to) {
                    problems.push(format!(
                        "{}: {} imports `crate::{}`, which the crate root defines",
                        imp.at, imp.from, imp.to
                    ));
                }
                continue;
            };
            if b > a {
                problems.push(format!(
                    "{}: {} ({}) imports {} ({}), a layer above it",
                    imp.at, imp.from, layers[a].0, imp.to, layers[b].0
                ));
            } else if a == b && imp.from != imp.to {
                same_layer.entry((imp.from, imp.to)).or_default().push(imp.at);
            }
        }
    }
    // Cycles within a layer: an edge a -> b where b reaches a again.
    let reaches = |from: &str, to: &str| {
        let mut seen = BTreeSet::new();
        let mut todo = vec![from.to_string()];
        while let Some(m) = todo.pop() {
            if m == to {
                return true;
            }
            if seen.insert(m.clone()) {
                todo.extend(same_layer.keys().filter(|(a, _)| *a == m).map(|(_, b)| b.clone()));
            }
        }
        false
    };
    for ((a, b), at) in &same_layer {
        if reaches(b, a) {
            let layer = layers[rank(a).unwrap()].0;
            for at in at {
                problems.push(format!("{at}: {a} imports {b}, and {b} imports {a} back (a cycle in layer {layer})"));
            }
        }
    }
    problems
}

/// `a/b/c.rs` -> [a, b, c]; `a/mod.rs` -> [a]; `a.rs` -> [a]; `lib.rs` -> [].
fn module_path(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path.trim_end_matches(".rs").split('/').map(String::from).collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// The crate root's `pub use m::...::{names}`: each re-exported name and the module it is from.
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for stmt in lib.split(';') {
        let Some(path) = stmt.trim().strip_prefix("pub use ") else { continue };
        let path = path.trim().trim_start_matches("crate::");
        let module = ident_at(path, 0);
        for item in leaves(path) {
            let name = item.rsplit(" as ").next().unwrap().rsplit("::").next().unwrap().trim().to_string();
            out.insert(name, module.clone());
        }
    }
    out
}

/// The last names of a use tree: `a::{b, c::{d, e as f}}` -> `b`, `c::d`, `c::e as f` (flattened).
fn leaves(tree: &str) -> Vec<String> {
    match tree.find('{') {
        None => vec![tree.trim().to_string()],
        Some(open) => {
            let close = tree.rfind('}').unwrap_or(tree.len());
            split_top(&tree[open + 1..close]).iter().flat_map(|t| leaves(t)).collect()
        }
    }
}

/// Splits a use group's inside at its top-level commas.
fn split_top(s: &str) -> Vec<String> {
    let (mut out, mut cur, mut depth) = (Vec::new(), String::new(), 0);
    for c in s.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(std::mem::take(&mut cur));
                continue;
            }
            _ => {}
        }
        cur.push(c);
    }
    out.push(cur);
    out.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn ident_at(s: &str, at: usize) -> String {
    s[at..].trim_start().chars().take_while(|c| is_ident(*c)).collect()
}

/// The file with comments, string and char literals replaced by spaces (line breaks kept), so
/// that only code is searched.
fn blank(text: &str) -> String {
    let c: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let keep_lines = |out: &mut String, s: &[char]| out.extend(s.iter().map(|&ch| if ch == '\n' { '\n' } else { ' ' }));
    while i < c.len() {
        let prev_ident = i > 0 && is_ident(c[i - 1]);
        let start = i;
        if c[i] == '/' && c.get(i + 1) == Some(&'/') {
            while i < c.len() && c[i] != '\n' {
                i += 1;
            }
        } else if c[i] == '/' && c.get(i + 1) == Some(&'*') {
            let mut depth = 0;
            while i < c.len() {
                if c[i] == '/' && c.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if c[i] == '*' && c.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if !prev_ident && (c[i] == 'r' || (c[i] == 'b' && c.get(i + 1) == Some(&'r'))) && {
            let j = if c[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = c[j..].iter().take_while(|&&h| h == '#').count();
            c.get(j + hashes) == Some(&'"')
        } {
            // A raw string: r"..", r#".."#, br#".."#.
            let j = if c[i] == 'b' { i + 2 } else { i + 1 };
            let hashes = c[j..].iter().take_while(|&&h| h == '#').count();
            i = j + hashes + 1;
            while i < c.len()
                && !(c[i] == '"' && c[i + 1..].iter().take(hashes).filter(|&&h| h == '#').count() == hashes)
            {
                i += 1;
            }
            i = (i + 1 + hashes).min(c.len());
        } else if c[i] == '"' {
            i += 1;
            while i < c.len() && c[i] != '"' {
                i += if c[i] == '\\' { 2 } else { 1 };
            }
            i = (i + 1).min(c.len());
        } else if c[i] == '\'' && (c.get(i + 1) == Some(&'\\') || c.get(i + 2) == Some(&'\'')) {
            // A char literal ('x', '\n', '\u{1}'); a lifetime ('a) has no closing quote.
            i += 2;
            while i < c.len() && c[i] != '\'' {
                i += 1;
            }
            i = (i + 1).min(c.len());
        } else {
            out.push(c[i]);
            i += 1;
            continue;
        }
        keep_lines(&mut out, &c[start..i.min(c.len())]);
    }
    out
}

/// The `crate::` and `super::` paths of one file, each as the top-level module it names.
fn imports(path: &str, text: &str, modules: &BTreeSet<String>, reexports: &BTreeMap<String, String>) -> Vec<Import> {
    let code = blank(text);
    let file_mod = module_path(path);
    let from = file_mod[0].clone();
    let line = |at: usize| format!("{path}:{}", code[..at].matches('\n').count() + 1);
    let root_name = |name: &str| {
        if modules.contains(name) {
            name.to_string()
        } else {
            reexports.get(name).cloned().unwrap_or_else(|| name.to_string())
        }
    };
    // Inline `mod name {` blocks open at each brace depth, for `super::`.
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    let mut out = Vec::new();
    let b = code.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'{' => {
                depth += 1;
                let before = code[..i].trim_end();
                let name: String =
                    before.chars().rev().take_while(|c| is_ident(*c)).collect::<Vec<_>>().into_iter().rev().collect();
                if before[..before.len() - name.len()].trim_end().ends_with("mod") && !name.is_empty() {
                    inline.push((name, depth));
                }
            }
            b'}' => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            _ => {}
        }
        let boundary = i == 0 || !(is_ident(b[i - 1] as char) || b[i - 1] == b':');
        if boundary && b[i..].starts_with(b"crate::") {
            let rest = i + "crate::".len();
            for (name, at) in path_heads(&code, rest) {
                out.push(Import { from: from.clone(), to: root_name(&name), at: line(at) });
            }
        } else if boundary && b[i..].starts_with(b"super::") {
            let mut j = i;
            let mut ups = 0;
            while b[j..].starts_with(b"super::") {
                ups += 1;
                j += "super::".len();
            }
            let mut here: Vec<String> = file_mod.clone();
            here.extend(inline.iter().map(|(n, _)| n.clone()));
            if ups < here.len() {
                out.push(Import { from: from.clone(), to: here[0].clone(), at: line(i) });
            } else {
                for (name, at) in path_heads(&code, j) {
                    out.push(Import { from: from.clone(), to: root_name(&name), at: line(at) });
                }
            }
            i = j;
            continue;
        }
        i += 1;
    }
    out
}

/// The first names of the paths that start at `at`, with their offsets: `x::..` -> [x];
/// `{x::.., y}` -> [x, y].
fn path_heads(code: &str, at: usize) -> Vec<(String, usize)> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut want = true;
    for (k, c) in code[at..].char_indices() {
        match c {
            '{' => {
                depth += 1;
                want = depth == 1;
            }
            '}' | ';' if depth <= 1 => break,
            '}' => depth -= 1,
            ',' if depth == 1 => want = true,
            c if want && is_ident(c) => {
                let name = ident_at(code, at + k);
                if name != "self" {
                    heads.push((name, at + k));
                }
                want = false;
                if depth == 0 {
                    break;
                }
            }
            c if want && !c.is_whitespace() => want = false,
            _ => {}
        }
    }
    heads
}

/// With `autotests = false` a test file Cargo.toml does not name would never run: every
/// `tests/*.rs` (and `tests/*/main.rs`) must be a test target of the engine or of the CLI.
#[test]
fn every_test_file_is_a_test_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifests = CRATES.iter().map(|(_, dir)| std::fs::read_to_string(root.join(dir).join("Cargo.toml")).unwrap());
    let declared: String = manifests.collect();
    let mut missing = Vec::new();
    for e in std::fs::read_dir(root.join("tests")).unwrap() {
        let path = e.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let rel = if path.is_dir() && path.join("main.rs").exists() {
            format!("tests/{name}/main.rs")
        } else if name.ends_with(".rs") {
            format!("tests/{name}")
        } else {
            continue;
        };
        if !declared.contains(&format!("path = \"{rel}\"")) && !declared.contains(&format!("path = \"../../{rel}\"")) {
            missing.push(rel);
        }
    }
    assert!(missing.is_empty(), "not a [[test]] target in any Cargo.toml: {missing:?}");
}

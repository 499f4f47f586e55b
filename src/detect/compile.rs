//! A rule's `detection` compiled into tests over fields: selections (maps are AND, lists of maps OR), keywords, and the condition over them.
//!
//! Field names are dotted paths into the event (`additionalEventData.MFAUsed`). Two names of
//! Sigma's taxonomy that CloudTrail does not write are derived: `src_ip` is
//! `sourceIPAddress`, and `src_country` the ISO country code of `sourceIPAddress` (trimmed, as
//! `cidr` reads it) in the bundled geo table (no value for `AWS Internal`, service names and
//! addresses the table does not place).
//! A `%name%` value with `expand` is replaced by the values the user gives for `name`; a given
//! value that is a network (`10.0.0.0/8`) or an address matches as `cidr`, any other as a string.

use super::condition::{self, Cond};
use super::modifiers::{self, Cidr, Cmp, Kind, ModError, Modifiers, Pattern, Position};
use super::rule::{scalar_text, Doc};
use crate::diag::Diagnostic;
use regex::Regex;
use saphyr::{MarkedYaml, Scalar, YamlData};
use std::collections::HashMap;

/// A field the rules read: a path into the event, or a value derived from one.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum FieldDef {
    Path(Vec<String>),
    /// The country code of the path's (first) address.
    Country(Vec<String>),
}

impl FieldDef {
    fn of(name: &str) -> FieldDef {
        match name {
            "src_ip" => FieldDef::Path(vec!["sourceIPAddress".into()]),
            "src_country" => FieldDef::Country(vec!["sourceIPAddress".into()]),
            _ => FieldDef::Path(name.split('.').map(String::from).collect()),
        }
    }
}

/// One test of a field's values.
#[derive(Clone, Debug)]
pub enum Test {
    Str(Box<Pattern>),
    Re(Regex),
    Cidr(Cidr),
    /// `field: null`: no value, or a JSON `null`.
    Null,
    /// `field|exists: true/false`: a value other than `null`, or none.
    Exists(bool),
    /// `field|fieldref: other`: equal to (or containing, starting or ending with) a value of
    /// the other field, case-insensitive.
    Ref(usize, Option<Position>),
    Compare(Cmp, f64),
}

/// `field|mods: values`: its tests, any of which (all of which with `all`) must hold.
#[derive(Clone, Debug)]
pub struct FieldTest {
    pub field: usize,
    pub tests: Vec<Test>,
    pub all: bool,
}

/// A search identifier's body.
#[derive(Clone, Debug)]
pub enum Selection {
    /// Any of the alternatives; each is all of its field tests.
    Fields(Vec<Vec<FieldTest>>),
    /// Any of these strings, anywhere in the event's text (all of them with `|all`).
    Keywords(Vec<Pattern>, bool),
}

/// The condition with names resolved to selection indexes.
#[derive(Clone, Debug)]
pub enum Node {
    Sel(usize),
    Not(Box<Node>),
    And(Vec<Node>),
    Or(Vec<Node>),
}

/// A rule ready to run.
#[derive(Clone, Debug)]
pub struct Compiled {
    pub selections: Vec<Selection>,
    pub condition: Node,
}

/// What compiling needs from outside the rule.
pub struct Env<'a> {
    /// Placeholder values (`%name%` with `expand`), by name.
    pub placeholders: &'a HashMap<String, Vec<String>>,
    /// Whether a geo table is there for `src_country`.
    pub geo: bool,
    /// The fields every rule of the set reads, shared so each is read once per event.
    pub fields: &'a mut Vec<FieldDef>,
}

impl Env<'_> {
    fn field(&mut self, def: FieldDef) -> usize {
        match self.fields.iter().position(|f| *f == def) {
            Some(i) => i,
            None => {
                self.fields.push(def);
                self.fields.len() - 1
            }
        }
    }
}

/// Diagnostics of a compile: `fatal` ones stop the rule from running.
#[derive(Default)]
pub struct Outcome {
    pub fatal: Vec<Diagnostic>,
    pub notes: Vec<Diagnostic>,
}

/// Compiles `detection`; `None` (with a fatal diagnostic) when the rule cannot run as written.
pub fn compile(detection: &MarkedYaml, doc: &Doc, env: &mut Env, out: &mut Outcome) -> Option<Compiled> {
    let YamlData::Mapping(map) = &detection.data else {
        out.fatal.push(Diagnostic::at("S002", doc.span(detection), "`detection` must be a mapping"));
        return None;
    };
    let mut names = Vec::new();
    let mut selections = Vec::new();
    let mut conditions = Vec::new();
    let mut placeholders = Placeholders::default();
    for (k, v) in map {
        let Some(name) = scalar_text(k) else { continue };
        match name.as_str() {
            "condition" => conditions.push(v),
            "timeframe" => out.fatal.push(Diagnostic::at(
                "S004",
                doc.span(k),
                "unsupported: `timeframe` (a condition over a time window) is not supported",
            )),
            _ => {
                let sel = selection(v, doc, env, out, &mut placeholders);
                names.push(name);
                selections.push(sel);
            }
        }
    }
    placeholders.report(doc, out);
    let Some(cond_node) = conditions.first() else {
        out.fatal.push(Diagnostic::at("S002", doc.span(detection), "`detection` has no `condition`"));
        return None;
    };
    // A list of conditions is any of them (Sigma 1.0).
    let texts: Vec<(&MarkedYaml, String)> = match &cond_node.data {
        YamlData::Sequence(items) => items.iter().filter_map(|i| scalar_text(i).map(|t| (i, t))).collect(),
        _ => scalar_text(cond_node).map(|t| (*cond_node, t)).into_iter().collect(),
    };
    if texts.is_empty() {
        out.fatal.push(Diagnostic::at("S005", doc.span(cond_node), "the condition is not text"));
        return None;
    }
    let mut alternatives = Vec::new();
    for (node, text) in texts {
        let base = doc.span(node).start
            + usize::from(matches!(doc.text[doc.span(node).start..].chars().next(), Some('\'' | '"')));
        match condition::parse(&text) {
            Ok(c) => match resolve(&c, &names, base) {
                Ok(n) => alternatives.push(n),
                Err(d) => out.fatal.push(d),
            },
            Err(e) => {
                let code = if e.unsupported { "S004" } else { "S005" };
                let msg = if e.unsupported { format!("unsupported: {}", e.message) } else { e.message };
                out.fatal.push(Diagnostic::at(code, base + e.at..base + e.at + 1, msg));
            }
        }
    }
    if !out.fatal.is_empty() {
        return None;
    }
    let condition = if alternatives.len() == 1 { alternatives.pop().unwrap() } else { Node::Or(alternatives) };
    let selections = selections.into_iter().map(|s| s.unwrap_or(Selection::Fields(Vec::new()))).collect();
    Some(Compiled { selections, condition })
}

fn resolve(c: &Cond, names: &[String], base: usize) -> Result<Node, Diagnostic> {
    Ok(match c {
        Cond::Name(n, at) => match names.iter().position(|x| x == n) {
            Some(i) => Node::Sel(i),
            None => {
                return Err(Diagnostic::at(
                    "S006",
                    base + at..base + at + n.len(),
                    format!("no search identifier `{n}`"),
                )
                .suggest(n, names.iter().map(String::as_str)));
            }
        },
        Cond::Of { all, pattern, at } => {
            let hits: Vec<Node> = names
                .iter()
                .enumerate()
                .filter(|(_, n)| if pattern == "them" { !n.starts_with('_') } else { condition::glob(pattern, n) })
                .map(|(i, _)| Node::Sel(i))
                .collect();
            if hits.is_empty() {
                return Err(Diagnostic::at(
                    "S006",
                    base + at..base + at + pattern.len(),
                    format!("`{pattern}` names no search identifier"),
                ));
            }
            if *all {
                Node::And(hits)
            } else {
                Node::Or(hits)
            }
        }
        Cond::Not(inner) => Node::Not(Box::new(resolve(inner, names, base)?)),
        Cond::And(items) => Node::And(items.iter().map(|i| resolve(i, names, base)).collect::<Result<_, _>>()?),
        Cond::Or(items) => Node::Or(items.iter().map(|i| resolve(i, names, base)).collect::<Result<_, _>>()?),
    })
}

/// Placeholders met while compiling: given or not, and where.
#[derive(Default)]
struct Placeholders {
    given: Vec<String>,
    missing: Vec<(String, crate::diag::Span)>,
}

impl Placeholders {
    fn report(&self, _doc: &Doc, out: &mut Outcome) {
        if self.missing.is_empty() {
            return;
        }
        let names: Vec<String> = self.missing.iter().map(|(n, _)| format!("%{n}%")).collect();
        let span = self.missing[0].1.clone();
        if self.given.is_empty() {
            out.fatal.push(
                Diagnostic::at(
                    "S008",
                    span,
                    format!("the rule needs values for {}: it does not run without them", names.join(", ")),
                )
                .hint(format!("give them, e.g. `--expand {}=US,CA`", self.missing[0].0)),
            );
        } else {
            out.notes.push(Diagnostic::at(
                "S008",
                span,
                format!("no values given for {}: they match nothing", names.join(", ")),
            ));
        }
    }
}

fn selection(v: &MarkedYaml, doc: &Doc, env: &mut Env, out: &mut Outcome, ph: &mut Placeholders) -> Option<Selection> {
    match &v.data {
        YamlData::Mapping(_) => Some(Selection::Fields(vec![fields_map(v, doc, env, out, ph)?])),
        YamlData::Sequence(items)
            if items.iter().all(|i| matches!(i.data, YamlData::Mapping(_))) && !items.is_empty() =>
        {
            let alts: Option<Vec<_>> = items.iter().map(|i| fields_map(i, doc, env, out, ph)).collect();
            Some(Selection::Fields(alts?))
        }
        YamlData::Sequence(items) => {
            let mut pats = Vec::new();
            for i in items {
                match scalar_text(i) {
                    Some(t) => pats.push(Pattern::new(&t, Some(Position::Contains), false)),
                    None => {
                        out.fatal.push(Diagnostic::at(
                            "S007",
                            doc.span(i),
                            "a list of keywords must hold strings only (or be a list of field maps)",
                        ));
                        return None;
                    }
                }
            }
            Some(Selection::Keywords(pats, false))
        }
        _ => match scalar_text(v) {
            Some(t) => Some(Selection::Keywords(vec![Pattern::new(&t, Some(Position::Contains), false)], false)),
            None => {
                out.fatal.push(Diagnostic::at(
                    "S007",
                    doc.span(v),
                    "a search identifier must be a map, a list or a keyword",
                ));
                None
            }
        },
    }
}

fn fields_map(
    v: &MarkedYaml,
    doc: &Doc,
    env: &mut Env,
    out: &mut Outcome,
    ph: &mut Placeholders,
) -> Option<Vec<FieldTest>> {
    let YamlData::Mapping(map) = &v.data else { return None };
    let mut tests = Vec::new();
    let mut ok = true;
    for (k, val) in map {
        let Some(key) = scalar_text(k) else {
            out.fatal.push(Diagnostic::at("S007", doc.span(k), "a field name must be text"));
            ok = false;
            continue;
        };
        match field_test(&key, k, val, doc, env, out, ph) {
            Some(t) => tests.push(t),
            None => ok = false,
        }
    }
    ok.then_some(tests)
}

fn field_test(
    key: &str,
    knode: &MarkedYaml,
    val: &MarkedYaml,
    doc: &Doc,
    env: &mut Env,
    out: &mut Outcome,
    ph: &mut Placeholders,
) -> Option<FieldTest> {
    let kspan = doc.span(knode);
    let mut parts = key.split('|');
    let name = parts.next().unwrap_or_default();
    let mods: Vec<&str> = parts.collect();
    let m = match modifiers::parse(&mods) {
        Ok(m) => m,
        Err(e) => {
            let (code, msg) = match e {
                ModError::Unsupported(x) => ("S003", format!("unsupported: the modifier `{x}` is not supported")),
                ModError::Unknown(x) => ("S003", format!("unsupported: `{x}` is not a Sigma modifier")),
                ModError::Conflict(x) => ("S003", format!("unsupported: the modifiers `{x}` cannot be combined")),
            };
            let d = Diagnostic::at(code, kspan, msg);
            out.fatal.push(if code == "S003" {
                d.suggest(mods.last().copied().unwrap_or(""), modifiers::SUPPORTED.iter().copied())
            } else {
                d
            });
            return None;
        }
    };
    let def = FieldDef::of(name);
    if matches!(def, FieldDef::Country(_)) && !env.geo {
        out.fatal.push(Diagnostic::at("S009", kspan, "`src_country` needs the bundled geo table, which is not loaded"));
        return None;
    }
    let field = env.field(def);
    // The values: a scalar, or a list of them.
    let items: Vec<&MarkedYaml> = match &val.data {
        YamlData::Sequence(items) => items.iter().collect(),
        YamlData::Mapping(_) => {
            out.fatal.push(Diagnostic::at(
                "S007",
                doc.span(val),
                format!("the value of `{key}` is a map: expected a value or a list"),
            ));
            return None;
        }
        _ => vec![val],
    };
    if items.is_empty() {
        out.fatal.push(Diagnostic::at("S007", doc.span(val), format!("`{key}` has an empty list of values")));
        return None;
    }
    let mut tests = Vec::new();
    for item in items {
        let span = doc.span(item);
        let is_null = matches!(item.data, YamlData::Value(Scalar::Null));
        if is_null {
            if m != Modifiers::default() {
                out.fatal.push(Diagnostic::at("S007", span, "`null` takes no modifiers"));
                return None;
            }
            tests.push(Test::Null);
            continue;
        }
        let Some(text) = scalar_text(item) else {
            out.fatal.push(Diagnostic::at("S007", span, "expected a value (text, number, boolean or null)"));
            return None;
        };
        let values: Vec<(String, bool)> = if m.expand {
            match text.strip_prefix('%').and_then(|t| t.strip_suffix('%')) {
                Some(p) => match env.placeholders.get(p) {
                    Some(vs) => {
                        ph.given.push(p.to_string());
                        vs.iter().map(|v| (v.clone(), true)).collect()
                    }
                    None => {
                        ph.missing.push((p.to_string(), span.clone()));
                        Vec::new()
                    }
                },
                None => vec![(text, false)],
            }
        } else {
            vec![(text, false)]
        };
        for (text, expanded) in values {
            let t = match m.kind {
                Kind::Plain if expanded && m.position.is_none() && Cidr::parse(&text).is_some() => {
                    Test::Cidr(Cidr::parse(&text).unwrap())
                }
                Kind::Plain => Test::Str(Box::new(Pattern::new(&text, m.position, m.cased))),
                Kind::Re => match modifiers::regex(&text, &m) {
                    Ok(r) => Test::Re(r),
                    Err(e) => {
                        out.fatal.push(Diagnostic::at(
                            "S007",
                            span,
                            format!("the regex does not compile here: {}", first_line(&e)),
                        ));
                        return None;
                    }
                },
                Kind::Cidr => match Cidr::parse(&text) {
                    Some(c) => Test::Cidr(c),
                    None => {
                        out.fatal.push(Diagnostic::at(
                            "S007",
                            span,
                            format!("`{text}` is not a network (address/prefix)"),
                        ));
                        return None;
                    }
                },
                Kind::Exists => match text.as_str() {
                    "true" | "false" => Test::Exists(text == "true"),
                    _ => {
                        out.fatal.push(Diagnostic::at("S007", span, "`exists` takes `true` or `false`"));
                        return None;
                    }
                },
                Kind::FieldRef => {
                    let other = env.field(FieldDef::of(&text));
                    Test::Ref(other, m.position)
                }
                Kind::Compare(c) => match text.trim().parse::<f64>() {
                    Ok(n) => Test::Compare(c, n),
                    Err(_) => {
                        out.fatal.push(Diagnostic::at("S007", span, format!("`{text}` is not a number")));
                        return None;
                    }
                },
            };
            tests.push(t);
        }
    }
    Some(FieldTest { field, tests, all: m.all })
}

fn first_line(s: &str) -> String {
    s.lines().rfind(|l| !l.trim().is_empty()).unwrap_or(s).trim().to_string()
}

//! A rule's compiled form as the Sumo Logic query that, run by this engine, selects exactly the events the rule matches (issue 11).
//!
//! The form: keywords that prefilter (`scope`), one `json` stage reading every field the rule
//! names (`nodrop`, each under an alias such as `userIdentity_type`), a `lookup` of
//! `geo://location` when the rule reads `src_country`, and one `where` holding the condition
//! (`cond`):
//!
//! ```
//! use trailscope::detect::{RuleOptions, RuleSet};
//!
//! let rules = RuleSet::builtin(&RuleOptions::default());
//! let bucket = rules.rules.iter().find(|r| r.meta.title == "AWS Bucket Deleted").unwrap();
//! assert_eq!(
//!     bucket.sumo_query().unwrap(),
//!     r#"* | json field=_raw "eventName", "errorCode" nodrop | where eventName matches /(?i)^DeleteBucket$/ and (errorCode matches /(?i)^Success$/ or isNull(errorCode))"#
//! );
//! ```
//!
//! Strings are tested with `matches /(?i).../`, not `toLowerCase(x) = "..."`: the regex is the
//! one the rule itself is matched with (Unicode case folding, so `K` finds the Kelvin sign as
//! the rule does, where `toLowerCase` does not), it keeps the rule's spelling, and a list of
//! values is one regex (`/(?i)^(StopLogging|UpdateTrail)$/`).
//!
//! What no Sumo query can say exactly gives `S012` instead of a query that answers something
//! else: an IPv6 network (Sumo's CIDR functions take IPv4 only), a field name a `json` path
//! cannot hold, a regex with a line break and flags. One difference is left, because it depends on the
//! events and not on the rule: Sumo's `json` reads one value per path, where the rule fans out
//! over arrays (`event`); a field the rule names that holds an array, or crosses one, is read
//! as the array's JSON text. A `contains` of plain text holds over that text when it holds for
//! an element (the text lies inside one element, which JSON writes as it is, unless the event
//! spells it with escapes such as `\n` or `\u0026`), and for it a path of three keys or more is
//! also read with `[*]` at each inner key but the first
//! (`requestParameters.containerDefinitions[*].command`, a list of objects in CloudTrail).
//! Other tests of a field that holds a list differ: a value tested whole (`eventName: X`
//! against `["X"]`), `*` against an empty list (`layers: []`); `tests/sumo.rs` pins this.

mod cond;
mod scope;
#[cfg(test)]
mod tests;

use super::compile::{Compiled, FieldDef, Selection, Test};
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// The Sumo query for a compiled rule, or `S012` saying why there is none. `defs` are the
/// rule set's fields, which the rule's field indexes point into.
pub fn query(rule: &Compiled, defs: &[FieldDef]) -> Result<String, Diagnostic> {
    let names = Names::of(rule, defs)?;
    let cond = cond::node(&rule.condition, rule, &names)?;
    let mut q = scope::scope(rule, defs);
    if !names.paths.is_empty() {
        let paths: Vec<String> = names.paths.iter().map(|(p, _)| format!("\"{p}\"")).collect();
        let aliases: Vec<&str> = names.paths.iter().map(|(_, a)| a.as_str()).collect();
        let plain = names.paths.iter().all(|(p, a)| p == a);
        q += &format!(" | json field=_raw {}", paths.join(", "));
        if !plain {
            q += &format!(" as {}", aliases.join(", "));
        }
        q += " nodrop";
    }
    for (ip, country) in &names.countries {
        q += &format!(" | lookup country_code as {country} from geo://location on ip={ip}");
    }
    q += &format!(" | where {cond}");
    // The query is read after template substitution: `{{x}}` and `$$x` would be replaced.
    if q.contains("{{") || q.contains("$$") {
        return Err(s012("the query would hold `{{` or `$$`, which Sumo reads as a template variable or a macro"));
    }
    Ok(q)
}

fn s012(why: &str) -> Diagnostic {
    Diagnostic::new("S012", format!("no equivalent Sumo query: {why}"))
}

/// The fields a rule reads, as the query names them.
struct Names {
    /// `json` paths and their aliases, in the order the rule first names them.
    paths: Vec<(String, String)>,
    /// (address field, country field) for each `src_country`-like field.
    countries: Vec<(String, String)>,
    /// The query's name for each of the rule set's fields the rule reads.
    by_field: BTreeMap<usize, String>,
    /// For a field whose tests `cond::through_arrays` finds exact over an array's text: the
    /// names of its paths with `[*]` at an inner key (`a.b[*].c`), read when `b` is a list.
    pub(super) each: BTreeMap<usize, Vec<String>>,
}

/// A field name for a path: `userIdentity.type` is `userIdentity_type`.
fn alias_of(path: &str) -> String {
    let alias: String = path.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
    if alias.starts_with(|c: char| c == '_' || c.is_ascii_digit()) || RESERVED.contains(&alias.as_str()) {
        format!("f_{alias}")
    } else {
        alias
    }
}

/// Names that the `where` parser reads as words of its own, and so cannot be fields there.
const RESERVED: &[&str] =
    &["and", "or", "not", "in", "matches", "contains", "as", "by", "true", "false", "null", "from", "on", "nodrop"];

impl Names {
    fn of(rule: &Compiled, defs: &[FieldDef]) -> Result<Names, Diagnostic> {
        let mut fields = Vec::new();
        let mut each = Vec::new();
        for s in &rule.selections {
            if let Selection::Fields(alts) = s {
                for t in alts.iter().flatten() {
                    fields.push(t.field);
                    if cond::through_arrays(t) {
                        each.push(t.field);
                    }
                    fields.extend(t.tests.iter().filter_map(|x| if let Test::Ref(o, _) = x { Some(*o) } else { None }));
                }
            }
        }
        let mut n =
            Names { paths: Vec::new(), countries: Vec::new(), by_field: BTreeMap::new(), each: BTreeMap::new() };
        for f in fields {
            if n.by_field.contains_key(&f) {
                continue;
            }
            let name = match &defs[f] {
                FieldDef::Path(p) => n.path(p)?,
                FieldDef::Country(p) => {
                    let ip = n.path(p)?;
                    let country = n.fresh("src_country");
                    n.countries.push((ip, country.clone()));
                    country
                }
            };
            n.by_field.insert(f, name);
        }
        for f in each {
            let FieldDef::Path(keys) = &defs[f] else { continue };
            if n.each.contains_key(&f) || keys.len() < 3 {
                continue;
            }
            // Every inner key but the first: the top-level objects the rules name
            // (`requestParameters`, `userIdentity`, ...) are never lists in CloudTrail.
            let mut names = Vec::new();
            for at in 1..keys.len() - 1 {
                let path: String = keys
                    .iter()
                    .enumerate()
                    .map(|(i, k)| if i == at { format!("{k}[*]") } else { k.clone() })
                    .collect::<Vec<_>>()
                    .join(".");
                let alias = n.fresh(&alias_of(&format!("{}.each.{}", keys[..=at].join("."), keys[at + 1..].join("."))));
                n.paths.push((path, alias.clone()));
                names.push(alias);
            }
            n.each.insert(f, names);
        }
        Ok(n)
    }

    /// The alias of a path, added to the `json` stage if new.
    fn path(&mut self, keys: &[String]) -> Result<String, Diagnostic> {
        let path = keys.join(".");
        if let Some((_, a)) = self.paths.iter().find(|(p, _)| *p == path) {
            return Ok(a.clone());
        }
        if let Some(k) = keys.iter().find(|k| k.is_empty() || k.contains(['[', '"', '\\', '\'', '\n', '*'])) {
            return Err(s012(&format!("the field name `{k}` cannot be written as a `json` path")));
        }
        let alias = self.fresh(&alias_of(&path));
        self.paths.push((path, alias.clone()));
        Ok(alias)
    }

    /// `base`, or `base_2`, ... : field names are compared without case.
    fn fresh(&self, base: &str) -> String {
        let taken = |a: &str| {
            self.paths.iter().any(|(_, x)| x.eq_ignore_ascii_case(a))
                || self.countries.iter().any(|(_, x)| x.eq_ignore_ascii_case(a))
        };
        let mut name = base.to_string();
        let mut i = 2;
        while taken(&name) {
            name = format!("{base}_{i}");
            i += 1;
        }
        name
    }
}

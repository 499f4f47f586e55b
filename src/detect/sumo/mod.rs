//! A rule's compiled form as the Sumo Logic query that, run by this engine, selects exactly the events the rule matches (issue 11).
//!
//! The form: keywords that prefilter (`scope`), one `json` stage reading every field the rule
//! names (`nodrop`, each under an alias such as `userIdentity_type`), a `lookup` of
//! `geo://location` when the rule reads `src_country`, and one `where` holding the condition
//! (`cond`):
//!
//! ```text
//! "DeleteBuc" | json field=_raw "eventName", "errorCode" nodrop
//! | where eventName matches /(?i)^DeleteBucket$/ and (errorCode matches /(?i)^Success$/ or isNull(errorCode))
//! ```
//!
//! Strings are tested with `matches /(?i).../`, not `toLowerCase(x) = "..."`: the regex is the
//! one the rule itself is matched with (Unicode case folding, so `K` finds the Kelvin sign as
//! the rule does), it keeps the rule's spelling, and a `=` between two texts that read as numbers
//! compares them as numbers (`"1.0" = "1"`), which a Sigma string never does.
//!
//! What no Sumo query can say exactly gives `S012` instead of a query that answers something
//! else: an IPv6 network (Sumo's CIDR functions take IPv4 only), a field name a `json` path
//! cannot hold, a regex with a line break. One difference is left, because it depends on the
//! events and not on the rule: Sumo's `json` reads one value per path, where the rule fans out
//! over arrays (`event`); a field the rule names that holds an array, or crosses one, is read
//! as the array's JSON text. CloudTrail's fields that the bundled rules name hold no arrays
//! except `requestParameters.layers` (tested with `*`, which the array's text also holds when
//! it is not empty) and `containerDefinitions` (see `cond`).

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
}

/// Names that the `where` parser reads as words of its own, and so cannot be fields there.
const RESERVED: &[&str] =
    &["and", "or", "not", "in", "matches", "contains", "as", "by", "true", "false", "null", "from", "on", "nodrop"];

impl Names {
    fn of(rule: &Compiled, defs: &[FieldDef]) -> Result<Names, Diagnostic> {
        let mut fields = Vec::new();
        for s in &rule.selections {
            if let Selection::Fields(alts) = s {
                for t in alts.iter().flatten() {
                    fields.push(t.field);
                    fields.extend(t.tests.iter().filter_map(|x| if let Test::Ref(o, _) = x { Some(*o) } else { None }));
                }
            }
        }
        let mut n = Names { paths: Vec::new(), countries: Vec::new(), by_field: BTreeMap::new() };
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
        let mut alias: String =
            path.chars().map(|c| if c.is_ascii_alphanumeric() || c == '_' { c } else { '_' }).collect();
        if alias.starts_with(|c: char| c == '_' || c.is_ascii_digit()) || RESERVED.contains(&alias.as_str()) {
            alias = format!("f_{alias}");
        }
        let alias = self.fresh(&alias);
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

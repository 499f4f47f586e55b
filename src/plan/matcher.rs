//! The scope compiled to a matcher: keywords found case-insensitively in `_raw` with a fast
//! substring search before any JSON work; `field=value` compared with the event's metadata.

use crate::diag::Diagnostic;
use crate::exec::composed::Composed;
use crate::literal::Literal;
use crate::lookup::threat::Intel;
use crate::lookup::Lookups;
use crate::store::Source;
use crate::syntax::ast::{Search, Subquery};
use regex::Regex;
use std::sync::Arc;

pub enum Matcher {
    All,
    /// Quoted text: a case-insensitive substring (`*` inside is a wildcard, handled by `Re`).
    Substring(Literal),
    /// A bare word: case-insensitive, and it must be a whole term (not inside a longer word).
    Term(Literal, usize),
    /// Keywords with wildcards.
    Re(Regex),
    Meta {
        field: MetaField,
        glob: Regex,
    },
    And(Vec<Matcher>),
    Or(Vec<Matcher>),
    Not(Box<Matcher>),
    /// `[subquery: ...]`: the child's rows, as keywords or `field=value` terms.
    Subquery(Arc<Composed>),
    /// `_view=threat_intel*`: events whose `sourceIPAddress` is a loaded indicator
    /// (`plan::threat_view`).
    ThreatView(Arc<Intel>),
}

pub enum MetaField {
    Category,
    Name,
    Host,
    Account,
    Region,
    /// Any other `name=value`: a top-level key of the event.
    Json(String),
}

fn ci(needle: &str) -> Literal {
    Literal::new(needle)
}

fn is_term_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// `*` in a keyword or metadata value as a case-insensitive regex.
fn wildcard(text: &str, whole: bool, term: bool) -> Result<Regex, regex::Error> {
    let parts: Vec<String> = text.split('*').map(regex::escape).collect();
    let any = if term { "[^\\s\"]*" } else { ".*?" };
    let body = parts.join(any);
    let re = if whole {
        format!("(?is)^{body}$")
    } else if term {
        let l = if text.starts_with('*') { "" } else { "(?:^|[^A-Za-z0-9])" };
        let r = if text.ends_with('*') { "" } else { "(?:$|[^A-Za-z0-9])" };
        format!("(?is){l}{body}{r}")
    } else {
        format!("(?is){body}")
    };
    Regex::new(&re)
}

/// Compiles a scope that holds no subquery (`plan::plan` compiles theirs with [`compile_with`]).
pub fn compile(s: &Search) -> Result<Matcher, Diagnostic> {
    compile_with(s, &Lookups::default(), &mut |sub| {
        Err(Diagnostic::at("E257", sub.span.clone(), "a subquery cannot be used here"))
    })
}

/// Compiles a scope; `sub` plans each subquery in it and gives the answer it will hold;
/// `lookups` has the threat-intel indicators a `_view=threat_intel*` term reads.
pub fn compile_with(
    s: &Search,
    lookups: &Lookups,
    sub: &mut dyn FnMut(&Subquery) -> Result<Arc<Composed>, Diagnostic>,
) -> Result<Matcher, Diagnostic> {
    Ok(match s {
        Search::Subquery(q) => Matcher::Subquery(sub(q)?),
        Search::All => Matcher::All,
        Search::Keyword { text, quoted, span } => {
            let bad = |e: regex::Error| Diagnostic::at("E140", span.clone(), format!("cannot use this keyword: {e}"));
            let trimmed = text.trim_matches('*');
            if trimmed.is_empty() {
                Matcher::All
            } else if *quoted && trimmed.contains('*') {
                Matcher::Re(wildcard(trimmed, false, false).map_err(bad)?)
            } else if *quoted {
                Matcher::Substring(ci(trimmed))
            } else if text.contains('*') {
                Matcher::Re(wildcard(text, false, true).map_err(bad)?)
            } else {
                Matcher::Term(ci(text), text.len())
            }
        }
        Search::Meta { field, value, span } => {
            let lower = field.to_ascii_lowercase();
            if lower == "_view" && super::threat_view::is_threat_view(value) {
                return match &lookups.threat {
                    Some(intel) => Ok(Matcher::ThreatView(Arc::clone(intel))),
                    None => Err(super::threat_view::none_loaded(field, value, span)),
                };
            }
            if lower == "_view" || lower == "_index" {
                return Err(Diagnostic::at(
                    "U010",
                    span.clone(),
                    format!("unsupported: `{field}=` reads a Sumo Logic scheduled view or partition, which does not exist offline"),
                )
                .hint("remove it: Trailscope searches the files you loaded"));
            }
            let field = match lower.as_str() {
                "_sourcecategory" => MetaField::Category,
                "_sourcename" => MetaField::Name,
                "_sourcehost" => MetaField::Host,
                "account" => MetaField::Account,
                "region" => MetaField::Region,
                _ => MetaField::Json(field.clone()),
            };
            let glob = wildcard(value, true, false).map_err(|e| Diagnostic::at("E141", span.clone(), e.to_string()))?;
            if value.trim_matches('*').is_empty() {
                return Ok(Matcher::All);
            }
            Matcher::Meta { field, glob }
        }
        Search::And(v) => Matcher::And(v.iter().map(|x| compile_with(x, lookups, sub)).collect::<Result<_, _>>()?),
        Search::Or(v) => Matcher::Or(v.iter().map(|x| compile_with(x, lookups, sub)).collect::<Result<_, _>>()?),
        Search::Not(x) => Matcher::Not(Box::new(compile_with(x, lookups, sub)?)),
    })
}

impl Matcher {
    pub fn matches(&self, raw: &str, src: &Source) -> bool {
        match self {
            Matcher::All => true,
            Matcher::Substring(lit) => lit.is_match(raw.as_bytes()),
            Matcher::Term(ac, len) => {
                let b = raw.as_bytes();
                ac.find_iter(b).any(|start| {
                    let before = start == 0 || !is_term_byte(b[start - 1]);
                    let end = start + len;
                    before && (end >= b.len() || !is_term_byte(b[end]))
                })
            }
            Matcher::Re(re) => re.is_match(raw),
            Matcher::Meta { field, glob } => match field {
                MetaField::Category => glob.is_match(&src.category),
                MetaField::Name => glob.is_match(&src.name),
                MetaField::Host => glob.is_match(&src.host),
                MetaField::Account => src.account.as_deref().is_some_and(|a| glob.is_match(a)),
                MetaField::Region => src.region.as_deref().is_some_and(|a| glob.is_match(a)),
                // Field names are case-insensitive, so `eventsource=` finds "eventSource".
                MetaField::Json(k) => crate::json::scan::find_key_ci(raw, k)
                    .map(crate::json::scan::to_value)
                    .is_some_and(|v| glob.is_match(&v.as_text())),
            },
            Matcher::And(v) => v.iter().all(|m| m.matches(raw, src)),
            Matcher::Or(v) => v.iter().any(|m| m.matches(raw, src)),
            Matcher::Not(m) => !m.matches(raw, src),
            Matcher::ThreatView(intel) => crate::json::scan::find_key_ci(raw, super::threat_view::ADDRESS)
                .map(crate::json::scan::to_value)
                .is_some_and(|v| !v.is_null() && intel.find(&v.as_text()).next().is_some()),
            Matcher::Subquery(c) => {
                let answer = c.answer();
                if c.keywords {
                    let b = raw.as_bytes();
                    answer.literals.iter().any(|row| row.iter().all(|l| l.is_match(b)))
                } else {
                    let values: Option<Vec<String>> =
                        c.names.iter().map(|n| meta_value(n, raw, src).map(|v| v.to_lowercase())).collect();
                    values.is_some_and(|v| answer.holds_lower(&v))
                }
            }
        }
    }

    /// Literals of which every matching event contains at least one (compared without ASCII
    /// case), if the scope has such a requirement: a file without any of them cannot match.
    pub fn required(&self) -> Option<Vec<String>> {
        match self {
            Matcher::Substring(lit) | Matcher::Term(lit, _) => Some(vec![lit.text().to_string()]),
            Matcher::And(v) => {
                v.iter().filter_map(|m| m.required()).max_by_key(|lits| lits.iter().map(String::len).min())
            }
            Matcher::Or(v) => {
                let parts: Option<Vec<Vec<String>>> = v.iter().map(|m| m.required()).collect();
                parts.map(|p| p.concat())
            }
            _ => None,
        }
    }

    pub fn is_all(&self) -> bool {
        matches!(self, Matcher::All)
    }

    /// The `_sourceCategory` patterns the scope requires (for "matches nothing loaded" hints).
    pub fn categories(&self) -> Vec<&Regex> {
        match self {
            Matcher::Meta { field: MetaField::Category, glob } => vec![glob],
            Matcher::And(v) => v.iter().flat_map(|m| m.categories()).collect(),
            _ => Vec::new(),
        }
    }
}

/// The value a scope's `name=value` term compares: a metadata field, or the event's top-level key.
fn meta_value(name: &str, raw: &str, src: &Source) -> Option<String> {
    match name.to_ascii_lowercase().as_str() {
        "_sourcecategory" => Some(src.category.clone()),
        "_sourcename" => Some(src.name.clone()),
        "_sourcehost" => Some(src.host.clone()),
        "account" => src.account.clone(),
        "region" => src.region.clone(),
        _ => crate::json::scan::find_key_ci(raw, name)
            .map(crate::json::scan::to_value)
            .filter(|v| !v.is_null())
            .map(|v| v.as_text().into_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax::search::{parse_scope, scope_end};

    fn m(scope: &str, raw: &str) -> bool {
        let s = parse_scope(scope, scope_end(scope)).unwrap();
        let src = Source { category: "cm-core/cloudtrail".into(), ..Default::default() };
        compile(&s).unwrap().matches(raw, &src)
    }

    #[test]
    fn terms_substrings_and_wildcards() {
        let raw = r#"{"eventName":"ConsoleLogin","errorCode":"AccessDenied"}"#;
        assert!(m("consolelogin", raw));
        assert!(!m("Console", raw), "a bare word matches whole terms only");
        assert!(m("Console*", raw));
        assert!(m("\"\\\"errorCode\\\":\\\"AccessDenied\\\"\"", raw));
        assert!(m("_sourceCategory=cm-core/*  ConsoleLogin", raw));
        assert!(!m("_sourceCategory=other ConsoleLogin", raw));
        assert!(m("NOT foo AND (bar OR consolelogin)", raw));
        assert!(m("eventName=consolelogin", raw));
    }
}

//! Keywords before the first `|` that every event the rule matches holds, so the engine (and Sumo) reads only the events that can match.
//!
//! A scope keyword in quotes is found anywhere in the event's text, without ASCII case; the
//! rule's strings match without Unicode case, where `k` is also the Kelvin sign `K` and `s` the
//! long `ſ`. So a keyword is a word of the rule's text (letters, digits and `.-_:@`, which JSON
//! writes as they are) without `k` or `s` in either case, at least 4 long: `CreateRoute` and
//! `TruffleHog` are keywords, `DeleteBucket` is not (a piece of it would be, but would read as a
//! mistake). It assumes the event's JSON writes those characters themselves, not as `\u0041`
//! escapes, which CloudTrail never does.

use super::super::compile::{Compiled, FieldDef, Node, Selection, Test};
use super::super::modifiers::{Pattern, Piece};

/// At most this many alternatives (`"a" or "b" or ...`) in the scope; past it, none.
const MAX_ALTERNATIVES: usize = 8;

/// The scope: `*`, a keyword, or keywords joined by `or`.
pub fn scope(rule: &Compiled, defs: &[FieldDef]) -> String {
    match need(&rule.condition, rule, defs) {
        None => "*".to_string(),
        Some(words) if words.len() == 1 => format!("\"{}\"", words[0]),
        Some(words) => format!("({})", words.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(" or ")),
    }
}

/// Keywords one of which every event the node matches holds; `None` when there are none.
fn need(n: &Node, rule: &Compiled, defs: &[FieldDef]) -> Option<Vec<String>> {
    match n {
        Node::Sel(i) => match &rule.selections[*i] {
            Selection::Fields(alts) => any(alts.iter().map(|tests| {
                best(tests.iter().map(|t| {
                    // A literal is in the event's text only for a field read from it (not a
                    // country from the geo table).
                    if !matches!(defs[t.field], FieldDef::Path(_)) {
                        return None;
                    }
                    let pats =
                        t.tests.iter().map(|x| if let Test::Str(p) = x { word(p).map(|w| vec![w]) } else { None });
                    if t.all {
                        best(pats)
                    } else {
                        any(pats)
                    }
                }))
            })),
            Selection::Keywords(pats, all) => {
                let words = pats.iter().map(word);
                if *all {
                    best(words.map(|w| w.map(|w| vec![w])))
                } else {
                    any(words.map(|w| w.map(|w| vec![w])))
                }
            }
        },
        Node::Not(_) => None,
        Node::And(items) => best(items.iter().map(|i| need(i, rule, defs))),
        Node::Or(items) => any(items.iter().map(|i| need(i, rule, defs))),
    }
}

/// All of these hold: the best one alone (fewest alternatives, a service's name such as
/// `iam.amazonaws.com` last as it is in many events, then the longest shortest word).
fn best(sets: impl Iterator<Item = Option<Vec<String>>>) -> Option<Vec<String>> {
    sets.flatten().min_by_key(|s| {
        let service = s.iter().any(|w| w.to_ascii_lowercase().contains("amazonaw"));
        (s.len(), service, std::cmp::Reverse(s.iter().map(String::len).min().unwrap_or(0)))
    })
}

/// Any of these holds: every one must give keywords, and they join.
fn any(sets: impl Iterator<Item = Option<Vec<String>>>) -> Option<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for s in sets {
        for w in s? {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(&w)) {
                out.push(w);
            }
        }
    }
    (!out.is_empty() && out.len() <= MAX_ALTERNATIVES).then_some(out)
}

/// The longest word of a pattern's text that a scope keyword finds wherever the rule matches:
/// letters, digits and `.-_:@`, without `k` or `s`, at least 4 long.
fn word(p: &Pattern) -> Option<String> {
    let mut best = "";
    for piece in p.pieces() {
        let Piece::Text(t) = piece else { continue };
        for w in t.split(|c: char| !(c.is_ascii_alphanumeric() || ".-_:@".contains(c))) {
            if w.len() > best.len() && !w.contains(['k', 'K', 's', 'S']) {
                best = w;
            }
        }
    }
    (best.len() >= 4).then(|| best.to_string())
}

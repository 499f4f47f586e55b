//! The words the query editor completes and highlights: operators, aggregates and functions,
//! from the operator registry and the function registry, so they cannot drift; the keywords
//! inside a stage and what its quoted strings are come from the operators' specs too.

use crate::plan::operators::{self, Kind, Strings};
use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct Vocabulary {
    /// Every word that starts a stage (aggregates included), sorted.
    pub operators: Vec<&'static str>,
    /// Each operator word with what the editor shows beside it.
    pub operator_help: Vec<OperatorHelp>,
    /// `name(args)` usage lines, by name.
    pub functions: Vec<(&'static str, &'static str)>,
    pub aggregates: Vec<&'static str>,
    /// Every word a stage's syntax uses besides operator words (`by`, `as`, `nodrop`, `and`,
    /// `matches`, ...): the operators' keywords and an expression's, sorted.
    pub keywords: Vec<&'static str>,
    /// What the quoted strings after an operator word, or after a two-word name (`parse regex`),
    /// are, where they are not plain text: `*` wildcards or regexes. Sorted by word.
    pub strings: Vec<(&'static str, Strings)>,
}

#[derive(Serialize, Debug)]
pub struct OperatorHelp {
    pub word: &'static str,
    /// The operator's name in the registry (`parse regex` for `extract`).
    pub operator: &'static str,
    pub kind: Kind,
    pub usage: &'static str,
    pub doc: &'static str,
    /// Whether most queries use it (completion lists it first).
    pub common: bool,
    /// The other words its syntax uses.
    pub keywords: &'static [&'static str],
    /// What its quoted arguments are.
    pub strings: Strings,
}

pub fn vocabulary() -> Vocabulary {
    let mut operators: Vec<&'static str> = operators::words().collect();
    operators.sort_unstable();
    operators.dedup();
    let mut operator_help: Vec<OperatorHelp> = operators::all()
        .flat_map(|s| {
            s.words.iter().map(|w| OperatorHelp {
                word: w,
                operator: s.name,
                kind: s.kind,
                usage: s.usage,
                doc: s.doc,
                common: s.common.contains(w),
                keywords: s.keywords,
                strings: s.strings,
            })
        })
        .collect();
    operator_help.sort_by_key(|h| h.word);
    let mut functions: Vec<_> = crate::funcs::all().map(|f| (f.name, f.usage)).collect();
    functions.sort_unstable();
    let aggregates = operators::AGGREGATES.to_vec();
    let mut keywords: Vec<&'static str> = operators::all()
        .flat_map(|s| s.keywords.iter().copied())
        .chain(crate::syntax::expr::KEYWORDS.iter().copied())
        .collect();
    keywords.sort_unstable();
    keywords.dedup();
    let mut strings: Vec<(&'static str, Strings)> = operators::all()
        .filter(|s| s.strings != Strings::Text)
        .flat_map(|s| {
            s.words.iter().copied().chain(s.name.contains(' ').then_some(s.name)).map(move |w| (w, s.strings))
        })
        .collect();
    strings.sort_unstable_by_key(|(w, _)| *w);
    Vocabulary { operators, operator_help, functions, aggregates, keywords, strings }
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_the_common_words() {
        let v = super::vocabulary();
        for op in ["count", "where", "parse", "json", "lookup", "timeslice", "if", "extract", "head"] {
            assert!(v.operators.contains(&op), "{op}");
            assert!(v.operator_help.iter().any(|h| h.word == op), "{op}");
        }
        assert!(v.functions.iter().any(|(n, _)| n.eq_ignore_ascii_case("isNull")));
        assert!(v.aggregates.contains(&"count_distinct"));
        for k in ["by", "as", "nodrop", "matches", "buckets"] {
            assert!(v.keywords.contains(&k), "{k}");
        }
        let common: Vec<&str> = v.operator_help.iter().filter(|h| h.common).map(|h| h.word).collect();
        assert!(common.contains(&"count") && common.contains(&"where") && !common.contains(&"sum"), "{common:?}");
        let strings = |w: &str| v.strings.iter().find(|(x, _)| *x == w).map(|(_, s)| *s);
        assert_eq!(strings("parse"), Some(super::Strings::Pattern));
        assert_eq!(strings("parse regex"), Some(super::Strings::Regex));
        assert_eq!(strings("extract"), Some(super::Strings::Regex));
        assert_eq!(strings("where"), None);
    }
}

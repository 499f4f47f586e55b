//! The words the query editor completes and highlights: operators, aggregates and functions,
//! from the operator registry and the function registry, so they cannot drift.

use crate::plan::operators::{self, Kind};
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
}

#[derive(Serialize, Debug)]
pub struct OperatorHelp {
    pub word: &'static str,
    /// The operator's name in the registry (`parse regex` for `extract`).
    pub operator: &'static str,
    pub kind: Kind,
    pub usage: &'static str,
    pub doc: &'static str,
}

pub fn vocabulary() -> Vocabulary {
    let mut operators: Vec<&'static str> = operators::words().collect();
    operators.sort_unstable();
    operators.dedup();
    let mut operator_help: Vec<OperatorHelp> = operators::all()
        .flat_map(|s| {
            s.words.iter().map(|w| OperatorHelp { word: w, operator: s.name, kind: s.kind, usage: s.usage, doc: s.doc })
        })
        .collect();
    operator_help.sort_by_key(|h| h.word);
    let mut functions: Vec<_> = crate::funcs::all().map(|f| (f.name, f.usage)).collect();
    functions.sort_unstable();
    let aggregates = operators::AGGREGATES.to_vec();
    Vocabulary { operators, operator_help, functions, aggregates }
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
    }
}

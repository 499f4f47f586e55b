//! The words the query editor completes: operators and functions, from the parser's and the
//! function registry's own lists so they cannot drift.

use serde::Serialize;

#[derive(Serialize, Debug)]
pub struct Vocabulary {
    pub operators: Vec<&'static str>,
    /// `name(args)` usage lines, by name.
    pub functions: Vec<(&'static str, &'static str)>,
    pub aggregates: Vec<&'static str>,
}

pub fn vocabulary() -> Vocabulary {
    let mut operators: Vec<&'static str> = crate::syntax::parse::operator_names().collect();
    operators.sort_unstable();
    operators.dedup();
    let mut functions: Vec<_> = crate::funcs::all().map(|f| (f.name, f.usage)).collect();
    functions.sort_unstable();
    let aggregates = crate::syntax::AGGREGATES.to_vec();
    Vocabulary { operators, functions, aggregates }
}

#[cfg(test)]
mod tests {
    #[test]
    fn has_the_common_words() {
        let v = super::vocabulary();
        for op in ["count", "where", "parse", "json", "lookup", "timeslice"] {
            assert!(v.operators.contains(&op), "{op}");
        }
        assert!(v.functions.iter().any(|(n, _)| n.eq_ignore_ascii_case("isNull")));
        assert!(v.aggregates.contains(&"count_distinct"));
    }
}

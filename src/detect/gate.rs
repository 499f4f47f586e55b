//! A rule's gates: field tests every match must pass, on hot columns, judged once per distinct value so that most events skip most rules unread.
//!
//! The hot columns (`store::hot`) hold each event's `eventName`, `eventSource` ... as a code
//! into a dictionary. A test on such a field that the rule's condition requires (in every
//! branch of it) is run once per dictionary value; an event whose code fails it cannot match
//! the rule. Values that are objects or arrays (the hot column keeps their text, where the
//! rule's reader fans arrays out) never close a gate, so a gate only ever skips events the
//! rule would not match.

use super::compile::{Compiled, FieldDef, FieldTest, Node, Selection, Test};
use super::event::Val;
use super::run::field_test;
use crate::store::hot::{HotColumns, HOT_PATHS};

/// For one rule: per gated hot column, whether each code may match.
pub struct Gates {
    cols: Vec<(usize, Vec<bool>)>,
}

impl Gates {
    /// The gates of `rule` over `hot`'s dictionaries (none when no required test reads a hot field).
    pub fn new(rule: &Compiled, defs: &[FieldDef], hot: &HotColumns) -> Gates {
        let hot_col = |f: usize| match &defs[f] {
            FieldDef::Path(p) => HOT_PATHS.iter().position(|h| *h == p.join(".")),
            FieldDef::Country(_) => None,
        };
        let mut cols = Vec::new();
        for (col, tests) in required(&rule.condition, rule, &hot_col) {
            let open: Vec<bool> = (0..hot.codes_len(col) as u32)
                .map(|code| {
                    let v = hot.value(col, code);
                    let text = v.as_text();
                    let vals: Vec<Val> = match code {
                        // A nested key the column lacks may sit in an array the rule fans out.
                        0 if HOT_PATHS[col].contains('.') => return true,
                        0 => Vec::new(),
                        1 => vec![Val::Null],
                        _ if text.starts_with(['{', '[']) => return true,
                        _ => vec![Val::Text(text.clone())],
                    };
                    tests.iter().any(|t| field_test(t, &vals, &|_| &[]))
                })
                .collect();
            cols.push((col, open));
        }
        Gates { cols }
    }

    /// Whether event `ev` may match (every gate open for its codes).
    pub fn open(&self, hot: &HotColumns, ev: usize) -> bool {
        self.cols.iter().all(|(col, open)| open[hot.code(*col, ev) as usize])
    }

    /// Whether a value (code) of column `col` may match, by this rule's gates on that column
    /// (all open when it has none there).
    pub fn open_on(&self, col: usize, code: u32) -> bool {
        self.cols.iter().filter(|(c, _)| *c == col).all(|(_, open)| open[code as usize])
    }
}

/// For each value of one hot column, the rules whose gates on it are open: an event looks at
/// those rules only, instead of asking every rule's gates.
pub struct ByValue {
    pub col: usize,
    /// Per code, indexes into the rule list.
    pub rules: Vec<Vec<u16>>,
}

impl ByValue {
    pub fn new(col: usize, gates: &[Gates], hot: &HotColumns) -> ByValue {
        let rules = (0..hot.codes_len(col) as u32)
            .map(|code| (0..gates.len()).filter(|&r| gates[r].open_on(col, code)).map(|r| r as u16).collect())
            .collect();
        ByValue { col, rules }
    }
}

/// Tests the condition requires, by hot column: for each column, tests of which at least one
/// holds in every match. A `not` requires nothing; `or` requires what all its branches require.
fn required<'r>(
    n: &Node,
    rule: &'r Compiled,
    hot_col: &dyn Fn(usize) -> Option<usize>,
) -> Vec<(usize, Vec<&'r FieldTest>)> {
    match n {
        Node::Not(_) => Vec::new(),
        Node::Sel(i) => match &rule.selections[*i] {
            Selection::Keywords(..) => Vec::new(),
            Selection::Fields(alts) => {
                let per_alt: Vec<Vec<(usize, Vec<&FieldTest>)>> = alts
                    .iter()
                    .map(|alt| {
                        alt.iter().filter(|t| usable(t)).filter_map(|t| Some((hot_col(t.field)?, vec![t]))).collect()
                    })
                    .collect();
                any_of(per_alt)
            }
        },
        Node::And(items) => items.iter().flat_map(|i| required(i, rule, hot_col)).collect(),
        Node::Or(items) => any_of(items.iter().map(|i| required(i, rule, hot_col)).collect()),
    }
}

/// What branches of an `or` require together: for a column every branch gates, any of their tests.
fn any_of(branches: Vec<Vec<(usize, Vec<&FieldTest>)>>) -> Vec<(usize, Vec<&FieldTest>)> {
    let Some((first, rest)) = branches.split_first() else { return Vec::new() };
    let mut out = Vec::new();
    for (col, _) in first {
        if out.iter().any(|(c, _): &(usize, Vec<&FieldTest>)| c == col) {
            continue;
        }
        if rest.iter().all(|b| b.iter().any(|(c, _)| c == col)) {
            // In each branch the column's tests all hold: any one of them is necessary; all
            // of them joined by `or` are necessary for the whole.
            let tests =
                branches.iter().flat_map(|b| b.iter().filter(|(c, _)| c == col).take(1)).flat_map(|(_, t)| t.clone());
            out.push((*col, tests.collect()));
        }
    }
    out
}

/// Tests judged on a value alone (a `fieldref` needs the other field).
fn usable(t: &FieldTest) -> bool {
    !t.tests.iter().any(|x| matches!(x, Test::Ref(..)))
}

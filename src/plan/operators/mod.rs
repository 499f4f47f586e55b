//! The operator registry: every operator the language has, one file each, one list.
//!
//! An operator's file holds all there is to know about it but its running: its [`Spec`] (name
//! and the words that start it, kind, whether its answer depends on the time range, usage,
//! a doc line, examples that double as tests), its syntax node and parser, the names the node
//! mentions, and how it is planned into a runtime step (`crate::ops`). [`REGISTRY`] lists them;
//! the stage parser (through [`Grammar`]), "did you mean", `Plan::range_dependent`, the
//! messages' operator names, the page's vocabulary and `tests/operators.rs` all read it.
//!
//! Adding an operator: write its file here (and its runtime, in `crate::ops` or in the file
//! itself), then add its module and its spec to the list below.

use crate::diag::{Diagnostic, Span};
use crate::fields::Fields;
use crate::lookup::Lookups;
use crate::ops::{Chain, Step};
use crate::syntax::ast::{Query, Stage};
use crate::syntax::node::{Grammar, Node, ParseFn};

mod aggregate;
mod bin;
mod child;
mod compare;
pub mod compose;
mod dedup;
mod diff;
mod eval;
mod fields;
mod fillmissing;
mod filter;
mod geoip;
mod join;
mod json;
mod kv;
mod limit;
mod logcompare;
mod logreduce;
pub mod lookup;
mod merge;
mod outlier;
mod parse;
mod parse_regex;
mod predict;
mod sessionize;
mod sort;
mod source;
mod split;
mod threatip;
mod threatlookup;
mod timeslice;
mod top;
mod topk;
mod total;
mod trace;
mod transaction;
mod transactionize;
mod transpose;
pub mod view;
mod where_;
mod window;
mod withtime;
mod xml;

pub use aggregate::AGGREGATES;

/// Every operator, in the order the docs list them.
pub static REGISTRY: &[&Spec] = &[
    &parse::SPEC,
    &parse_regex::SPEC,
    &json::SPEC,
    &kv::SPEC,
    &xml::SPEC,
    &split::SPLIT,
    &split::CSV,
    &where_::SPEC,
    &filter::SPEC,
    &eval::SPEC,
    &fields::SPEC,
    &aggregate::SPEC,
    &sort::SPEC,
    &top::SPEC,
    &topk::SPEC,
    &limit::SPEC,
    &dedup::SPEC,
    &timeslice::SPEC,
    &bin::SPEC,
    &transpose::SPEC,
    &fillmissing::SPEC,
    &total::TOTAL,
    &total::ACCUM,
    &diff::SPEC,
    &outlier::SPEC,
    &predict::SPEC,
    &window::SMOOTH,
    &window::ROLLINGSTD,
    &window::BACKSHIFT,
    &compare::SPEC,
    &logreduce::SPEC,
    &logcompare::SPEC,
    &transactionize::SPEC,
    &merge::SPEC,
    &transaction::SPEC,
    &trace::SPEC,
    &lookup::SPEC,
    &geoip::SPEC,
    &threatip::SPEC,
    &threatlookup::SPEC,
    &join::SPEC,
    &compose::SPEC,
    &sessionize::SPEC,
    &withtime::SPEC,
];

/// Operators Sumo Logic has that cannot work here, with the reason shown to the user (`U001`).
pub const UNSUPPORTED: &[(&str, &str)] = &[
    ("save", "it writes a lookup table into a Sumo Logic account, and Trailscope runs offline with no account"),
    ("infer", "it runs Sumo Logic's Global Intelligence models, which exist only in Sumo Logic's cloud"),
    (
        "benchmark",
        "it compares against Sumo Logic's Global Intelligence benchmarks, which exist only in Sumo Logic's cloud",
    ),
    ("benchscore", "it uses Sumo Logic's Global Intelligence benchmarks, which exist only in Sumo Logic's cloud"),
    ("logexplain", "it is a Sumo Logic machine-learning operator that is not implemented in Trailscope"),
];

/// One operator.
pub struct Spec {
    /// Its name in messages and docs (`sort`, `parse regex`, `expr`).
    pub name: &'static str,
    /// The words that start its stage (lower case): the name and its aliases (`sort`,
    /// `order`). The expression stage has no word of its own; its `if` is offered after a pipe.
    pub words: &'static [&'static str],
    /// Those of its words most CloudTrail queries use: completion lists them first.
    pub common: &'static [&'static str],
    /// The other words its syntax uses, lower case (`by`, `as`, `nodrop`, `buckets`, options
    /// such as `window`): every word its parser asks the cursor about, which `tests/operators.rs`
    /// checks. An expression's words (`and`, `matches`, ...) are `syntax::expr::KEYWORDS`. The
    /// editor highlights and completes them (`session::vocabulary`).
    pub keywords: &'static [&'static str],
    /// What its quoted arguments are, for the editor's highlighting.
    pub strings: Strings,
    pub kind: Kind,
    /// Whether its answer depends on the query's time range, not only on the events that match.
    pub range: Range,
    /// One line: the syntax, `[...]` optional.
    pub usage: &'static str,
    /// One line: what it does.
    pub doc: &'static str,
    /// Whole queries using it; each must parse, plan and run (`tests/operators.rs`).
    pub examples: &'static [&'static str],
    /// Parses its stage, from the operator's word on.
    pub parse: ParseFn,
    /// Plans the node its parser made into a runtime step.
    pub plan: fn(&dyn Node, &mut Planner) -> Result<Step, Diagnostic>,
}

/// How an operator runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One row at a time, streaming (before any aggregation, per event).
    Row,
    /// Over the whole table (sort, transpose, ...).
    Table,
    /// Folds rows into groups (count, sum, ...).
    Aggregate,
}

/// What an operator's quoted arguments are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Strings {
    /// Plain text (a key, a value).
    Text,
    /// Patterns whose `*` is a wildcard or a capture (`parse "a=*,"`, `json "items[*].id"`).
    Pattern,
    /// Regular expressions (`parse regex`, `extract`).
    Regex,
}

/// Whether an operator's answer depends on the query's time range.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Range {
    Never,
    Always,
    /// As the stage says (`Node::range_dependent`): `timeslice 10 buckets` does, `timeslice 1h` not.
    Sometimes,
}

/// The operator named `name` (its [`Spec::name`]).
pub fn find(name: &str) -> Option<&'static Spec> {
    REGISTRY.iter().copied().find(|s| s.name == name)
}

/// Every operator.
pub fn all() -> impl Iterator<Item = &'static Spec> {
    REGISTRY.iter().copied()
}

/// Every word that starts a stage, aggregates included, for "did you mean" and completion.
pub fn words() -> impl Iterator<Item = &'static str> {
    all().flat_map(|s| s.words.iter().copied())
}

/// The operator a stage's first word (lower case) starts. `if` starts an expression stage, as
/// any other word followed by `(` does, so the parser does not look it up here.
fn by_word(word: &str) -> Option<&'static Spec> {
    all().filter(|s| s.name != eval::SPEC.name).find(|s| s.words.contains(&word))
}

/// The registry as the stage parser sees it.
pub struct Registry;

impl Grammar for Registry {
    fn operator(&self, word: &str) -> Option<ParseFn> {
        by_word(word).map(|s| s.parse)
    }
    fn expression(&self) -> ParseFn {
        eval::SPEC.parse
    }
    fn unsupported(&self, word: &str) -> Option<&'static str> {
        UNSUPPORTED.iter().find(|(n, _)| *n == word).map(|(_, why)| *why)
    }
    fn words(&self) -> Vec<&'static str> {
        words().collect()
    }
}

/// Parses a whole query with every operator of the registry.
pub fn parse_query(src: &str) -> Result<Query, Diagnostic> {
    crate::syntax::parse_query(src, &Registry)
}

/// The spec of a parsed stage.
pub fn spec_of(node: &dyn Node) -> &'static Spec {
    find(node.operator()).unwrap_or_else(|| panic!("`{}` is not in the operator registry", node.operator()))
}

/// Whether a stage's answer depends on the query's time range.
pub fn range_dependent(node: &dyn Node) -> bool {
    match spec_of(node).range {
        Range::Never => false,
        Range::Always => true,
        Range::Sometimes => node.range_dependent(),
    }
}

/// The node a spec's own parser made, for its `plan` function.
fn node<T: 'static>(n: &dyn Node) -> &T {
    n.as_any().downcast_ref::<T>().expect("an operator is planned from the node its own parser made")
}

/// What planning one stage may use and change.
pub struct Planner<'a> {
    pub fields: &'a mut Fields,
    pub lookups: &'a Lookups,
    /// The whole query's stages (`json auto` fills the fields the rest of the query names).
    pub stages: &'a [Stage],
    /// The steps planned so far (`compare` reruns them).
    pub before: &'a [Step],
    /// This stage's span.
    pub span: Span,
    /// The query's subqueries so far (`where` and `if` plan theirs into it).
    pub subqueries: &'a mut Vec<crate::plan::subquery::SubPlan>,
    chain: &'a mut ChainState,
}

/// The `nodrop` chain across extraction stages (see [`Chain`]).
#[derive(Default)]
struct ChainState {
    nth_extract: u32,
    chain: u64,
    next_chain: u64,
    keep: bool,
}

impl Planner<'_> {
    /// This stage is an extraction (parse, json, ...): its place in the `nodrop` chain.
    pub fn extraction(&mut self, nodrop: bool) -> Chain {
        let s = &mut *self.chain;
        let bit = if s.nth_extract < 64 { 1u64 << s.nth_extract } else { 0 };
        s.nth_extract += 1;
        let c = Chain { bit, chain: s.chain, nodrop };
        s.next_chain = if nodrop { s.chain | bit } else { 0 };
        c
    }

    /// This stage does not end the `nodrop` chain (`expr as name` runs inside it).
    pub fn keep_chain(&mut self) {
        self.chain.keep = true;
    }

    /// The slot of each name.
    pub fn ids(&mut self, names: &[crate::syntax::ast::Name]) -> Vec<usize> {
        names.iter().map(|n| self.fields.id(&n.text)).collect()
    }

    /// The slot and name of each name.
    pub fn named(&mut self, names: &[crate::syntax::ast::Name]) -> Vec<(usize, String)> {
        names.iter().map(|n| (self.fields.id(&n.text), n.text.clone())).collect()
    }
}

/// Plans every stage, in order; the subqueries they hold go to `subqueries`.
pub fn steps(
    stages: &[Stage],
    fields: &mut Fields,
    lookups: &Lookups,
    subqueries: &mut Vec<crate::plan::subquery::SubPlan>,
) -> Result<Vec<Step>, Diagnostic> {
    let mut out = Vec::new();
    let mut chain = ChainState::default();
    for st in stages {
        let spec = spec_of(&*st.op);
        let mut p =
            Planner { fields, lookups, stages, before: &out, span: st.span.clone(), subqueries, chain: &mut chain };
        let step = (spec.plan)(&*st.op, &mut p)?;
        if !chain.keep {
            chain.chain = chain.next_chain;
        }
        chain.next_chain = 0;
        chain.keep = false;
        out.push(step);
    }
    Ok(out)
}

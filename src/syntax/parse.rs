//! The parser: query text to [`Query`]. The scope goes to `search.rs`, each stage to its parser.

use super::ast::{Op, Query, Stage};
use super::cursor::Cursor;
use super::lex::{self, Tok};
use super::search::{parse_scope, scope_end};
use super::{stages, stages_agg, stages_series};
use crate::diag::Diagnostic;

/// Longest query Sumo Logic accepts; longer text is refused before any work.
pub const MAX_QUERY_LEN: usize = 15_000 * 4;

/// Parses a whole query (template variables must already be substituted).
pub fn parse_query(src: &str) -> Result<Query, Diagnostic> {
    if src.len() > MAX_QUERY_LEN {
        return Err(Diagnostic::at(
            "E100",
            0..0,
            format!("the query is {} bytes long; the limit is {MAX_QUERY_LEN}", src.len()),
        ));
    }
    let end = scope_end(src);
    let scope = parse_scope(src, end)?;
    let mut stages = Vec::new();
    if end < src.len() {
        let mut c = Cursor { toks: lex::lex(src, end)?, i: 0 };
        while c.eat_sym("|") {
            if c.at_stage_end() {
                return Err(Diagnostic::at("E123", c.span(), "empty stage: nothing between two `|`")
                    .hint("remove the extra `|`"));
            }
            let start = c.span().start;
            let op = stage(&mut c)?;
            stages.push(Stage { op, span: start..c.prev_end() });
            if !c.at_stage_end() {
                return Err(c.unexpected("expected `|` or the end of the query"));
            }
        }
        if !matches!(c.peek(), Tok::Eof) {
            return Err(c.unexpected("expected `|`"));
        }
    }
    Ok(Query { scope, stages })
}

/// Operators Sumo Logic has that cannot work here, with the reason shown to the user.
pub const UNSUPPORTED: &[(&str, &str)] = &[
    ("save", "it writes a lookup table into a Sumo Logic account, and Trailscope runs offline with no account"),
    ("join", "joining sub-queries is not implemented in Trailscope"),
    ("infer", "it runs Sumo Logic's Global Intelligence models, which exist only in Sumo Logic's cloud"),
    (
        "benchmark",
        "it compares against Sumo Logic's Global Intelligence benchmarks, which exist only in Sumo Logic's cloud",
    ),
    ("benchscore", "it uses Sumo Logic's Global Intelligence benchmarks, which exist only in Sumo Logic's cloud"),
    ("logexplain", "it is a Sumo Logic machine-learning operator that is not implemented in Trailscope"),
    ("logreduce", "it is a Sumo Logic machine-learning operator that is not implemented in Trailscope"),
    ("logcompare", "it is a Sumo Logic machine-learning operator that is not implemented in Trailscope"),
    ("threatlookup", "it queries CrowdStrike threat intelligence hosted by Sumo Logic, which is not available offline"),
    ("threatip", "it queries CrowdStrike threat intelligence hosted by Sumo Logic, which is not available offline"),
    ("compose", "subqueries are not implemented in Trailscope"),
    ("csv", "the csv operator is not implemented yet"),
    ("split", "the split operator is not implemented yet"),
    ("kv", "the kv (key-value) operator is not implemented yet"),
    ("keyvalue", "the keyvalue operator is not implemented yet"),
    ("xml", "the xml operator is not implemented yet"),
    ("parsehex", "the parseHex operator is not implemented yet"),
    ("geoip", "the geoip operator is not implemented yet; use `lookup ... from geo://location on ip=field`"),
    ("predict", "the predict operator is not implemented yet"),
    ("transactionize", "the transactionize operator is not implemented yet"),
    ("diff", "the diff operator is not implemented yet"),
    ("merge", "the merge operator is not implemented yet"),
    ("trace", "the trace operator is not implemented yet"),
];

/// The operators that are not aggregates; [`operator_names`] adds those.
pub const OPERATORS: &[&str] = &[
    "parse",
    "extract",
    "json",
    "where",
    "if",
    "fields",
    "sort",
    "order",
    "top",
    "topk",
    "limit",
    "head",
    "timeslice",
    "transpose",
    "fillmissing",
    "total",
    "accum",
    "dedup",
    "outlier",
    "smooth",
    "rollingstd",
    "backshift",
    "compare",
    "lookup",
    "withtime",
];

/// Every operator name the parser knows, aggregates included, for "did you mean" and completion.
pub fn operator_names() -> impl Iterator<Item = &'static str> {
    OPERATORS.iter().chain(stages_agg::AGGREGATES).copied()
}

fn stage(c: &mut Cursor) -> Result<Op, Diagnostic> {
    let Tok::Ident { name, quoted: false } = c.peek().clone() else {
        return stages::eval(c);
    };
    let lower = name.to_ascii_lowercase();
    let next_is_paren = matches!(c.peek_at(1), Tok::Sym("("));
    if stages_agg::is_aggregate(&lower) && !(matches!(lower.as_str(), "min" | "max") && stages_agg::two_arg_call(c)) {
        return stages_agg::aggregate(c);
    }
    match lower.as_str() {
        "parse" if c.is_word_at(1, "regex") || (c.is_word_at(1, "field") && stages::regex_after_field(c)) => {
            stages::parse_regex(c)
        }
        "parse" => stages::parse_anchor(c),
        "extract" => stages::parse_regex(c),
        "json" => stages::json(c),
        "where" => stages::where_(c),
        "fields" => stages::fields(c),
        "sort" | "order" => stages_agg::sort(c),
        "top" => stages_agg::top(c),
        "topk" => stages_agg::topk(c),
        "limit" | "head" => stages_agg::limit(c),
        "dedup" => stages_agg::dedup(c),
        "lookup" => stages::lookup(c),
        "withtime" => stages_agg::withtime(c),
        "timeslice" => stages_series::timeslice(c),
        "transpose" => stages_series::transpose(c),
        "fillmissing" => stages_series::fillmissing(c),
        "total" | "accum" => stages_series::total(c),
        "outlier" => stages_series::outlier(c),
        "smooth" | "rollingstd" | "backshift" => stages_series::window(c),
        "compare" => stages_series::compare(c),
        _ => {
            if let Some((_, why)) = UNSUPPORTED.iter().find(|(n, _)| *n == lower) {
                return Err(Diagnostic::at("U001", c.span(), format!("unsupported: the `{lower}` operator: {why}")));
            }
            if next_is_paren || !matches!(c.peek_at(1), Tok::Eof | Tok::Sym("|")) {
                return stages::eval(c);
            }
            // A lone word that is not an operator: most likely a misspelled one.
            Err(Diagnostic::at("E201", c.span(), format!("unknown operator `{name}`")).suggest(&name, operator_names()))
        }
    }
}

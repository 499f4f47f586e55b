//! `parse regex "(?<x>...)"` and `extract`: regex extraction into named groups (runtime:
//! `ops::parse_regex`). A stage starting `parse` reaches this parser through `parse.rs`.

use super::source::{extraction_node, Source};
use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::ops::{self, Step};
use crate::plan::expr::user_regex;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "parse regex",
    words: &["extract"],
    common: &[],
    keywords: &["field", "regex", "multi", "nodrop"],
    strings: Strings::Regex,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"parse regex [field=f] "(?<name>...)" [multi] [nodrop]"#,
    doc: "Extracts a regex's named groups into fields (also written `extract`); `multi` makes a row per match.",
    examples: &[
        r#"* | parse regex "\"eventName\":\"(?<name>[A-Za-z]+)\"" | count by name"#,
        r#"* | extract "\"awsRegion\":\"(?<region>[^\"]+)\"" nodrop | count by region"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct ParseRegex {
    src: Source,
    patterns: Vec<(String, Span)>,
    multi: bool,
}

extraction_node!(ParseRegex, SPEC, |_, _| {});

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut src = Source::default();
    let mut multi = false;
    let mut patterns = Vec::new();
    loop {
        if src.take(c)? || c.eat_word("regex") {
        } else if c.eat_word("multi") {
            multi = true;
        } else if let Tok::Str(_) = c.peek() {
            patterns.push(c.expect_string("a regex")?);
            c.eat_sym(",");
        } else {
            break;
        }
    }
    if patterns.is_empty() {
        return Err(c.unexpected("expected a regex in quotes with a named group, like \"user=(?<user>\\w+)\""));
    }
    c.expect_stage_end("parse regex")?;
    Ok(Box::new(ParseRegex { src, patterns, multi }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let ParseRegex { src, patterns, multi } = node(n);
    let (field, chain) = src.plan(p, src.nodrop);
    let mut compiled = Vec::new();
    for (pat, span) in patterns {
        let re = user_regex(pat, span.clone())?;
        let groups: Vec<_> =
            re.capture_names().flatten().map(|g| (g.to_string(), p.fields.id(g), g.to_string())).collect();
        if groups.is_empty() {
            return Err(Diagnostic::at("E152", span.clone(), "this regex has no named group to extract into")
                .hint("name what to capture: (?<user>\\w+)"));
        }
        compiled.push((re, groups));
    }
    Ok(Step::Row(Box::new(ops::parse_regex::ParseRegex { field, patterns: compiled, multi: *multi, chain })))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let p = n.as_any().downcast_ref::<ParseRegex>()?;
    let patterns = p.patterns.iter().map(|(pat, _)| pat.as_str()).collect();
    Some(super::view::View::ParseRegex { field: p.src.field.as_ref(), nodrop: p.src.nodrop, patterns, multi: p.multi })
}

//! `parse regex "(?<x>...)"` and `extract`: regex extraction into named groups (runtime:
//! `ops::parse_regex`). A stage starting `parse` reaches this parser through `parse.rs`.

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::ops::{self, Step};
use crate::plan::expr::user_regex;
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
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
    field: Option<Name>,
    patterns: Vec<(String, Span)>,
    nodrop: bool,
    multi: bool,
}

impl Node for ParseRegex {
    fn reads_raw(&self) -> bool {
        self.field.is_none()
    }
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::opt(&self.field, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut field = None;
    let (mut nodrop, mut multi) = (false, false);
    let mut patterns = Vec::new();
    loop {
        if let Some(f) = c.field_opt()? {
            field = Some(f);
        } else if c.eat_word("regex") {
        } else if c.eat_word("nodrop") {
            nodrop = true;
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
    Ok(Box::new(ParseRegex { field, patterns, nodrop, multi }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let ParseRegex { field, patterns, nodrop, multi } = node(n);
    let chain = p.extraction(*nodrop);
    let field = p.fields.id(field.as_ref().map_or("_raw", |n| n.text.as_str()));
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

//! `parse "a=*," as a`: anchor extraction (runtime: `ops::parse`). `parse regex` and `parse xml`
//! are operators of their own (`parse_regex.rs`, `xml.rs`); this parser hands them over.

use super::source::{extraction_node, Source};
use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "parse",
    words: &["parse"],
    common: &["parse"],
    keywords: &["field", "regex", "xml", "as", "nodrop"],
    strings: Strings::Pattern,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"parse [field=f] "text*text" as a[, "text*" as b] [nodrop]"#,
    doc: "Extracts the text between literal anchors into fields; rows that do not match are dropped unless `nodrop`.",
    examples: &[r#"* | parse "\"eventName\":\"*\"" as name | count by name"#],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Parse {
    src: Source,
    patterns: Vec<(String, Span, Vec<Name>)>,
}

extraction_node!(Parse, SPEC, |n, out| n.patterns.iter().for_each(|(_, _, ns)| names::all(ns, out)));

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    // `parse regex ...` and `parse field=x regex ...`.
    if c.is_word_at(1, "regex") || (c.is_word_at(1, "field") && c.is_word_at(4, "regex")) {
        return (super::parse_regex::SPEC.parse)(c);
    }
    // `parse xml ...` and `parse field=x xml ...`.
    if c.is_word_at(1, "xml") || (c.is_word_at(1, "field") && c.is_word_at(4, "xml")) {
        return (super::xml::SPEC.parse)(c);
    }
    c.bump();
    // `field=` comes first, `nodrop` last (after the patterns).
    let mut src = Source { field: c.field_opt()?, nodrop: false };
    let mut patterns = Vec::new();
    loop {
        let (pat, span) = c.expect_string("a pattern in quotes, like \"user=*,\"")?;
        let stars = pat.matches('*').count();
        if pat.contains("**") {
            return Err(Diagnostic::at("E130", span, "`**` is not allowed in a parse pattern")
                .hint("put literal text between the two `*`"));
        }
        let mut names = Vec::new();
        if c.eat_word("as") {
            let paren = c.eat_sym("(");
            names = names_until_pattern(c)?;
            if paren {
                c.expect_sym(")", "to close the list of names")?;
            }
        }
        if stars == 0 {
            return Err(Diagnostic::at("E131", span, "this parse pattern has no `*` to capture")
                .hint("mark each value to extract with `*`"));
        }
        if names.len() != stars {
            let what = format!("the pattern has {stars} `*` but {} name(s) follow `as`", names.len());
            return Err(Diagnostic::at("E132", span, what).hint("give one name per `*`: `parse \"a=*,b=*\" as a, b`"));
        }
        patterns.push((pat, span, names));
        if !(c.is_sym(",") && matches!(c.peek_at(1), Tok::Str(_))) {
            break;
        }
        c.bump();
    }
    src.take(c)?;
    c.expect_stage_end("parse")?;
    Ok(Box::new(Parse { src, patterns }))
}

/// Names after `as`, stopping before `, "next pattern"`.
fn names_until_pattern(c: &mut Cursor) -> Result<Vec<Name>, Diagnostic> {
    let mut v = vec![c.expect_name("a field name after `as`")?];
    while c.is_sym(",") && !matches!(c.peek_at(1), Tok::Str(_)) {
        c.bump();
        v.push(c.expect_name("a field name")?);
    }
    Ok(v)
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Parse { src, patterns } = node(n);
    let (field, chain) = src.plan(p, src.nodrop);
    let patterns = patterns.iter().map(|(pat, _, names)| ops::parse::Pattern::new(pat, p.named(names))).collect();
    Ok(Step::Row(Box::new(ops::parse::Parse { field, patterns, chain })))
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let p = n.as_any().downcast_ref::<Parse>()?;
    let patterns = p.patterns.iter().map(|(pat, _, names)| (pat.as_str(), names.as_slice())).collect();
    Some(super::view::View::Parse { field: p.src.field.as_ref(), nodrop: p.src.nodrop, patterns })
}

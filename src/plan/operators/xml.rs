//! `parse xml [field=f] "xpath" [as a], "xpath" [as b] [nodrop]` (also `xml ...`): fields from
//! an XML document by XPath (runtime: `ops::xml`, the XPath subset in `ops::xpath`). A stage
//! starting `parse` reaches this parser through `parse.rs`.
//!
//! As Sumo Logic documents it: `_raw` unless `field=`; an invalid XPath is an error (`E262`),
//! and so are names that do not match the paths in number (`E261`); text that is not
//! well-formed XML, or a path that selects nothing, gives null, and the row is dropped unless
//! `nodrop`; an element gives its XML as written; of several matches the first is the answer.
//! Choices where the docs are silent: names after `as` go to the paths not yet named, in order,
//! so both `"p1" as a, "p2" as b` and `"p1", "p2" as a, b` work; a path no `as` names is
//! named after its attribute or last element (`/users/user/@id` is `id`), or is its own name
//! when it has none (`/a/*`); as with `json`, a row must answer every path to be kept without
//! `nodrop`; values are text.

use super::source::{extraction_node, Source};
use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::ops::xpath::XPath;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "parse xml",
    words: &["xml"],
    common: &[],
    keywords: &["field", "xml", "as", "nodrop"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"parse xml [field=f] "/a/b/text()"[, "/a/b/@id"] [as x, y] [nodrop]"#,
    doc: "Extracts values from XML by XPath (absolute paths, `[2]`, `[last()]`, `[@a='v']`, `text()`, `@attr`); a row missing a path is dropped unless `nodrop`.",
    examples: &[
        r#"* | "<user id='7'><name>alice</name></user>" as doc | parse xml field=doc "/user/name/text()" as name, "/user/@id" as id | count by name, id"#,
        r#"* | "<r><e n='a'/><e n='b'/></r>" as doc | xml field=doc "/r/e[last()]/@n" nodrop | count by n"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct ParseXml {
    src: Source,
    /// Each path with the name `as` gives it.
    paths: Vec<(String, Span, Option<Name>)>,
}

extraction_node!(ParseXml, SPEC, |n, out| {
    for (text, _, name) in &n.paths {
        match name {
            Some(_) => names::opt(name, out),
            None => out.extend(XPath::parse(text).ok().and_then(|x| x.default_name())),
        }
    }
});

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut src = Source::default();
    let mut paths: Vec<(String, Span, Option<Name>)> = Vec::new();
    loop {
        if src.take(c)? || c.eat_word("xml") || c.eat_sym(",") {
        } else if let Tok::Str(_) = c.peek() {
            let (p, span) = c.expect_string("an XPath")?;
            paths.push((p, span, None));
        } else if c.is_word("as") {
            let at = c.bump().span;
            let names = names_until_path(c)?;
            let open: Vec<usize> = (0..paths.len()).filter(|i| paths[*i].2.is_none()).collect();
            if open.len() != names.len() {
                let span = names.last().map_or(at.clone(), |n| at.start..n.span.end);
                return Err(Diagnostic::at(
                    "E261",
                    span,
                    format!("{} XPath(s) without a name but {} name(s) after `as`", open.len(), names.len()),
                )
                .hint("give one name per path: `\"/a/b/text()\" as b, \"/a/@id\" as id`"));
            }
            for (i, n) in open.into_iter().zip(names) {
                paths[i].2 = Some(n);
            }
        } else {
            break;
        }
    }
    if paths.is_empty() {
        return Err(c.unexpected("expected an XPath in quotes, like \"/users/user/@id\""));
    }
    c.expect_stage_end("parse xml")?;
    Ok(Box::new(ParseXml { src, paths }))
}

/// Names after `as`, stopping before `, "next path"`.
fn names_until_path(c: &mut Cursor) -> Result<Vec<Name>, Diagnostic> {
    let mut v = vec![c.expect_name("a field name after `as`")?];
    let option = |c: &Cursor| c.is_word_at(1, "nodrop") || (c.is_word_at(1, "field") && c.peek_at(2) == &Tok::Sym("="));
    while c.is_sym(",") && matches!(c.peek_at(1), Tok::Ident { .. }) && !option(c) {
        c.bump();
        v.push(c.expect_name("a field name")?);
    }
    Ok(v)
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let ParseXml { src, paths } = node(n);
    let (field, chain) = src.plan(p, src.nodrop);
    let mut out = Vec::new();
    for (text, span, name) in paths {
        let xpath = XPath::parse(text)
            .map_err(|m| Diagnostic::at("E262", span.clone(), format!("invalid XPath for `parse xml`: {m}")))?;
        let name = match name {
            Some(n) => n.text.clone(),
            None => xpath.default_name().unwrap_or_else(|| text.clone()),
        };
        out.push((xpath, p.fields.id(&name), name));
    }
    Ok(Step::Row(Box::new(ops::xml::Xml { field, paths: out, chain })))
}

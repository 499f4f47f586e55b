//! `json "a.b" [as x]` and `json auto`: fields from a JSON document (runtime: `ops::json`).
//! Choice where Sumo Logic's page only names `..` (recursive descent): `a..b` gives every `b`
//! under `a` as a JSON array, in document order, like `[*]`; `[]` if none, dropped if no `a`.

use super::source::{extraction_node, Source};
use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::fields::Fields;
use crate::ops::{self, Step};
use crate::syntax::ast::{Name, Stage};
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "json",
    words: &["json"],
    common: &["json"],
    keywords: &["field", "auto", "keys", "refonly", "extractarrays", "maxdepth", "as", "nodrop"],
    strings: Strings::Pattern,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"json [field=f] "path"[, "path"] [as a, b] [nodrop] | json auto"#,
    doc: "Extracts values by JSON path (`a.b`, `a[0]`, `a[*].b`, `a..b` at any depth); a row missing a path is dropped unless `nodrop`. `auto` fills the fields the query names.",
    examples: &[
        r#"* | json "eventName", "userIdentity.type" as name, type | count by name, type"#,
        r#"* | json "userIdentity..userName" as names | count by names"#,
        r#"* | json auto | count by eventName"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Json {
    src: Source,
    paths: Vec<(String, Span)>,
    names: Vec<Name>,
    auto: bool,
}

extraction_node!(Json, SPEC, |n, out| names::all(&n.names, out));

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut src = Source::default();
    let mut auto = false;
    let mut paths = Vec::new();
    let mut names = Vec::new();
    loop {
        if src.take(c)? {
        } else if c.eat_word("auto") || c.eat_word("keys") || c.eat_word("refonly") || c.eat_word("extractarrays") {
            auto = true;
        } else if c.eat_word("maxdepth") {
            c.expect_usize("a depth after `maxdepth`")?;
        } else if c.eat_word("as") {
            names = c.name_list("a field name after `as`")?;
        } else if let Tok::Str(_) = c.peek() {
            paths.push(c.expect_string("a JSON path")?);
            c.eat_sym(",");
        } else {
            break;
        }
    }
    if paths.is_empty() && !auto {
        return Err(c.unexpected("expected a JSON path in quotes, like \"userIdentity.arn\""));
    }
    if !names.is_empty() && names.len() != paths.len() && !auto {
        let span = names[0].span.start..names.last().unwrap().span.end;
        return Err(Diagnostic::at(
            "E133",
            span,
            format!("{} path(s) but {} name(s) after `as`", paths.len(), names.len()),
        )
        .hint("give one name per path"));
    }
    c.expect_stage_end("json")?;
    Ok(Box::new(Json { src, paths, names, auto }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Json { src, paths, names, auto } = node(n);
    let (field, chain) = src.plan(p, src.nodrop || (*auto && paths.is_empty()));
    let mut ps = Vec::new();
    for (i, (path, span)) in paths.iter().enumerate() {
        let segs = crate::json::parse_path(path)
            .map_err(|m| Diagnostic::at("E153", span.clone(), format!("invalid JSON path: {m}")))?;
        let name = names.get(i).map_or(path.clone(), |n| n.text.clone());
        ps.push((segs, p.fields.id(&name), name));
    }
    // `json auto` fills the fields the rest of the query names; they exist by now only if
    // written earlier, so auto mode reads every field name of the query.
    let auto = if *auto { auto_fields(p.stages, p.fields) } else { Vec::new() };
    let reads_raw = p.fields.builtin(field) == Some(crate::fields::Builtin::Raw);
    let hot: Vec<Option<usize>> = if reads_raw {
        paths.iter().map(|(path, _)| crate::store::hot::HotColumns::column_of(path)).collect()
    } else {
        Vec::new()
    };
    let hot = if hot.iter().all(Option::is_some) { hot } else { Vec::new() };
    Ok(Step::Row(Box::new(ops::json::Json { field, paths: ps, auto, chain, hot })))
}

fn auto_fields(stages: &[Stage], fields: &mut Fields) -> Vec<(usize, String)> {
    let mut names: Vec<String> = Vec::new();
    for n in names::names(stages) {
        if !n.starts_with('_') && crate::funcs::find(&n).is_none() && !names.iter().any(|m| m.eq_ignore_ascii_case(&n))
        {
            names.push(n);
        }
    }
    names.into_iter().map(|n| (fields.id(&n), n)).collect()
}

/// This stage as `crate::sql` reads it.
pub(super) fn view(n: &dyn Node) -> Option<super::view::View<'_>> {
    let j = n.as_any().downcast_ref::<Json>()?;
    let paths = j.paths.iter().map(|(p, _)| p.as_str()).collect();
    Some(super::view::View::Json {
        field: j.src.field.as_ref(),
        nodrop: j.src.nodrop,
        paths,
        names: &j.names,
        auto: j.auto,
    })
}

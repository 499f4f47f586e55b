//! `lookup cols from table on key=field`: columns from the geo or ASN table or a loaded CSV
//! table (runtime: `ops::lookup`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::fields::Fields;
use crate::lookup::{Lookups, ASN_COLUMNS, GEO_COLUMNS};
use crate::ops::{self, Step};
use crate::plan::expr::compile;
use crate::syntax::ast::{Expr, ExprKind, Name};
use crate::syntax::cursor::Cursor;
use crate::syntax::expr::expr;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use std::sync::Arc;

pub static SPEC: Spec = Spec {
    name: "lookup",
    words: &["lookup"],
    common: &["lookup"],
    keywords: &["as", "from", "on"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: "lookup col [as name], ... | * from geo://location|asn://default|table on key=field",
    doc: "Adds columns of a lookup table (the bundled geo and ASN tables, or a loaded CSV) for the row's key.",
    examples: &[
        r#"* | json "sourceIPAddress" as ip | lookup country_code from geo://location on ip=ip | count by country_code"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Lookup {
    columns: Vec<LookupCol>,
    all: bool,
    source: (String, Span),
    on: Vec<(Name, Expr)>,
}

#[derive(Clone, Debug)]
struct LookupCol {
    column: Name,
    alias: Option<Name>,
}

impl Node for Lookup {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        for c in &self.columns {
            names::name(&c.column, out);
            names::opt(&c.alias, out);
        }
        for (k, e) in &self.on {
            names::name(k, out);
            names::expr(e, out);
        }
    }
}

/// The table a `lookup` stage reads (`geoip` reads `geo://location`), or `None` for another
/// operator.
pub fn source(n: &dyn Node) -> Option<&str> {
    if super::geoip::is(n) {
        return Some("geo://location");
    }
    n.as_any().downcast_ref::<Lookup>().map(|l| l.source.0.as_str())
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut columns = Vec::new();
    let all = c.eat_sym("*");
    if !all {
        loop {
            let column = c.expect_name("a column name")?;
            let alias = if c.eat_word("as") { Some(c.expect_name("a field name after `as`")?) } else { None };
            columns.push(LookupCol { column, alias });
            if !c.eat_sym(",") {
                break;
            }
        }
    }
    if !c.eat_word("from") {
        return Err(c.unexpected("expected `from` and a table, like `from geo://location`"));
    }
    let source = match c.peek().clone() {
        Tok::Path(p) => (p, c.bump().span),
        Tok::Str(s) => (s, c.bump().span),
        // A bare name: a table loaded under it (a file dropped on the page, `--lookup NAME=FILE`).
        Tok::Ident { name, quoted: false } => (name, c.bump().span),
        _ => return Err(c.unexpected("expected a table after `from`, like geo://location")),
    };
    if !c.eat_word("on") {
        return Err(c.unexpected("expected `on`, like `on ip = sourceIPAddress`"));
    }
    let mut on = Vec::new();
    loop {
        let key = c.expect_name("a column of the table")?;
        c.expect_sym("=", "between the table's column and the field")?;
        on.push((key, expr(c)?));
        if !c.eat_sym(",") {
            break;
        }
    }
    c.expect_stage_end("lookup")?;
    Ok(Box::new(Lookup { columns, all, source, on }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Lookup { columns, all, source, on } = node(n);
    lookup(columns, *all, source, on, p.fields, p.lookups)
}

fn lookup(
    columns: &[LookupCol],
    all: bool,
    source: &(String, Span),
    on: &[(Name, Expr)],
    fields: &mut Fields,
    lookups: &Lookups,
) -> Result<Step, Diagnostic> {
    let (path, span) = source;
    let bundled = crate::lookup::bundled(path);
    let mut table_keys = None;
    let (src, known): (ops::lookup::Source, Vec<String>) = if bundled == Some(crate::lookup::Bundled::Geo) {
        (ops::lookup::Source::Geo, GEO_COLUMNS.iter().map(|s| s.to_string()).collect())
    } else if bundled == Some(crate::lookup::Bundled::Asn) {
        (ops::lookup::Source::Asn, ASN_COLUMNS.iter().map(|s| s.to_string()).collect())
    } else if let Some(t) = lookups.table(path) {
        // Sumo writes both `on column=field` and `on field=column`: whichever side names a
        // column of the table is the table's side.
        let mut keys = Vec::new();
        let mut exprs = Vec::new();
        for (k, e) in on {
            if let (None, ExprKind::Field(f)) = (t.column(&k.text), &e.kind) {
                if let Some(c) = t.column(&f.text) {
                    keys.push(c);
                    exprs.push(Expr { kind: ExprKind::Field(k.clone()), span: k.span.clone() });
                    continue;
                }
            }
            keys.push(t.column(&k.text).ok_or_else(|| {
                Diagnostic::at("E160", k.span.clone(), format!("the table {path} has no column `{}`", k.text))
                    .suggest(&k.text, t.header.iter().map(String::as_str))
            })?);
            exprs.push(e.clone());
        }
        let keys_exprs = exprs.iter().map(|e| compile(e, fields)).collect::<Result<Vec<_>, _>>()?;
        table_keys = Some(keys_exprs);
        (ops::lookup::Source::Table { index: t.index(&keys), table: Arc::clone(t) }, t.header.clone())
    } else {
        return Err(missing_table(path, span));
    };
    if matches!(src, ops::lookup::Source::Geo | ops::lookup::Source::Asn) && on.len() != 1 {
        return Err(Diagnostic::at(
            "E161",
            span.clone(),
            format!("`{path}` is keyed by one address: write `on ip = field`"),
        ));
    }
    let mut outs = Vec::new();
    let wanted: Vec<(String, String, Span)> = if all {
        known.iter().map(|k| (k.clone(), k.clone(), span.clone())).collect()
    } else {
        columns
            .iter()
            .map(|c| {
                (
                    c.column.text.clone(),
                    c.alias.as_ref().map_or(c.column.text.clone(), |a| a.text.clone()),
                    c.column.span.clone(),
                )
            })
            .collect()
    };
    for (col, name, cspan) in wanted {
        let Some(i) = known.iter().position(|k| k.eq_ignore_ascii_case(&col)) else {
            return Err(Diagnostic::at("E162", cspan, format!("`{path}` has no column `{col}`"))
                .suggest(&col, known.iter().map(String::as_str)));
        };
        outs.push((i, fields.id(&name), name));
    }
    let keys = match table_keys {
        Some(k) => k,
        None => on.iter().map(|(_, e)| compile(e, fields)).collect::<Result<_, _>>()?,
    };
    Ok(Step::Row(Box::new(ops::lookup::Lookup { source: src, keys, outs })))
}

/// Why no table is loaded under `path` (a `lookup` or `lookupContains` names one).
pub fn missing_table(path: &str, span: &Span) -> Diagnostic {
    let lower = path.to_ascii_lowercase();
    if lower.starts_with("sumo://") {
        Diagnostic::at("U020", span.clone(), format!("unsupported: `{path}` is threat intelligence hosted by Sumo Logic (CrowdStrike), and no indicators of your own are loaded"))
            .hint("give your own indicators: a CSV with a `threat` column (and type, actor, raw, threatlevel) or a STIX 2.1 bundle (page: drop the file; CLI: --threat FILE)")
    } else if lower.starts_with("http://") || lower.starts_with("https://") {
        Diagnostic::at(
            "U022",
            span.clone(),
            format!("unsupported: `{path}` would be downloaded, and Trailscope never fetches anything"),
        )
        .hint("download the CSV yourself and load it as a lookup table under this name")
    } else {
        Diagnostic::at(
            "U021",
            span.clone(),
            format!(
                "unsupported: the lookup table `{path}` lives in a Sumo Logic account; no table of that name is loaded"
            ),
        )
        .hint(format!(
            "load it from a CSV file: on the page drop `{}.csv`, on the CLI give --lookup {path}=FILE.csv",
            path.rsplit('/').next().unwrap_or(path)
        ))
    }
}

//! `compose a, b [maxresults=N] [keywords]`: ends a subquery's child query, whose rows of these
//! fields become the parent's filter (`plan::subquery`). Everything about the operator, its
//! runtime included, is in this file.
//!
//! Sumo Logic's subqueries page documents it: the fields returned to the parent, `maxresults`
//! (2,500 unless given, at most 10,000; more rows are cut, with a warning) and `keywords`
//! (values alone, for the scope only). Choices where the docs are silent:
//! - at the end of a query of its own (not a subquery), it shows the rows a subquery would
//!   return, as the docs suggest trying it; `keywords` changes nothing there;
//! - rows repeat once (the filter is the same), in the order they first come; a row with a null
//!   field is left out, as no message could match it; `compose by a` is `compose a` (one of the
//!   docs' examples writes `by`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::exec::table::{Col, Table};
use crate::exec::warning::COMPOSE_CAPPED;
use crate::fields::FieldId;
use crate::ops::{Step, TableOp};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;
use std::collections::HashSet;

/// Rows a subquery returns unless `maxresults` says otherwise, and the most it may say.
pub const DEFAULT_MAX: usize = 2_500;
pub const MAX_MAX: usize = 10_000;

pub static SPEC: Spec = Spec {
    name: "compose",
    words: &["compose"],
    common: &[],
    keywords: &["by", "maxresults", "keywords"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "[subquery: query | compose a[, b] [maxresults=2500] [keywords]]",
    doc: "Ends a subquery: its rows of these fields filter the parent query (keywords, `field=value` terms, or a `where` condition).",
    examples: &[
        r#"* | json "userIdentity.userName" as user | count by user | compose user maxresults=5"#,
        r#"* [subquery: AccessDenied | json "sourceIPAddress" as ip | compose ip keywords] | json "eventName" | count by eventName"#,
        r#"* | json "userIdentity.userName" as user | where [subquery: ConsoleLogin | json "userIdentity.userName" as user | compose user] | count by user"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Compose {
    fields: Vec<Name>,
    max: Option<(usize, Span)>,
    keywords: Option<Span>,
}

impl Node for Compose {
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.fields, out);
    }
}

/// What a subquery needs of its `compose` stage: the fields, and where `keywords` is written.
pub fn of(n: &dyn Node) -> Option<(&[Name], Option<&Span>)> {
    n.as_any().downcast_ref::<Compose>().map(|c| (c.fields.as_slice(), c.keywords.as_ref()))
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    c.eat_word("by");
    let mut fields = Vec::new();
    loop {
        if c.is_word("keywords") || c.is_word("maxresults") || c.at_stage_end() {
            break;
        }
        fields.push(c.expect_name("a field to return, like `compose user`")?);
        if !c.eat_sym(",") {
            break;
        }
    }
    if fields.is_empty() {
        return Err(c.unexpected("expected the fields to return, like `compose user`"));
    }
    let (mut max, mut keywords) = (None, None);
    loop {
        if c.is_word("maxresults") {
            c.bump();
            c.expect_sym("=", "after `maxresults`: write `maxresults=100`")?;
            let span = c.span();
            let n = match *c.peek() {
                Tok::Num(n) if n.fract() == 0.0 && (1.0..=MAX_MAX as f64).contains(&n) => n as usize,
                _ => {
                    return Err(Diagnostic::at(
                        "E258",
                        span,
                        format!("`maxresults` is a whole number from 1 to {MAX_MAX}"),
                    )
                    .hint(format!("a subquery returns {DEFAULT_MAX} rows unless told otherwise")))
                }
            };
            c.bump();
            max = Some((n, span));
        } else if c.is_word("keywords") {
            keywords = Some(c.bump().span);
        } else {
            break;
        }
    }
    c.expect_stage_end("compose")?;
    Ok(Box::new(Compose { fields, max, keywords }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Compose { fields, max, .. } = node(n);
    let fields = p.named(fields);
    Ok(Step::Table(Box::new(ComposeOp { fields, max: max.as_ref().map_or(DEFAULT_MAX, |(n, _)| *n) })))
}

/// The runtime step: the distinct rows of the fields, at most `max`.
struct ComposeOp {
    fields: Vec<(FieldId, String)>,
    max: usize,
}

impl TableOp for ComposeOp {
    fn apply(&self, t: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
        let r = cx.env.reader;
        let mut seen = HashSet::new();
        let mut rows = Vec::new();
        let nfields = r.fields.len();
        for row in &t.rows {
            let vals: Vec<Value> = self.fields.iter().map(|(id, _)| r.get(row, *id)).collect();
            if vals.iter().any(Value::is_null) {
                continue;
            }
            let key: Vec<String> = vals.iter().map(|v| v.as_text().into_owned()).collect();
            if !seen.insert(key) {
                continue;
            }
            if rows.len() == self.max {
                cx.warn(
                    COMPOSE_CAPPED,
                    format!("compose: the child query has more than {} rows; only the first are returned (raise `maxresults`)", self.max),
                );
                break;
            }
            let mut out = Row { event: None, vals: vec![Value::Null; nfields], matched: 0 };
            for ((id, _), v) in self.fields.iter().zip(vals) {
                out.vals[*id] = v;
            }
            rows.push(out);
        }
        let cols = self.fields.iter().map(|(id, name)| Col { id: *id, name: name.clone() }).collect();
        Ok(Table { cols, rows, aggregated: true })
    }
}

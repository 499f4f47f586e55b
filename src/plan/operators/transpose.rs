//! `transpose row r column c [as a, b, *]`: a column field's values become columns (runtime:
//! `ops::transpose`).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::Diagnostic;
use crate::fields::Fields;
use crate::ops::{self, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::names;
use crate::syntax::node::Node;

pub static SPEC: Spec = Spec {
    name: "transpose",
    words: &["transpose"],
    common: &[],
    keywords: &["row", "column", "as"],
    strings: Strings::Text,
    kind: Kind::Table,
    range: Range::Never,
    usage: "transpose row field, ... column field, ... [as name, ..., *]",
    doc: "Pivots: one row per value of the row fields, one column per value of the column fields.",
    examples: &[
        r#"* | json "eventName", "awsRegion" | count by awsRegion, eventName | transpose row awsRegion column eventName"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Transpose {
    row: Vec<Name>,
    column: Vec<Name>,
    names: Vec<Name>,
}

impl Node for Transpose {
    fn table_writes(&self) -> Vec<String> {
        self.names.iter().map(|n| n.text.clone()).collect()
    }
    fn operator(&self) -> &'static str {
        SPEC.name
    }
    fn names(&self, out: &mut Vec<String>) {
        names::all(&self.row, out);
        names::all(&self.column, out);
        names::all(&self.names, out);
    }
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    if !c.eat_word("row") {
        return Err(c.unexpected("expected `row`, like `transpose row _timeslice column user`"));
    }
    let row = c.name_list("a row field")?;
    if !c.eat_word("column") {
        return Err(c.unexpected("expected `column` and the field whose values become columns"));
    }
    let column = c.name_list("a column field")?;
    let mut names = Vec::new();
    if c.eat_word("as") {
        loop {
            if c.eat_sym("*") {
                names.push(Name { text: "*".into(), span: c.prev_end() - 1..c.prev_end() });
            } else {
                names.push(c.expect_name("a column name")?);
            }
            if !c.eat_sym(",") {
                break;
            }
        }
    }
    c.expect_stage_end("transpose")?;
    Ok(Box::new(Transpose { row, column, names }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Transpose { row, column, names } = node(n);
    Ok(Step::Table(Box::new(transpose(row, column, names, p.fields)?)))
}

fn ids(names: &[Name], fields: &mut Fields) -> Vec<usize> {
    names.iter().map(|n| fields.id(&n.text)).collect()
}

fn transpose(
    row: &[Name],
    column: &[Name],
    names: &[Name],
    fields: &mut Fields,
) -> Result<ops::transpose::Transpose, Diagnostic> {
    if let Some(c) = column.iter().find(|c| row.iter().any(|r| r.text.eq_ignore_ascii_case(&c.text))) {
        return Err(Diagnostic::at("E214", c.span.clone(), format!("`{}` is both a row and a column field", c.text))
            .hint("a field's values become either rows or columns: remove it from one list"));
    }
    let mut out: Vec<Option<(usize, String)>> = Vec::new();
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.text.eq_ignore_ascii_case(&n.text)) {
            return Err(Diagnostic::at("E215", n.span.clone(), format!("`{}` is listed twice after `as`", n.text))
                .hint("list each column once"));
        }
        if row.iter().any(|r| r.text.eq_ignore_ascii_case(&n.text)) {
            return Err(Diagnostic::at("E215", n.span.clone(), format!("`{}` is already a row field", n.text))
                .hint("name the columns after values of the column field"));
        }
        // Named columns are interned now, so later stages can use them (as Sumo Logic requires).
        out.push(if n.text == "*" { None } else { Some((fields.id(&n.text), n.text.clone())) });
    }
    let row = row.iter().map(|r| (fields.id(&r.text), r.text.clone())).collect();
    Ok(ops::transpose::Transpose { row, column: ids(column, fields), names: out })
}

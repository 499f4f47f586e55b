//! `split field [delim=':', escape='\', quote='"'] extract 1 as a, b, _, 5 as e`: the values of
//! a delimited text field by position. Everything about the operator, its runtime included, is
//! in this file.
//!
//! As Sumo Logic documents it: the field is required (`_raw` for the message); the defaults are
//! `,` for the delimiter, `\` for the escape and `"` for the quote, and any given ones must be
//! one character each and all different; an item is `N as name` (column N, from 1), `name` (the
//! column after the previous item's) or `_` (skip a column); `nodrop` is not accepted. Choices
//! where the docs are silent: only the text's first line is split; a column the text does not
//! have, and every column of a null field, is null, and the row is kept (split never drops); the
//! escape only works inside quotes, and a doubled quote there is one quote (CSV's rule).

use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::ops::{Flow, RowOp, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;

pub static SPLIT: Spec = Spec {
    name: "split",
    words: &["split"],
    common: &[],
    keywords: &["delim", "escape", "quote", "extract", "as", "_"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"split field [delim=':'] [escape='\'] [quote='"'] extract 1 as a, b, _, 5 as e"#,
    doc: "Extracts the columns of a delimited text field (`,` unless `delim` says otherwise) into fields, by position.",
    examples: &[
        r#"* | "alice:admin:eu" as line | split line delim=':' extract 1 as user, 3 as region | count by user, region"#,
        r#"* | json "userAgent" | split userAgent delim=' ' extract client, _, os | count by client, os"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Split {
    op: &'static str,
    field: Name,
    delim: u8,
    escape: u8,
    quote: u8,
    /// (column from 1, name)
    items: Vec<(usize, Name)>,
}

impl Node for Split {
    fn operator(&self) -> &'static str {
        self.op
    }
    fn names(&self, out: &mut Vec<String>) {
        names::name(&self.field, out);
        self.items.iter().for_each(|(_, n)| names::name(n, out));
    }
}

/// `csv field [escape='\'] [quote='"'] extract ...`: `split` with `,` always the delimiter (Sumo
/// Logic's csv page documents no `delim`); quoted columns may hold commas and escaped or doubled
/// quotes.
pub static CSV: Spec = Spec {
    name: "csv",
    words: &["csv"],
    common: &[],
    keywords: &["escape", "quote", "extract", "as", "_"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"csv field [escape='\'] [quote='"'] extract 1 as a, b, _, 5 as e"#,
    doc: "Extracts the columns of a comma-separated text field into fields, by position; quoted columns may hold commas and quotes.",
    examples: &[r#"* | "alice,\"db, admin\",eu" as line | csv line extract user, role, _ | count by user, role"#],
    parse: parse_csv,
    plan,
};

fn parse_csv(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    parse_as(c, CSV.name, false)
}

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    parse_as(c, SPLIT.name, true)
}

/// `split`'s syntax, shared by `csv` (which has no `delim`).
fn parse_as(c: &mut Cursor, op: &'static str, with_delim: bool) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let field = c.expect_name(&format!("the field to split, like `{op} _raw extract ...`"))?;
    let (mut delim, mut escape, mut quote) = (b',', b'\\', b'"');
    let mut given: Vec<(u8, Span)> = Vec::new();
    loop {
        let slot = if with_delim && c.is_word("delim") {
            &mut delim
        } else if c.is_word("escape") {
            &mut escape
        } else if c.is_word("quote") {
            &mut quote
        } else {
            break;
        };
        c.bump();
        c.expect_sym("=", "after the option: write `delim=':'`")?;
        let (s, span) = c.expect_string("one character in quotes, like ':'")?;
        let [b] = s.as_bytes() else {
            return Err(Diagnostic::at("E138", span, format!("`{s}` is not one character"))
                .hint("the delimiter, escape and quote are one ASCII character each"));
        };
        *slot = *b;
        given.push((*b, span));
        c.eat_sym(",");
    }
    if delim == escape || delim == quote || escape == quote {
        let span = given.last().map_or(c.span(), |(_, s)| s.clone());
        return Err(Diagnostic::at("E139", span, "the delimiter, escape and quote must all be different"));
    }
    if !c.eat_word("extract") {
        return Err(c.unexpected("expected `extract` and the columns, like `extract 1 as a, 2 as b`"));
    }
    let mut items = Vec::new();
    let mut at = 0usize;
    loop {
        if let Tok::Num(_) = c.peek() {
            let span = c.span();
            at = c.expect_usize("a column number")?;
            if at == 0 {
                return Err(Diagnostic::at("E138", span, "columns count from 1").hint("the first column is `1 as a`"));
            }
            if !c.eat_word("as") {
                return Err(c.unexpected("expected `as` and a name after the column number"));
            }
            items.push((at, c.expect_name("a field name")?));
        } else if c.eat_word("_") {
            at += 1;
        } else {
            at += 1;
            items.push((at, c.expect_name("a column: `1 as a`, a name, or `_` to skip one")?));
        }
        if !c.eat_sym(",") {
            break;
        }
    }
    c.expect_stage_end(op)?;
    Ok(Box::new(Split { op, field, delim, escape, quote, items }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Split { field, delim, escape, quote, items, .. } = node(n);
    let field = p.fields.id(&field.text);
    let items = items.iter().map(|(at, n)| (*at - 1, p.fields.id(&n.text), n.text.clone())).collect();
    Ok(Step::Row(Box::new(SplitOp { field, delim: *delim, escape: *escape, quote: *quote, items })))
}

/// The runtime step: (column from 0, field, name) per item.
struct SplitOp {
    field: FieldId,
    delim: u8,
    escape: u8,
    quote: u8,
    items: Vec<(usize, FieldId, String)>,
}

impl RowOp for SplitOp {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let text = cx.env.reader.text(row, self.field);
        let cols = text.as_deref().map(|t| self.columns(t)).unwrap_or_default();
        for (at, id, _) in &self.items {
            row.set(*id, cols.get(*at).map_or(Value::Null, |s| Value::str(s)));
        }
        Flow::Keep
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.items.iter().map(|(_, id, name)| (*id, name.clone())).collect()
    }
}

impl SplitOp {
    /// The columns of the text's first line.
    fn columns(&self, text: &str) -> Vec<String> {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(self.delim)
            .quote(self.quote)
            .escape(Some(self.escape))
            .from_reader(text.as_bytes());
        let mut rec = csv::StringRecord::new();
        match r.read_record(&mut rec) {
            Ok(true) => rec.iter().map(str::to_string).collect(),
            _ => Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::SplitOp;

    fn cols(text: &str, delim: u8, escape: u8, quote: u8) -> Vec<String> {
        SplitOp { field: 0, delim, escape, quote, items: Vec::new() }.columns(text)
    }

    #[test]
    fn quotes_escapes_and_delimiters() {
        assert_eq!(cols(r#"a,"b,c",d"#, b',', b'\\', b'"'), ["a", "b,c", "d"]);
        assert_eq!(cols(r#"a,"say \"hi\"",""""#, b',', b'\\', b'"'), ["a", r#"say "hi""#, r#"""#]);
        assert_eq!(cols("x:'y:z':", b':', b'\\', b'\''), ["x", "y:z", ""]);
        assert_eq!(cols("a b  c", b' ', b'\\', b'"'), ["a", "b", "", "c"]);
        assert_eq!(cols("a,b\nc,d", b',', b'\\', b'"'), ["a", "b"]);
    }
}

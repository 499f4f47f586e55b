//! Parsers for the stages that extract and filter: parse, parse regex, json, where, fields,
//! lookup, and `expr as field`.

use super::ast::{LookupCol, Name, Op};
use super::cursor::Cursor;
use super::expr::expr;
use super::lex::Tok;
use super::parse::operator_names;
use crate::diag::Diagnostic;

/// `field=name` (spaces allowed around `=`), if present.
fn field_opt(c: &mut Cursor) -> Result<Option<Name>, Diagnostic> {
    if c.is_word("field") && matches!(c.peek_at(1), Tok::Sym("=")) {
        c.bump();
        c.bump();
        return Ok(Some(c.expect_name("a field name after `field=`")?));
    }
    Ok(None)
}

/// `parse field=x regex "..."`: the regex keyword comes after the field option.
pub fn regex_after_field(c: &Cursor) -> bool {
    c.is_word_at(4, "regex")
}

pub fn parse_anchor(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let field = field_opt(c)?;
    let mut patterns = Vec::new();
    let mut nodrop = false;
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
            names = c_names_until_pattern(c)?;
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
    if c.eat_word("nodrop") {
        nodrop = true;
    }
    c.expect_stage_end("parse")?;
    Ok(Op::Parse { field, patterns, nodrop })
}

/// Names after `as`, stopping before `, "next pattern"`.
fn c_names_until_pattern(c: &mut Cursor) -> Result<Vec<Name>, Diagnostic> {
    let mut v = vec![c.expect_name("a field name after `as`")?];
    while c.is_sym(",") && !matches!(c.peek_at(1), Tok::Str(_)) {
        c.bump();
        v.push(c.expect_name("a field name")?);
    }
    Ok(v)
}

pub fn parse_regex(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let mut field = None;
    let (mut nodrop, mut multi) = (false, false);
    let mut patterns = Vec::new();
    loop {
        if let Some(f) = field_opt(c)? {
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
    Ok(Op::ParseRegex { field, patterns, nodrop, multi })
}

pub fn json(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let mut field = None;
    let (mut nodrop, mut auto) = (false, false);
    let mut paths = Vec::new();
    let mut names = Vec::new();
    loop {
        if let Some(f) = field_opt(c)? {
            field = Some(f);
        } else if c.eat_word("auto") || c.eat_word("keys") || c.eat_word("refonly") || c.eat_word("extractarrays") {
            auto = true;
        } else if c.eat_word("maxdepth") {
            c.expect_usize("a depth after `maxdepth`")?;
        } else if c.eat_word("nodrop") {
            nodrop = true;
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
    Ok(Op::Json { field, paths, names, nodrop, auto })
}

pub fn where_(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    if c.at_stage_end() {
        return Err(c.unexpected("expected a condition after `where`"));
    }
    let e = expr(c)?;
    c.expect_stage_end("where")?;
    Ok(Op::Where(e))
}

pub fn fields(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let drop = c.eat_sym("-");
    let names = c.name_list("a field name")?;
    for (i, n) in names.iter().enumerate() {
        if names[..i].iter().any(|m| m.text.eq_ignore_ascii_case(&n.text)) {
            return Err(Diagnostic::at("E134", n.span.clone(), format!("`{}` is listed twice", n.text)));
        }
    }
    c.expect_stage_end("fields")?;
    Ok(Op::Fields { drop, names })
}

pub fn lookup(c: &mut Cursor) -> Result<Op, Diagnostic> {
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
    Ok(Op::Lookup { columns, all, source, on })
}

/// `expr as name`, or a bare call such as `num(x)` that converts its field in place.
pub fn eval(c: &mut Cursor) -> Result<Op, Diagnostic> {
    let e = expr(c)?;
    if c.eat_word("as") {
        let name = c.expect_name("a field name after `as`")?;
        c.expect_stage_end("as")?;
        return Ok(Op::Eval { expr: e, name: Some(name) });
    }
    if let super::ast::ExprKind::Field(n) = &e.kind {
        return Err(Diagnostic::at("E201", n.span.clone(), format!("unknown operator `{}`", n.text))
            .suggest(&n.text, operator_names()));
    }
    if !c.at_stage_end() {
        return Err(c.unexpected("expected `as` and a field name"));
    }
    Ok(Op::Eval { expr: e, name: None })
}

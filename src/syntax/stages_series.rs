//! Parsers for the time-series and table-shaping operators: timeslice, transpose, fillmissing,
//! total, accum, outlier, smooth, rollingstd, backshift, compare.

use super::ast::{FillGen, Name, Op, Opt, Timeshift, WindowKind};
use super::cursor::Cursor;
use super::expr::expr;
use super::lex::Tok;
use crate::diag::Diagnostic;

fn duration(c: &mut Cursor, what: &str) -> Result<(f64, String), Diagnostic> {
    match c.peek().clone() {
        Tok::Duration { ms, raw } => {
            c.bump();
            Ok((ms, raw))
        }
        _ => Err(c.unexpected(&format!("expected {what}, like `1h`, `15m` or `1d`"))),
    }
}

fn opt_alias(c: &mut Cursor) -> Result<Option<Name>, Diagnostic> {
    Ok(if c.eat_word("as") { Some(c.expect_name("a field name after `as`")?) } else { None })
}

pub fn timeslice(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    c.eat_word("by");
    let (mut width_ms, mut buckets) = (None, None);
    match c.peek().clone() {
        Tok::Duration { .. } => width_ms = Some(duration(c, "a width")?.0),
        Tok::Num(_) => {
            let n = c.expect_usize("a number of buckets")?;
            if !c.eat_word("buckets") {
                return Err(c.unexpected("expected `buckets` after the count, or a width with a unit such as `1h`"));
            }
            buckets = Some(n);
        }
        _ => {}
    }
    let alias = opt_alias(c)?;
    c.expect_stage_end("timeslice")?;
    Ok(Op::Timeslice { width_ms, buckets, alias })
}

pub fn transpose(c: &mut Cursor) -> Result<Op, Diagnostic> {
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
    Ok(Op::Transpose { row, column, names })
}

pub fn fillmissing(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let mut gens = Vec::new();
    loop {
        if c.eat_word("timeslice") {
            let mut width_ms = None;
            if c.eat_sym("(") {
                width_ms = Some(duration(c, "a width")?.0);
                c.expect_sym(")", "to close `timeslice(`")?;
            }
            let field = if c.eat_word("in") { Some(c.expect_name("a field")?) } else { None };
            gens.push(FillGen::Timeslice { width_ms, field });
        } else if c.eat_word("values") {
            let mut values = Vec::new();
            c.expect_sym("(", "after `values`: write `values(\"a\", \"b\") in field`")?;
            loop {
                values.push(c.expect_string("a value in quotes")?.0);
                if !c.eat_sym(",") {
                    break;
                }
            }
            c.expect_sym(")", "to close `values(`")?;
            if !c.eat_word("in") {
                return Err(c.unexpected("expected `in` and the field the values belong to"));
            }
            gens.push(FillGen::Values { values, field: c.expect_name("a field")? });
        } else {
            return Err(c.unexpected("expected `timeslice(...)` or `values(...) in field`"));
        }
        if !c.eat_sym(",") {
            break;
        }
    }
    c.eat_word("takelast");
    c.expect_stage_end("fillmissing")?;
    Ok(Op::Fillmissing { gens })
}

pub fn total(c: &mut Cursor) -> Result<Op, Diagnostic> {
    let running = c.is_word("accum");
    c.bump();
    let field = c.expect_name("a field to add up")?;
    let alias = opt_alias(c)?;
    let by = if c.eat_word("by") { c.name_list("a field to group by")? } else { Vec::new() };
    c.expect_stage_end(if running { "accum" } else { "total" })?;
    Ok(Op::Total { field, alias, by, running })
}

pub fn outlier(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let field = c.expect_name("a field")?;
    let mut by = Vec::new();
    let mut opts = Vec::new();
    loop {
        c.eat_sym(",");
        if c.eat_word("by") {
            by = c.name_list("a field to group by")?;
        } else if matches!(c.peek(), Tok::Ident { .. }) && matches!(c.peek_at(1), Tok::Sym("=")) {
            let name = c.expect_name("an option")?;
            c.bump();
            let value = if c.is_sym("+") || c.is_sym("-") {
                // direction=+- / + / -
                let start = c.span().start;
                let mut text = String::new();
                while let Tok::Sym(s @ ("+" | "-")) = c.peek().clone() {
                    text.push_str(s);
                    c.bump();
                }
                super::ast::Expr { kind: super::ast::ExprKind::Lit(text.into()), span: start..c.prev_end() }
            } else {
                expr(c)?
            };
            opts.push(Opt { name, value });
        } else {
            break;
        }
    }
    c.expect_stage_end("outlier")?;
    Ok(Op::Outlier { field, by, opts })
}

pub fn window(c: &mut Cursor) -> Result<Op, Diagnostic> {
    let kind = if c.is_word("smooth") {
        WindowKind::Smooth
    } else if c.is_word("rollingstd") {
        WindowKind::RollingStd
    } else {
        WindowKind::Backshift
    };
    c.bump();
    let field = c.expect_name("a field")?;
    let size = if c.eat_sym(",") { Some(c.expect_usize("a window size")?) } else { None };
    let alias = opt_alias(c)?;
    let by = if c.eat_word("by") { c.name_list("a field to group by")? } else { Vec::new() };
    c.expect_stage_end("window operator")?;
    Ok(Op::Window { kind, field, size, alias, by })
}

pub fn compare(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    c.eat_word("with");
    let mut shifts = Vec::new();
    loop {
        if !c.eat_word("timeshift") {
            return Err(c.unexpected("expected `timeshift`, like `compare with timeshift 1d`"));
        }
        let (shift_ms, raw) = duration(c, "a time shift")?;
        let count = if matches!(c.peek(), Tok::Num(_)) { Some(c.expect_usize("a number of periods")?) } else { None };
        let agg = if c.is_word("avg") || c.is_word("min") || c.is_word("max") {
            Some(c.expect_name("avg, min or max")?)
        } else {
            None
        };
        let alias = opt_alias(c)?;
        shifts.push(Timeshift { shift_ms, raw, count, agg, alias });
        if !c.eat_sym(",") {
            break;
        }
    }
    c.expect_stage_end("compare")?;
    Ok(Op::Compare { shifts })
}

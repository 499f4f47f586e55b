//! Parsers for aggregation and ordering: count ... by, sort, top, topk, limit, dedup, withtime.

use super::ast::{AggCall, Name, Op, SortKey};
use super::cursor::Cursor;
use super::expr::expr;
use super::lex::Tok;
use crate::diag::Diagnostic;

pub const AGGREGATES: &[&str] = &[
    "count",
    "count_distinct",
    "count_frequent",
    "sum",
    "avg",
    "min",
    "max",
    "pct",
    "percentile",
    "stddev",
    "median",
    "first",
    "last",
    "most_recent",
    "least_recent",
    "values",
];

pub fn is_aggregate(lower: &str) -> bool {
    AGGREGATES.contains(&lower)
}

/// `min(a, b)` / `max(a, b)` with two or more arguments are the expression functions.
pub fn two_arg_call(c: &Cursor) -> bool {
    if !matches!(c.peek_at(1), Tok::Sym("(")) {
        return false;
    }
    let mut depth = 0;
    for k in 1.. {
        match c.peek_at(k) {
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") => {
                depth -= 1;
                if depth == 0 {
                    return false;
                }
            }
            Tok::Sym(",") if depth == 1 => return true,
            Tok::Eof | Tok::Sym("|") => return false,
            _ => {}
        }
    }
    false
}

pub fn aggregate(c: &mut Cursor) -> Result<Op, Diagnostic> {
    let mut calls = vec![agg_call(c)?];
    let mut by = Vec::new();
    loop {
        if c.eat_word("by")
            || (c.eat_word("group") && {
                c.eat_word("by");
                true
            })
        {
            by = c.name_list("a field to group by")?;
            break;
        }
        if c.is_sym(",") && matches!(c.peek_at(1), Tok::Ident { name, .. } if is_aggregate(&name.to_ascii_lowercase()))
        {
            c.bump();
            calls.push(agg_call(c)?);
            continue;
        }
        if let Tok::Ident { .. } = c.peek() {
            // `count _timeslice, user`: count takes its groups without `by`.
            by = c.name_list("a field to group by")?;
            if c.eat_word("by") {
                by.extend(c.name_list("a field to group by")?);
            }
        }
        break;
    }
    c.expect_stage_end("aggregation")?;
    Ok(Op::Aggregate { calls, by })
}

fn agg_call(c: &mut Cursor) -> Result<AggCall, Diagnostic> {
    let func = c.expect_name("an aggregate function")?;
    let mut args = Vec::new();
    if c.eat_sym("(") {
        if !c.is_sym(")") {
            args.push(expr(c)?);
            while c.eat_sym(",") {
                args.push(expr(c)?);
            }
        }
        c.expect_sym(")", &format!("to close `{}(`", func.text))?;
    }
    let alias = if c.eat_word("as") { Some(c.expect_name("a field name after `as`")?) } else { None };
    Ok(AggCall { func, args, alias })
}

pub fn sort(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    c.eat_word("by");
    let mut keys = Vec::new();
    loop {
        let mut descending = true;
        if c.eat_sym("+") {
            descending = false;
        } else if c.eat_sym("-") {
            descending = true;
        }
        let e = expr(c)?;
        if c.eat_word("asc") {
            descending = false;
        } else if c.eat_word("desc") {
            descending = true;
        }
        keys.push(SortKey { expr: e, descending });
        if !c.eat_sym(",") {
            break;
        }
    }
    c.expect_stage_end("sort")?;
    Ok(Op::Sort { keys })
}

pub fn top(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let n = c.expect_usize("how many rows, like `top 10 user`")?;
    let fields = c.name_list("a field")?;
    let by = if c.eat_word("by") { Some(c.expect_name("a field to rank by")?) } else { None };
    c.expect_stage_end("top")?;
    Ok(Op::Top { n, fields, by })
}

pub fn topk(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    c.expect_sym("(", "after `topk`: write `topk(10, _count)`")?;
    let n = c.expect_usize("how many rows")?;
    c.expect_sym(",", "after the number of rows")?;
    let fields = c.name_list("a field to rank by")?;
    c.expect_sym(")", "to close `topk(`")?;
    let by = if c.eat_word("by") { c.name_list("a field to group by")? } else { Vec::new() };
    c.expect_stage_end("topk")?;
    Ok(Op::Topk { n, fields, by })
}

pub fn limit(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let n = c.expect_usize("how many rows, like `limit 10`")?;
    c.expect_stage_end("limit")?;
    Ok(Op::Limit { n })
}

pub fn dedup(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let consecutive = c.eat_word("consecutive");
    let n = if matches!(c.peek(), Tok::Num(_)) { c.expect_usize("a count")? } else { 1 };
    let by = if c.eat_word("by") { c.name_list("a field")? } else { Vec::new() };
    c.expect_stage_end("dedup")?;
    Ok(Op::Dedup { consecutive, n, by })
}

pub fn withtime(c: &mut Cursor) -> Result<Op, Diagnostic> {
    c.bump();
    let field = c.expect_name("a field")?;
    let alias: Option<Name> = if c.eat_word("as") { Some(c.expect_name("a field name")?) } else { None };
    c.expect_stage_end("withtime")?;
    Ok(Op::Withtime { field, alias })
}

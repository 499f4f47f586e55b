//! Child queries (`filter ... in (...)`, `transactionize ... (...)`): their steps run over a
//! table the parent hands them, as the driver runs the steps after the first table operator.

use crate::diag::Diagnostic;
use crate::exec::cx::Cx;
use crate::exec::table::Table;
use crate::ops::aggregate::Groups;
use crate::ops::{Flow, Step};
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::{Tok, Token};

/// Runs a child query's steps over `table`.
pub(super) fn run_child(steps: &[Step], mut table: Table, cx: &mut Cx) -> Result<Table, Diagnostic> {
    let nfields = cx.env.reader.fields.len();
    for step in steps {
        table = match step {
            Step::Row(op) => {
                for (id, name) in op.outputs() {
                    table.add_col(id, &name);
                }
                let mut rows = Vec::with_capacity(table.rows.len());
                let mut todo: Vec<_> = std::mem::take(&mut table.rows).into_iter().rev().collect();
                while let Some(mut row) = todo.pop() {
                    match op.apply(&mut row, cx) {
                        Flow::Keep => rows.push(row),
                        Flow::Drop => {}
                        Flow::Many(more) => rows.extend(more),
                    }
                }
                table.rows = rows;
                table
            }
            Step::Table(op) => op.apply(table, cx)?,
            Step::Aggregate(agg) => {
                let mut groups = Groups::default();
                for r in &table.rows {
                    agg.feed(&mut groups, r, cx);
                }
                agg.finish(groups, nfields)
            }
            Step::Compare(_) | Step::LogCompare(_) => {
                unreachable!("planning refuses `compare` and `logcompare` in a child query")
            }
        };
    }
    Ok(table)
}

/// The tokens from the cursor to the `)` that closes an already eaten `(`, with an end token
/// of their own (at the `)`), for a cursor of the child query; the cursor moves past the `)`.
/// `None` when the `(` is never closed.
pub(super) fn tokens_to_close(c: &mut Cursor) -> Option<Vec<Token>> {
    let start = c.i;
    let mut depth = 0usize;
    loop {
        match c.peek() {
            Tok::Eof => return None,
            Tok::Sym("(") => depth += 1,
            Tok::Sym(")") if depth == 0 => break,
            Tok::Sym(")") => depth -= 1,
            _ => {}
        }
        c.bump();
    }
    let close = c.span();
    let mut toks: Vec<Token> = c.toks[start..c.i].to_vec();
    toks.push(Token { tok: Tok::Eof, span: close });
    c.bump();
    Some(toks)
}

//! Child queries in parentheses (`filter ... in (...)`, `transactionize ... (...)`): the tokens
//! of one, read off the parent's stage (they run with `ops::child::run`).

use crate::syntax::cursor::Cursor;
use crate::syntax::lex::{Tok, Token};

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

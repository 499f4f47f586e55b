//! The parser: query text to [`Query`]. The scope goes to `search.rs`, each stage to the parser
//! the [`Grammar`] names for its first word (the operator registry, `plan::operators`).

use super::ast::{Query, Stage};
use super::cursor::Cursor;
use super::lex::{self, Tok};
use super::node::{Grammar, Node};
use super::search::{parse_scope, scope_end};
use crate::diag::Diagnostic;

/// Longest query Sumo Logic accepts; longer text is refused before any work.
pub const MAX_QUERY_LEN: usize = 15_000 * 4;

/// Parses a whole query (template variables must already be substituted) with the operators
/// `grammar` knows (`plan::parse_query` passes the registry).
pub fn parse_query(src: &str, grammar: &dyn Grammar) -> Result<Query, Diagnostic> {
    if src.len() > MAX_QUERY_LEN {
        return Err(Diagnostic::at(
            "E100",
            0..0,
            format!("the query is {} bytes long; the limit is {MAX_QUERY_LEN}", src.len()),
        ));
    }
    let end = scope_end(src);
    let scope = parse_scope(src, end)?;
    let mut stages = Vec::new();
    if end < src.len() {
        let mut c = Cursor { toks: lex::lex(src, end)?, i: 0, src: src.into() };
        while c.eat_sym("|") {
            stages.push(one_stage(&mut c, grammar)?);
        }
        if !matches!(c.peek(), Tok::Eof) {
            return Err(c.unexpected("expected `|`"));
        }
    }
    Ok(Query { scope, stages })
}

/// Parses `stage | stage ...` to the end of the cursor's tokens: a child query with no scope,
/// as `filter field in (...)` holds (its parser gives a cursor over the tokens inside the
/// parentheses).
pub fn pipeline(c: &mut Cursor, grammar: &dyn Grammar) -> Result<Vec<Stage>, Diagnostic> {
    let mut stages = vec![one_stage(c, grammar)?];
    while c.eat_sym("|") {
        stages.push(one_stage(c, grammar)?);
    }
    if !matches!(c.peek(), Tok::Eof) {
        return Err(c.unexpected("expected `|`"));
    }
    Ok(stages)
}

/// One stage, from its first word to the `|` or the end that follows it.
fn one_stage(c: &mut Cursor, grammar: &dyn Grammar) -> Result<Stage, Diagnostic> {
    if c.at_stage_end() {
        return Err(
            Diagnostic::at("E123", c.span(), "empty stage: nothing between two `|`").hint("remove the extra `|`")
        );
    }
    let start = c.span().start;
    let op = stage(c, grammar)?;
    let st = Stage { op, span: start..c.prev_end() };
    if !c.at_stage_end() {
        return Err(c.unexpected("expected `|` or the end of the query"));
    }
    Ok(st)
}

fn stage(c: &mut Cursor, grammar: &dyn Grammar) -> Result<Box<dyn Node>, Diagnostic> {
    let Tok::Ident { name, quoted: false } = c.peek().clone() else {
        return (grammar.expression())(c);
    };
    let lower = name.to_ascii_lowercase();
    if let Some(parse) = grammar.operator(&lower) {
        return parse(c);
    }
    if let Some(why) = grammar.unsupported(&lower) {
        return Err(Diagnostic::at("U001", c.span(), format!("unsupported: the `{lower}` operator: {why}")));
    }
    if matches!(c.peek_at(1), Tok::Sym("(")) || !matches!(c.peek_at(1), Tok::Eof | Tok::Sym("|")) {
        return (grammar.expression())(c);
    }
    // A lone word that is not an operator: most likely a misspelled one.
    Err(Diagnostic::at("E201", c.span(), format!("unknown operator `{name}`")).suggest(&name, grammar.words()))
}

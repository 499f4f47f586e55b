//! Expressions (`where`, `if`, `expr as f`) by precedence climbing:
//! `? :` < `or` < `and` < `not` < comparisons, `in`, `matches`, `contains` < `+ -` < `* / %` < unary.

use super::ast::{BinOp, Expr, ExprKind, Name};
use super::cursor::Cursor;
use super::lex::Tok;
use crate::diag::{Diagnostic, Span};
use crate::nesting::{too_deep, MAX_NESTING};
use crate::value::Value;

/// The words an expression's syntax uses (lower case): every word this parser asks the cursor
/// about (`tests/operators.rs` checks it), for the editor's highlighting and completion.
pub const KEYWORDS: &[&str] = &["and", "or", "not", "in", "matches", "contains"];

pub fn expr(c: &mut Cursor) -> Result<Expr, Diagnostic> {
    Parser { c, depth: 0 }.ternary()
}

/// Two caps keep every later walk over the tree shallow: `depth` counts the parser's own
/// recursion (`(`, calls, `not`, `-`, `?`, `in`), and every node built is checked for height,
/// since a chain such as `1+1+1...` builds a deep tree without recursing.
struct Parser<'a> {
    c: &'a mut Cursor,
    depth: usize,
}

/// A node, unless it makes the tree too deep; `at` is the token that added the level.
/// Precedences, loosest first; a prefix `not` binds looser than comparisons.
const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
const UNARY: u8 = 7;

fn mk(kind: ExprKind, start: usize, end: usize, at: Span) -> Result<Expr, Diagnostic> {
    let e = Expr { kind, span: start..end };
    if e.height() > MAX_NESTING {
        return Err(too_deep(at, "the expression"));
    }
    Ok(e)
}

fn bin(op: BinOp, l: Expr, r: Expr, at: Span) -> Result<Expr, Diagnostic> {
    let (start, end) = (l.span.start, r.span.end);
    mk(ExprKind::Binary { op, left: Box::new(l), right: Box::new(r) }, start, end, at)
}

impl Parser<'_> {
    fn ternary(&mut self) -> Result<Expr, Diagnostic> {
        let cond = self.binary(OR)?;
        if !self.c.is_sym("?") {
            return Ok(cond);
        }
        let q = self.c.bump().span;
        self.enter(q.clone())?;
        let then = self.ternary()?;
        self.c.expect_sym(":", "between the two branches of `? :`")?;
        let other = self.ternary()?;
        self.depth -= 1;
        let (start, end) = (cond.span.start, other.span.end);
        let kind = ExprKind::Ternary { cond: Box::new(cond), then: Box::new(then), other: Box::new(other) };
        mk(kind, start, end, q)
    }

    /// Binary operators by precedence climbing: one call per level of nesting rather than one
    /// per precedence level, which keeps the stack a nested `(` costs small.
    fn binary(&mut self, min: u8) -> Result<Expr, Diagnostic> {
        let negation = (min <= NOT && self.c.is_word("not")) || self.c.is_sym("!");
        let mut l = self.prefix(min)?;
        // The loosest operator applied so far: a comparison may only follow arithmetic, so
        // `a = b = c` and `not a = b = c` stop before the second `=`.
        let mut last = if negation { NOT } else { UNARY + 1 };
        while let Some((op, prec)) = self.infix() {
            if prec < min || (prec == CMP && last <= CMP) {
                break;
            }
            last = last.min(prec);
            if prec == CMP {
                l = self.comparison(l)?;
                continue;
            }
            let at = self.c.bump().span;
            let r = self.binary(prec + 1)?;
            l = bin(op, l, r, at)?;
        }
        Ok(l)
    }

    /// The binary operator at the cursor and its precedence (comparisons all share `CMP`).
    fn infix(&self) -> Option<(BinOp, u8)> {
        let c = &self.c;
        Some(match c.peek() {
            _ if c.is_word("or") || c.is_sym("||") => (BinOp::Or, OR),
            _ if c.is_word("and") || c.is_sym("&&") => (BinOp::And, AND),
            Tok::Sym("=" | "==") => (BinOp::Eq, CMP),
            Tok::Sym("!=" | "<>") => (BinOp::Ne, CMP),
            Tok::Sym("<") => (BinOp::Lt, CMP),
            Tok::Sym("<=") => (BinOp::Le, CMP),
            Tok::Sym(">") => (BinOp::Gt, CMP),
            Tok::Sym(">=") => (BinOp::Ge, CMP),
            _ if c.is_word("contains") || c.is_word("in") || c.is_word("matches") => (BinOp::Contains, CMP),
            _ if c.is_word("not")
                && (c.is_word_at(1, "in") || c.is_word_at(1, "matches") || c.is_word_at(1, "contains")) =>
            {
                (BinOp::Contains, CMP)
            }
            Tok::Sym("+") => (BinOp::Add, ADD),
            Tok::Sym("-") => (BinOp::Sub, ADD),
            Tok::Sym("*") => (BinOp::Mul, MUL),
            Tok::Sym("/") => (BinOp::Div, MUL),
            Tok::Sym("%") => (BinOp::Rem, MUL),
            _ => return None,
        })
    }

    /// `not x` / `!x` (its operand a comparison or tighter; the word only where `and` could
    /// stand), `-x`, or a primary.
    fn prefix(&mut self, min: u8) -> Result<Expr, Diagnostic> {
        if (min <= NOT && self.c.is_word("not")) || self.c.is_sym("!") {
            let at = self.c.bump().span;
            self.enter(at.clone())?;
            let e = self.binary(NOT)?;
            self.depth -= 1;
            let end = e.span.end;
            return mk(ExprKind::Not(Box::new(e)), at.start, end, at);
        }
        if self.c.is_sym("-") {
            let at = self.c.bump().span;
            self.enter(at.clone())?;
            let e = self.prefix(UNARY)?;
            self.depth -= 1;
            let end = e.span.end;
            return mk(ExprKind::Neg(Box::new(e)), at.start, end, at);
        }
        self.primary()
    }

    /// The comparison after `l`: `= != < <= > >= contains in matches`, maybe negated by `not`.
    fn comparison(&mut self, l: Expr) -> Result<Expr, Diagnostic> {
        let not_at = if self.c.is_word("not") { Some(self.c.bump().span) } else { None };
        let negated = not_at.is_some();
        let op = match self.c.peek() {
            Tok::Sym("=" | "==") => BinOp::Eq,
            Tok::Sym("!=" | "<>") => BinOp::Ne,
            Tok::Sym("<") => BinOp::Lt,
            Tok::Sym("<=") => BinOp::Le,
            Tok::Sym(">") => BinOp::Gt,
            Tok::Sym(">=") => BinOp::Ge,
            _ if self.c.is_word("in") => return self.in_list(l, negated),
            _ if self.c.is_word("matches") => {
                let at = self.c.bump().span;
                let p = self.binary(ADD)?;
                let (start, end) = (l.span.start, p.span.end);
                return mk(ExprKind::Matches { expr: Box::new(l), pattern: Box::new(p), negated }, start, end, at);
            }
            _ => BinOp::Contains,
        };
        let at = self.c.bump().span;
        let r = self.binary(ADD)?;
        let e = bin(op, l, r, at)?;
        match not_at {
            Some(at) => {
                let (start, end) = (e.span.start, e.span.end);
                mk(ExprKind::Not(Box::new(e)), start, end, at)
            }
            None => Ok(e),
        }
    }

    fn in_list(&mut self, l: Expr, negated: bool) -> Result<Expr, Diagnostic> {
        let at = self.c.bump().span;
        self.c.expect_sym("(", "after `in`: write `in (\"a\", \"b\")`")?;
        self.enter(at.clone())?;
        let mut list = Vec::new();
        if !self.c.is_sym(")") {
            list.push(self.ternary()?);
            while self.c.eat_sym(",") {
                list.push(self.ternary()?);
            }
        }
        self.depth -= 1;
        let end = self.c.expect_sym(")", "to close the `in` list")?.end;
        let start = l.span.start;
        mk(ExprKind::In { expr: Box::new(l), list, negated }, start, end, at)
    }

    /// One more level of recursion, opened by the token at `at`, unless that is too deep.
    fn enter(&mut self, at: Span) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(too_deep(at, "the expression"));
        }
        Ok(())
    }

    fn primary(&mut self) -> Result<Expr, Diagnostic> {
        let span = self.c.span();
        let lit = |v: Value| Ok(Expr { kind: ExprKind::Lit(v), span: span.clone() });
        match self.c.peek().clone() {
            Tok::Num(n) => {
                self.c.bump();
                lit(Value::Num(n))
            }
            Tok::Duration { ms, .. } => {
                self.c.bump();
                lit(Value::Num(ms))
            }
            Tok::Str(s) => {
                self.c.bump();
                lit(Value::from(s))
            }
            // `sumo://threat/cs`, `path://"/Library/..."`: a table's path (`lookupContains`).
            Tok::Path(p) => {
                self.c.bump();
                lit(Value::from(p))
            }
            Tok::Regex(r) => {
                self.c.bump();
                Ok(Expr { kind: ExprKind::Regex(r), span })
            }
            Tok::Sym("(") => {
                self.c.bump();
                self.enter(span.start..span.start + 1)?;
                let mut e = self.ternary()?;
                self.depth -= 1;
                if !self.c.is_sym(")") {
                    let found = self.c.unexpected("expected `)`");
                    return Err(Diagnostic::at("E124", span.start..span.start + 1, "this `(` is never closed")
                        .label(found.primary_span().unwrap_or(span.clone()), found.message)
                        .hint("add `)` where the group ends"));
                }
                let end = self.c.bump().span.end;
                e.span = span.start..end;
                Ok(e)
            }
            Tok::Ident { name, quoted } => {
                self.c.bump();
                if !quoted && self.c.is_sym("(") {
                    return self.call(Name { text: name, span });
                }
                if !quoted && (name.eq_ignore_ascii_case("true") || name.eq_ignore_ascii_case("false")) {
                    return lit(Value::Bool(name.eq_ignore_ascii_case("true")));
                }
                if !quoted && name.eq_ignore_ascii_case("null") {
                    return lit(Value::Null);
                }
                Ok(Expr { kind: ExprKind::Field(Name { text: name, span: span.clone() }), span })
            }
            Tok::Subquery(sub) => {
                self.c.bump();
                Ok(Expr { kind: ExprKind::Subquery(sub), span })
            }
            _ => Err(self.c.unexpected("expected a value, field or function")),
        }
    }

    fn call(&mut self, name: Name) -> Result<Expr, Diagnostic> {
        let open = self.c.bump().span;
        self.enter(open.clone())?;
        let mut args = Vec::new();
        if !self.c.is_sym(")") {
            args.push(self.ternary()?);
            while self.c.eat_sym(",") {
                args.push(self.ternary()?);
            }
        }
        self.depth -= 1;
        if !self.c.is_sym(")") {
            return Err(self
                .c
                .unexpected(&format!("expected `,` or `)` in the arguments of `{}`", name.text))
                .label(open, "the call opens here"));
        }
        let end = self.c.bump().span.end;
        let start = name.span.start;
        mk(ExprKind::Call { name, args }, start, end, open)
    }
}

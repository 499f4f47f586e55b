//! Expressions (`where`, `if`, `expr as f`) by precedence climbing:
//! `? :` < `or` < `and` < `not` < comparisons, `in`, `matches`, `contains` < `+ -` < `* / %` < unary.

use super::ast::{BinOp, Expr, ExprKind, Name};
use super::cursor::Cursor;
use super::lex::Tok;
use crate::diag::Diagnostic;
use crate::exec::value::Value;

/// Nesting limit: deeper expressions are refused instead of overflowing the stack.
const MAX_DEPTH: usize = 64;

pub fn expr(c: &mut Cursor) -> Result<Expr, Diagnostic> {
    Parser { c, depth: 0 }.ternary()
}

struct Parser<'a> {
    c: &'a mut Cursor,
    depth: usize,
}

fn mk(kind: ExprKind, start: usize, end: usize) -> Expr {
    Expr { kind, span: start..end }
}

fn bin(op: BinOp, l: Expr, r: Expr) -> Expr {
    let span = l.span.start..r.span.end;
    Expr { kind: ExprKind::Binary { op, left: Box::new(l), right: Box::new(r) }, span }
}

impl Parser<'_> {
    fn ternary(&mut self) -> Result<Expr, Diagnostic> {
        let cond = self.or()?;
        if !self.c.eat_sym("?") {
            return Ok(cond);
        }
        let then = self.ternary()?;
        self.c.expect_sym(":", "between the two branches of `? :`")?;
        let other = self.ternary()?;
        let span = cond.span.start..other.span.end;
        Ok(Expr {
            kind: ExprKind::Ternary { cond: Box::new(cond), then: Box::new(then), other: Box::new(other) },
            span,
        })
    }

    fn or(&mut self) -> Result<Expr, Diagnostic> {
        let mut l = self.and()?;
        while self.c.is_word("or") || self.c.is_sym("||") {
            self.c.bump();
            let r = self.and()?;
            l = bin(BinOp::Or, l, r);
        }
        Ok(l)
    }

    fn and(&mut self) -> Result<Expr, Diagnostic> {
        let mut l = self.not()?;
        while self.c.is_word("and") || self.c.is_sym("&&") {
            self.c.bump();
            let r = self.not()?;
            l = bin(BinOp::And, l, r);
        }
        Ok(l)
    }

    fn not(&mut self) -> Result<Expr, Diagnostic> {
        if self.c.is_word("not") || self.c.is_sym("!") {
            let start = self.c.bump().span.start;
            self.enter()?;
            let e = self.not()?;
            self.depth -= 1;
            let end = e.span.end;
            return Ok(mk(ExprKind::Not(Box::new(e)), start, end));
        }
        self.comparison()
    }

    fn comparison(&mut self) -> Result<Expr, Diagnostic> {
        let l = self.additive()?;
        let negated = self.c.is_word("not")
            && (self.c.is_word_at(1, "in") || self.c.is_word_at(1, "matches") || self.c.is_word_at(1, "contains"));
        if negated {
            self.c.bump();
        }
        let op = match self.c.peek() {
            Tok::Sym("=" | "==") => BinOp::Eq,
            Tok::Sym("!=" | "<>") => BinOp::Ne,
            Tok::Sym("<") => BinOp::Lt,
            Tok::Sym("<=") => BinOp::Le,
            Tok::Sym(">") => BinOp::Gt,
            Tok::Sym(">=") => BinOp::Ge,
            _ if self.c.is_word("contains") => BinOp::Contains,
            _ if self.c.is_word("in") => return self.in_list(l, negated),
            _ if self.c.is_word("matches") => {
                self.c.bump();
                let p = self.additive()?;
                let span = l.span.start..p.span.end;
                return Ok(Expr { kind: ExprKind::Matches { expr: Box::new(l), pattern: Box::new(p), negated }, span });
            }
            _ => return Ok(l),
        };
        self.c.bump();
        let r = self.additive()?;
        let e = bin(op, l, r);
        Ok(if negated { Expr { span: e.span.clone(), kind: ExprKind::Not(Box::new(e)) } } else { e })
    }

    fn in_list(&mut self, l: Expr, negated: bool) -> Result<Expr, Diagnostic> {
        self.c.bump();
        self.c.expect_sym("(", "after `in`: write `in (\"a\", \"b\")`")?;
        let mut list = Vec::new();
        if !self.c.is_sym(")") {
            list.push(self.ternary()?);
            while self.c.eat_sym(",") {
                list.push(self.ternary()?);
            }
        }
        let end = self.c.expect_sym(")", "to close the `in` list")?.end;
        let start = l.span.start;
        Ok(mk(ExprKind::In { expr: Box::new(l), list, negated }, start, end))
    }

    fn additive(&mut self) -> Result<Expr, Diagnostic> {
        let mut l = self.multiplicative()?;
        loop {
            let op = match self.c.peek() {
                Tok::Sym("+") => BinOp::Add,
                Tok::Sym("-") => BinOp::Sub,
                _ => return Ok(l),
            };
            self.c.bump();
            let r = self.multiplicative()?;
            l = bin(op, l, r);
        }
    }

    fn multiplicative(&mut self) -> Result<Expr, Diagnostic> {
        let mut l = self.unary()?;
        loop {
            let op = match self.c.peek() {
                Tok::Sym("*") => BinOp::Mul,
                Tok::Sym("/") => BinOp::Div,
                Tok::Sym("%") => BinOp::Rem,
                _ => return Ok(l),
            };
            self.c.bump();
            let r = self.unary()?;
            l = bin(op, l, r);
        }
    }

    fn unary(&mut self) -> Result<Expr, Diagnostic> {
        if self.c.is_sym("-") {
            let start = self.c.bump().span.start;
            self.enter()?;
            let e = self.unary()?;
            self.depth -= 1;
            let end = e.span.end;
            return Ok(mk(ExprKind::Neg(Box::new(e)), start, end));
        }
        if self.c.is_sym("!") {
            return self.not();
        }
        self.primary()
    }

    fn enter(&mut self) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(Diagnostic::at(
                "E122",
                self.c.span(),
                format!("expression nested more than {MAX_DEPTH} levels deep"),
            ));
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
            Tok::Regex(r) => {
                self.c.bump();
                Ok(Expr { kind: ExprKind::Regex(r), span })
            }
            Tok::Sym("(") => {
                self.c.bump();
                self.enter()?;
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
            Tok::Sym("[") if matches!(self.c.peek_at(1), Tok::Ident { name, .. } if name.eq_ignore_ascii_case("subquery")) => {
                Err(Diagnostic::at(
                    "U004",
                    span,
                    "unsupported: subqueries (`[subquery: ...]`) are not implemented in Trailscope",
                ))
            }
            _ => Err(self.c.unexpected("expected a value, field or function")),
        }
    }

    fn call(&mut self, name: Name) -> Result<Expr, Diagnostic> {
        let open = self.c.bump().span;
        self.enter()?;
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
        Ok(mk(ExprKind::Call { name, args }, start, end))
    }
}

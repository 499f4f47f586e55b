//! A cursor over tokens with the small helpers every parsing function needs.

use super::ast::Name;
use super::lex::{Tok, Token};
use crate::diag::{Diagnostic, Span};

pub struct Cursor {
    pub toks: Vec<Token>,
    pub i: usize,
    /// The query text the tokens' spans point into (a child query's keywords are read from it).
    pub src: std::sync::Arc<str>,
}

impl Cursor {
    pub fn peek(&self) -> &Tok {
        &self.toks[self.i.min(self.toks.len() - 1)].tok
    }

    pub fn peek_at(&self, k: usize) -> &Tok {
        &self.toks[(self.i + k).min(self.toks.len() - 1)].tok
    }

    pub fn span(&self) -> Span {
        self.toks[self.i.min(self.toks.len() - 1)].span.clone()
    }

    pub fn prev_end(&self) -> usize {
        if self.i == 0 {
            0
        } else {
            self.toks[self.i - 1].span.end
        }
    }

    pub fn bump(&mut self) -> Token {
        let t = self.toks[self.i.min(self.toks.len() - 1)].clone();
        if self.i < self.toks.len() - 1 {
            self.i += 1;
        }
        t
    }

    /// True when the current token is the bare word `kw` (any case).
    pub fn is_word(&self, kw: &str) -> bool {
        matches!(self.peek(), Tok::Ident { name, quoted: false } if name.eq_ignore_ascii_case(kw))
    }

    pub fn is_word_at(&self, k: usize, kw: &str) -> bool {
        matches!(self.peek_at(k), Tok::Ident { name, quoted: false } if name.eq_ignore_ascii_case(kw))
    }

    pub fn eat_word(&mut self, kw: &str) -> bool {
        let yes = self.is_word(kw);
        if yes {
            self.bump();
        }
        yes
    }

    pub fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Sym(x) if *x == s)
    }

    pub fn eat_sym(&mut self, s: &str) -> bool {
        let yes = self.is_sym(s);
        if yes {
            self.bump();
        }
        yes
    }

    /// End of the current stage: `|` or the end of the query.
    pub fn at_stage_end(&self) -> bool {
        matches!(self.peek(), Tok::Eof | Tok::Sym("|"))
    }

    pub fn expect_sym(&mut self, s: &str, what: &str) -> Result<Span, Diagnostic> {
        if self.is_sym(s) {
            return Ok(self.bump().span);
        }
        Err(self.unexpected(&format!("expected `{s}` {what}")))
    }

    pub fn expect_name(&mut self, what: &str) -> Result<Name, Diagnostic> {
        match self.peek().clone() {
            Tok::Ident { name, .. } => {
                let span = self.bump().span;
                Ok(Name { text: name, span })
            }
            _ => Err(self.unexpected(&format!("expected {what}"))),
        }
    }

    /// `a, b, c` (at least one name).
    pub fn name_list(&mut self, what: &str) -> Result<Vec<Name>, Diagnostic> {
        let mut v = vec![self.expect_name(what)?];
        while self.eat_sym(",") {
            v.push(self.expect_name(what)?);
        }
        Ok(v)
    }

    pub fn expect_usize(&mut self, what: &str) -> Result<usize, Diagnostic> {
        match *self.peek() {
            Tok::Num(n) if n >= 0.0 && n.fract() == 0.0 => {
                self.bump();
                Ok(n as usize)
            }
            _ => Err(self.unexpected(&format!("expected {what}"))),
        }
    }

    pub fn expect_string(&mut self, what: &str) -> Result<(String, Span), Diagnostic> {
        match self.peek().clone() {
            Tok::Str(s) => Ok((s, self.bump().span)),
            _ => Err(self.unexpected(&format!("expected {what}"))),
        }
    }

    /// `field=name` (spaces allowed around `=`), if present.
    pub fn field_opt(&mut self) -> Result<Option<Name>, Diagnostic> {
        if self.is_word("field") && matches!(self.peek_at(1), Tok::Sym("=")) {
            self.bump();
            self.bump();
            return Ok(Some(self.expect_name("a field name after `field=`")?));
        }
        Ok(None)
    }

    /// `as name`, if present.
    pub fn opt_alias(&mut self) -> Result<Option<Name>, Diagnostic> {
        Ok(if self.eat_word("as") { Some(self.expect_name("a field name after `as`")?) } else { None })
    }

    /// `by a, b`, or nothing.
    pub fn opt_by(&mut self, what: &str) -> Result<Vec<Name>, Diagnostic> {
        Ok(if self.eat_word("by") { self.name_list(what)? } else { Vec::new() })
    }

    /// A duration such as `1h`: its milliseconds and its text.
    pub fn duration(&mut self, what: &str) -> Result<(f64, String), Diagnostic> {
        match self.peek().clone() {
            Tok::Duration { ms, raw } => {
                self.bump();
                Ok((ms, raw))
            }
            _ => Err(self.unexpected(&format!("expected {what}, like `1h`, `15m` or `1d`"))),
        }
    }

    /// An error at the current token that says what was found instead.
    pub fn unexpected(&self, expected: &str) -> Diagnostic {
        let found = describe(self.peek());
        Diagnostic::at("E120", self.span(), format!("{expected}, found {found}"))
    }

    /// Requires the stage to end here.
    pub fn expect_stage_end(&self, op: &str) -> Result<(), Diagnostic> {
        if self.at_stage_end() {
            return Ok(());
        }
        Err(Diagnostic::at("E121", self.span(), format!("unexpected {} in `{op}`", describe(self.peek())))
            .hint("each operator starts after a `|`"))
    }
}

pub fn describe(t: &Tok) -> String {
    match t {
        Tok::Ident { name, .. } => format!("`{name}`"),
        Tok::Str(s) => format!("the string \"{s}\""),
        Tok::Num(n) => format!("the number {n}"),
        Tok::Duration { raw, .. } => format!("`{raw}`"),
        Tok::Regex(r) => format!("the regex /{r}/"),
        Tok::Path(p) => format!("`{p}`"),
        Tok::Sym(s) => format!("`{s}`"),
        Tok::Subquery(_) => "a subquery".to_string(),
        Tok::Eof => "the end of the query".to_string(),
    }
}

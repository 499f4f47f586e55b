//! Lexer for the pipeline part of a query (everything after the first `|`).

use crate::diag::{Diagnostic, Span};

#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A field, operator or function name; `%"..."` and `%name` give `quoted = true`.
    Ident {
        name: String,
        quoted: bool,
    },
    /// A double-quoted string with its escapes resolved (`\"` -> `"`, `\\` -> `\`).
    Str(String),
    /// A number with any size suffix applied (`5k` -> 5000).
    Num(f64),
    /// A duration literal in milliseconds (`1h` -> 3600000); `raw` keeps the text (`1h`).
    Duration {
        ms: f64,
        raw: String,
    },
    /// `/.../` after `matches`, `(` or `,`: the pattern text between the slashes.
    Regex(String),
    /// `geo://location`, `/shared/x/y`, `https://...`: the source of a lookup.
    Path(String),
    /// `[subquery: ... | compose ...]`, one token: its child is a query of its own.
    Subquery(super::ast::Subquery),
    /// Punctuation and operators: `( ) , = == != <> < > <= >= + - * / % ! && || ? : [ ] |`.
    Sym(&'static str),
    Eof,
}

#[derive(Clone, Debug)]
pub struct Token {
    pub tok: Tok,
    pub span: Span,
}

const SYMS: &[&str] = &[
    "==", "!=", "<>", "<=", ">=", "&&", "||", "(", ")", ",", "=", "<", ">", "+", "-", "*", "/", "%", "!", "?", ":",
    "[", "]", "|", "{", "}", ";",
];

/// Turns `src[start..]` into tokens; comments and whitespace are skipped.
pub fn lex(src: &str, start: usize) -> Result<Vec<Token>, Diagnostic> {
    let mut lx = Lexer { src, b: src.as_bytes(), i: start, out: Vec::new() };
    lx.run()?;
    Ok(lx.out)
}

struct Lexer<'a> {
    src: &'a str,
    b: &'a [u8],
    i: usize,
    out: Vec<Token>,
}

impl<'a> Lexer<'a> {
    /// The character of a `'c'` literal starting here, if one does.
    fn char_literal(&self, c: u8) -> Option<char> {
        if c != b'\'' {
            return None;
        }
        let ch = self.src[self.i + 1..].chars().next()?;
        (self.b.get(self.i + 1 + ch.len_utf8()) == Some(&b'\'')).then_some(ch)
    }

    fn run(&mut self) -> Result<(), Diagnostic> {
        loop {
            self.skip_space_and_comments()?;
            let start = self.i;
            let Some(&c) = self.b.get(self.i) else { break };
            let tok = if c == b'"' {
                Tok::Str(self.string()?)
            } else if c == b'%' && matches!(self.b.get(self.i + 1), Some(b'"')) {
                self.i += 1;
                Tok::Ident { name: self.string()?, quoted: true }
            } else if c == b'%' && self.b.get(self.i + 1).is_some_and(|c| is_ident_start(*c)) {
                self.i += 1;
                Tok::Ident { name: self.ident(), quoted: true }
            } else if c.is_ascii_digit() || (c == b'.' && self.b.get(self.i + 1).is_some_and(u8::is_ascii_digit)) {
                self.number()?
            } else if is_ident_start(c) {
                let name = self.ident();
                if self.src[self.i..].starts_with("://") {
                    self.i += 3;
                    Tok::Path(format!("{name}://{}", self.till_space()))
                } else {
                    Tok::Ident { name, quoted: false }
                }
            } else if let Some(sub) = (c == b'[').then(|| super::subquery::block(self.src, self.i)).flatten() {
                let sub = sub?;
                self.i = sub.span.end;
                Tok::Subquery(sub)
            } else if let Some(ch) = self.char_literal(c) {
                // `'c'`: one character in single quotes, as `split`'s `delim=':'` and
                // `quote='''` write it (no escapes: `'\'` is a backslash).
                self.i += ch.len_utf8() + 2;
                Tok::Str(ch.to_string())
            } else if c == b'/' && self.regex_allowed() {
                self.regex()?
            } else if c == b'/' && self.after_from() {
                Tok::Path(self.till_space().to_string())
            } else if let Some(sym) = SYMS.iter().find(|s| self.src[self.i..].starts_with(**s)) {
                self.i += sym.len();
                Tok::Sym(sym)
            } else {
                let ch = self.src[self.i..].chars().next().unwrap_or('?');
                return Err(Diagnostic::at(
                    "E101",
                    self.i..self.i + ch.len_utf8(),
                    format!("unexpected character `{ch}`"),
                ));
            };
            self.out.push(Token { tok, span: start..self.i });
        }
        let end = self.src.len();
        self.out.push(Token { tok: Tok::Eof, span: end..end });
        Ok(())
    }

    fn skip_space_and_comments(&mut self) -> Result<(), Diagnostic> {
        loop {
            while self.b.get(self.i).is_some_and(u8::is_ascii_whitespace) {
                self.i += 1;
            }
            let rest = &self.src[self.i..];
            if rest.starts_with("//") {
                self.i += rest.find('\n').unwrap_or(rest.len());
            } else if let Some(body) = rest.strip_prefix("/*") {
                match body.find("*/") {
                    Some(end) => self.i += end + 4,
                    None => {
                        return Err(Diagnostic::at("E102", self.i..self.i + 2, "this comment is never closed")
                            .hint("close it with `*/`"))
                    }
                }
            } else {
                return Ok(());
            }
        }
    }

    fn string(&mut self) -> Result<String, Diagnostic> {
        let (s, end) = read_string(self.src, self.i)?;
        self.i = end;
        Ok(s)
    }

    fn ident(&mut self) -> String {
        let start = self.i;
        while self.b.get(self.i).is_some_and(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.') {
            self.i += 1;
        }
        self.src[start..self.i].to_string()
    }

    fn till_space(&mut self) -> &'a str {
        let start = self.i;
        while self.b.get(self.i).is_some_and(|c| !c.is_ascii_whitespace() && *c != b'|' && *c != b',') {
            self.i += 1;
        }
        &self.src[start..self.i]
    }

    fn number(&mut self) -> Result<Tok, Diagnostic> {
        let start = self.i;
        while self.b.get(self.i).is_some_and(|c| c.is_ascii_digit() || *c == b'.') {
            self.i += 1;
        }
        if matches!(self.b.get(self.i), Some(b'e' | b'E'))
            && self.b.get(self.i + 1).is_some_and(|c| c.is_ascii_digit() || *c == b'+' || *c == b'-')
        {
            self.i += 2;
            while self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                self.i += 1;
            }
        }
        let digits = &self.src[start..self.i];
        let n: f64 =
            digits.parse().map_err(|_| Diagnostic::at("E103", start..self.i, format!("`{digits}` is not a number")))?;
        let suffix_start = self.i;
        while self.b.get(self.i).is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let suffix = &self.src[suffix_start..self.i];
        if suffix.is_empty() {
            return Ok(Tok::Num(n));
        }
        if let Some(ms) = duration_unit_ms(suffix) {
            return Ok(Tok::Duration { ms: n * ms, raw: self.src[start..self.i].to_string() });
        }
        if let Some(mult) = size_multiplier(suffix) {
            return Ok(Tok::Num(n * mult));
        }
        if suffix == "Z" && start > 0 && self.b[start - 1] == b':' {
            // The seconds of a UTC time (`logcompare start_time 2024-03-10T00:00:00Z`), which
            // its reader takes from the text.
            return Ok(Tok::Num(n));
        }
        Err(Diagnostic::at("E103", start..self.i, format!("unknown number suffix `{suffix}`"))
            .hint("time suffixes are ns us ms s m h d w; size suffixes are k M G T P Ki Mi Gi Ti Pi"))
    }

    /// A `/` starts a regex only where division cannot: after `matches`, `(` or `,`.
    fn regex_allowed(&self) -> bool {
        match self.out.last().map(|t| &t.tok) {
            Some(Tok::Ident { name, quoted: false }) => name.eq_ignore_ascii_case("matches"),
            Some(Tok::Sym("(" | ",")) => true,
            _ => false,
        }
    }

    fn after_from(&self) -> bool {
        matches!(self.out.last().map(|t| &t.tok), Some(Tok::Ident { name, quoted: false }) if name.eq_ignore_ascii_case("from"))
    }

    fn regex(&mut self) -> Result<Tok, Diagnostic> {
        let start = self.i;
        self.i += 1;
        let mut text = String::new();
        loop {
            match self.b.get(self.i) {
                None | Some(b'\n') => {
                    return Err(Diagnostic::at("E104", start..self.i, "this regular expression is never closed")
                        .hint("end it with `/`"))
                }
                Some(b'\\') if self.b.get(self.i + 1) == Some(&b'/') => {
                    text.push('/');
                    self.i += 2;
                }
                Some(b'/') => {
                    self.i += 1;
                    return Ok(Tok::Regex(text));
                }
                Some(_) => {
                    let ch = self.src[self.i..].chars().next().unwrap();
                    text.push(ch);
                    self.i += ch.len_utf8();
                }
            }
        }
    }
}

fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_'
}

/// Reads a double-quoted string starting at `src[start] == '"'`; returns the text and the end.
pub fn read_string(src: &str, start: usize) -> Result<(String, usize), Diagnostic> {
    let b = src.as_bytes();
    let mut i = start + 1;
    let mut out = String::new();
    loop {
        match b.get(i) {
            None => {
                return Err(Diagnostic::at("E105", start..src.len(), "this string is never closed")
                    .hint("end it with `\"`; write `\\\"` for a quote inside it"))
            }
            Some(b'"') => return Ok((out, i + 1)),
            Some(b'\\') => {
                match b.get(i + 1) {
                    Some(b'"') => out.push('"'),
                    Some(b'\\') => out.push('\\'),
                    Some(b'n') => out.push('\n'),
                    Some(b'r') => out.push('\r'),
                    Some(b't') => out.push('\t'),
                    // Any other escape stays as written, so regex escapes like `\d` and `\.` survive.
                    Some(_) => {
                        out.push('\\');
                        i += 1;
                        continue;
                    }
                    None => {
                        i += 1;
                        continue;
                    }
                }
                i += 2;
            }
            Some(_) => {
                let ch = src[i..].chars().next().unwrap();
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
}

/// Milliseconds per unit of a duration suffix.
pub fn duration_unit_ms(unit: &str) -> Option<f64> {
    Some(match unit {
        "ns" => 1e-6,
        "us" => 1e-3,
        "ms" => 1.0,
        "s" => 1e3,
        "m" => 60e3,
        "h" => 3600e3,
        "d" => 86400e3,
        "w" => 7.0 * 86400e3,
        _ => return None,
    })
}

fn size_multiplier(unit: &str) -> Option<f64> {
    Some(match unit {
        "k" | "K" => 1e3,
        "M" => 1e6,
        "G" | "B" => 1e9,
        "T" => 1e12,
        "P" => 1e15,
        "Ki" => 1024.0,
        "Mi" => 1024f64.powi(2),
        "Gi" => 1024f64.powi(3),
        "Ti" => 1024f64.powi(4),
        "Pi" => 1024f64.powi(5),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok> {
        lex(s, 0).unwrap().into_iter().map(|t| t.tok).collect()
    }

    #[test]
    fn one_character_in_single_quotes_is_a_string() {
        assert_eq!(toks("delim=':'")[2], Tok::Str(":".into()));
        assert_eq!(toks("quote='''")[2], Tok::Str("'".into()));
        assert_eq!(toks(r"escape='\'")[2], Tok::Str(r"\".into()));
    }

    #[test]
    fn geo_path_is_not_a_comment() {
        let t = toks("lookup a from geo://location on ip=x // note");
        assert!(t.contains(&Tok::Path("geo://location".into())), "{t:?}");
        assert_eq!(t.len(), 9);
    }

    #[test]
    fn regex_after_matches_but_division_elsewhere() {
        assert_eq!(toks("x matches /a\\/b/")[2], Tok::Regex("a/b".into()));
        assert_eq!(toks("a / b")[1], Tok::Sym("/"));
    }

    #[test]
    fn suffixes() {
        assert_eq!(toks("1h")[0], Tok::Duration { ms: 3600e3, raw: "1h".into() });
        assert_eq!(toks("5k")[0], Tok::Num(5000.0));
        assert!(lex("5q", 0).is_err());
    }

    #[test]
    fn string_escapes_keep_regex_backslashes() {
        assert_eq!(toks(r#""\"a\":\d""#)[0], Tok::Str("\"a\":\\d".into()));
    }
}

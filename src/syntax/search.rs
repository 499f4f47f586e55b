//! The keyword search expression (the scope before the first `|`): keywords, `field=value`,
//! AND / OR / NOT, parentheses.

use super::ast::Search;
use super::lex::read_string;
use crate::diag::{Diagnostic, Span};
use crate::nesting::{too_deep, MAX_NESTING};

/// Finds the first `|` that is outside strings and comments: where the scope ends.
pub fn scope_end(src: &str) -> usize {
    let b = src.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'"' => i = read_string(src, i).map(|(_, e)| e).unwrap_or(b.len()),
            b'/' if b.get(i + 1) == Some(&b'/') && token_start(b, i) => {
                i += src[i..].find('\n').unwrap_or(src.len() - i);
            }
            b'/' if b.get(i + 1) == Some(&b'*') && token_start(b, i) => {
                i = src[i + 2..].find("*/").map_or(b.len(), |e| i + e + 4)
            }
            b'|' => return i,
            b'[' => match super::subquery::block(src, i) {
                Some(Ok(sub)) => i = sub.span.end,
                _ => i += 1,
            },
            _ => i += 1,
        }
    }
    b.len()
}

/// A comment opens only where a token could start: `cm-core/*` and `geo://x` are not comments.
fn token_start(b: &[u8], i: usize) -> bool {
    i == 0 || b[i - 1].is_ascii_whitespace() || b"()|".contains(&b[i - 1])
}

#[derive(Debug, Clone, PartialEq)]
enum T {
    Word(String),
    Quoted(String),
    Open,
    Close,
    Bang,
    Eq,
    Sub(super::ast::Subquery),
}

/// Parses the scope `src[..end]`.
pub fn parse_scope(src: &str, end: usize) -> Result<Search, Diagnostic> {
    parse_scope_in(src, 0, end)
}

/// Parses the scope `src[start..end]` (a child query's keywords), spans into all of `src`.
pub fn parse_scope_in(src: &str, start: usize, end: usize) -> Result<Search, Diagnostic> {
    let toks = tokens(src, start, end)?;
    if let Some((T::Word(w), span)) = toks.first() {
        if w.eq_ignore_ascii_case("benchmarkcat") {
            return Err(Diagnostic::at("U003", span.clone(), "unsupported: `benchmarkcat` reads Sumo Logic's Global Intelligence benchmark data, which exists only in Sumo Logic's cloud"));
        }
        // `cat path://"/Library/..."` lists a lookup table saved in a Sumo Logic account.
        let path_follows = matches!(toks.get(1), Some((T::Word(p), _)) if p.to_ascii_lowercase().starts_with("path:"));
        if w.eq_ignore_ascii_case("cat") && path_follows {
            return Err(Diagnostic::at(
                "U006",
                span.clone(),
                "unsupported: `cat` lists a lookup table saved in a Sumo Logic account, which is not available offline",
            )
            .hint("give the table as a CSV file (`--lookup NAME=FILE.csv`) and read it with `lookup ... from NAME`"));
        }
    }
    // A search macro left after template substitution: no variable of its name was given.
    if let Some((T::Word(w), span)) = toks.iter().find(|(t, _)| matches!(t, T::Word(w) if w.starts_with("$$"))) {
        let name = w.trim_start_matches('$');
        return Err(Diagnostic::at("U005", span.clone(), format!("unsupported: `{w}` is a Sumo Logic search macro, defined in a Sumo Logic account and not available offline"))
            .hint(format!("give the source expression it stands for as a variable named `{name}` (CLI: --var '{name}=_sourceCategory=aws/cloudtrail')")));
    }
    let mut p = P { toks, i: 0, end, depth: 0 };
    if p.toks.is_empty() {
        return Ok(Search::All);
    }
    let s = p.or()?;
    if let Some((_, span)) = p.toks.get(p.i) {
        let what = if p.toks[p.i].0 == T::Close {
            "this `)` has no matching `(`"
        } else {
            "unexpected text in the search expression"
        };
        return Err(Diagnostic::at("E110", span.clone(), what));
    }
    Ok(s)
}

fn tokens(src: &str, start: usize, end: usize) -> Result<Vec<(T, Span)>, Diagnostic> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        let c = b[i];
        let start = i;
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if src[i..end].starts_with("//") && token_start(b, i) {
            i += src[i..end].find('\n').unwrap_or(end - i);
            continue;
        }
        if src[i..end].starts_with("/*") && token_start(b, i) {
            i = src[i + 2..end].find("*/").map_or(end, |e| i + e + 4);
            continue;
        }
        // One-character tokens.
        let single = match c {
            b'(' => Some(T::Open),
            b')' => Some(T::Close),
            b'!' => Some(T::Bang),
            b'=' => Some(T::Eq),
            _ => None,
        };
        let t = if let Some(sub) = (c == b'[').then(|| super::subquery::block(src, i)).flatten() {
            let sub = sub?;
            i = sub.span.end;
            T::Sub(sub)
        } else if let Some(t) = single {
            i += 1;
            t
        } else if c == b'"' {
            let (s, e) = read_string(&src[..end], i)?;
            i = e;
            T::Quoted(s)
        } else {
            while i < end && !b[i].is_ascii_whitespace() && !b"()\"=".contains(&b[i]) {
                i += 1;
            }
            T::Word(src[start..i].to_string())
        };
        out.push((t, start..i));
    }
    Ok(out)
}

struct P {
    toks: Vec<(T, Span)>,
    i: usize,
    end: usize,
    /// Open `(` and `not`s around the current token: recursion is capped at `MAX_NESTING`.
    depth: usize,
}

impl P {
    fn peek(&self) -> Option<&T> {
        self.toks.get(self.i).map(|t| &t.0)
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(T::Word(x)) if x.eq_ignore_ascii_case(w))
    }

    fn or(&mut self) -> Result<Search, Diagnostic> {
        let mut parts = vec![self.and()?];
        while self.is_word("or") {
            self.i += 1;
            parts.push(self.and()?);
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap() } else { Search::Or(parts) })
    }

    fn and(&mut self) -> Result<Search, Diagnostic> {
        let mut parts = vec![self.not()?];
        loop {
            if self.is_word("and") {
                self.i += 1;
            } else if self.peek().is_none() || self.is_word("or") || self.peek() == Some(&T::Close) {
                break;
            }
            parts.push(self.not()?);
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap() } else { Search::And(parts) })
    }

    fn not(&mut self) -> Result<Search, Diagnostic> {
        if self.is_word("not") || self.peek() == Some(&T::Bang) {
            self.enter()?;
            let inner = self.not()?;
            self.depth -= 1;
            return Ok(Search::Not(Box::new(inner)));
        }
        self.primary()
    }

    /// Steps over the `(` or `not` at `self.i` into one more level, unless that is too deep.
    fn enter(&mut self) -> Result<(), Diagnostic> {
        self.depth += 1;
        if self.depth > MAX_NESTING {
            return Err(too_deep(self.toks[self.i].1.clone(), "the search expression"));
        }
        self.i += 1;
        Ok(())
    }

    fn primary(&mut self) -> Result<Search, Diagnostic> {
        let Some((t, span)) = self.toks.get(self.i).cloned() else {
            return Err(Diagnostic::at("E111", self.end..self.end, "the search expression ends too early")
                .hint("a keyword or a `(` is missing"));
        };
        if t == T::Open {
            self.enter()?;
        } else {
            self.i += 1;
        }
        match t {
            T::Open => {
                let inner = self.or()?;
                self.depth -= 1;
                match self.toks.get(self.i) {
                    Some((T::Close, _)) => {
                        self.i += 1;
                        Ok(inner)
                    }
                    _ => Err(Diagnostic::at("E112", span, "this `(` is never closed").hint("add a `)`")),
                }
            }
            T::Word(w) if self.peek() == Some(&T::Eq) => {
                self.i += 1;
                let (value, vspan) = match self.toks.get(self.i).cloned() {
                    Some((T::Word(v) | T::Quoted(v), s)) => (v, s),
                    _ => {
                        return Err(Diagnostic::at("E113", span, format!("`{w}=` needs a value"))
                            .hint(format!("for example `{w}=*`")))
                    }
                };
                self.i += 1;
                Ok(Search::Meta { field: w, value, span: span.start..vspan.end })
            }
            T::Word(w) if w == "*" => Ok(Search::All),
            T::Word(w) => Ok(Search::Keyword { text: w, quoted: false, span }),
            T::Quoted(q) => Ok(Search::Keyword { text: q, quoted: true, span }),
            T::Sub(sub) => Ok(Search::Subquery(sub)),
            T::Close => Err(Diagnostic::at("E110", span, "this `)` has no matching `(`")),
            T::Bang | T::Eq => Err(Diagnostic::at("E110", span, "unexpected text in the search expression")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Search {
        parse_scope(s, scope_end(s)).unwrap()
    }

    #[test]
    fn precedence_not_and_or() {
        let s = parse("a b or !c");
        match s {
            Search::Or(v) => {
                assert!(matches!(&v[0], Search::And(x) if x.len() == 2));
                assert!(matches!(&v[1], Search::Not(_)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn metadata_with_spaces_and_wildcards() {
        let s = parse("_sourceCategory = Labs/AWS/CloudTrail* \"ConsoleLogin\" | count");
        let Search::And(v) = s else { panic!() };
        assert!(
            matches!(&v[0], Search::Meta { field, value, .. } if field == "_sourceCategory" && value == "Labs/AWS/CloudTrail*")
        );
        assert!(matches!(&v[1], Search::Keyword { quoted: true, .. }));
    }

    #[test]
    fn scope_end_skips_quoted_pipes_and_comments() {
        let s = "\"a|b\" // x | y\n | count";
        assert_eq!(scope_end(s), s.rfind('|').unwrap());
    }

    #[test]
    fn slash_star_inside_a_value_is_not_a_comment() {
        let s = "_sourceCategory=cm-core/* | count";
        assert_eq!(scope_end(s), s.find('|').unwrap());
        assert!(matches!(parse(s), Search::Meta { value, .. } if value == "cm-core/*"));
    }

    #[test]
    fn nesting_past_the_cap_is_an_error_at_the_level_that_exceeds_it() {
        for (open, step) in [("(", 1), ("!", 1), ("not ", 4)] {
            let q = format!("{}a", open.repeat(5000));
            let e = parse_scope(&q, q.len()).unwrap_err();
            assert_eq!(e.code, "E122");
            assert_eq!(e.primary_span().unwrap().start, MAX_NESTING * step, "{open}");
        }
        let ok = format!("{}a{}", "(".repeat(MAX_NESTING), ")".repeat(MAX_NESTING));
        assert!(parse_scope(&ok, ok.len()).is_ok());
    }

    #[test]
    fn unclosed_paren_points_at_it() {
        let e = parse_scope("(a or b", 7).unwrap_err();
        assert_eq!(e.primary_span(), Some(0..1));
    }
}

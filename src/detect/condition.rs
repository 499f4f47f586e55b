//! A rule's `condition`: names, `and`, `or`, `not`, parentheses, `1 of x*`, `all of x*`, `them`.
//!
//! Precedence, loosest first: `or`, `and`, `not`. `1 of` (also `any of`) and `all of` take a
//! name, a name with `*` wildcards, or `them` (every name not starting with `_`). A `|` (the
//! old aggregation syntax) and `near` are refused as unsupported; anything else that does not
//! parse is a syntax error. Offsets in errors are byte offsets into the condition text.

/// A parsed condition.
#[derive(Clone, Debug, PartialEq)]
pub enum Cond {
    /// A search identifier, and where it is.
    Name(String, usize),
    /// `1 of pattern` (`all: false`) or `all of pattern`; the pattern is `them` or a name
    /// with `*` wildcards.
    Of {
        all: bool,
        pattern: String,
        at: usize,
    },
    Not(Box<Cond>),
    And(Vec<Cond>),
    Or(Vec<Cond>),
}

/// Why a condition does not parse: the message, where, and whether the construct is valid
/// Sigma this engine does not run (`true`) or not valid at all.
#[derive(Clone, Debug, PartialEq)]
pub struct CondError {
    pub message: String,
    pub at: usize,
    pub unsupported: bool,
}

#[derive(Clone, Debug, PartialEq)]
enum Tok {
    Open,
    Close,
    Word(String),
    Pipe,
}

fn lex(s: &str) -> Vec<(Tok, usize)> {
    let mut out = Vec::new();
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c if c.is_ascii_whitespace() => i += 1,
            b'(' => {
                out.push((Tok::Open, i));
                i += 1;
            }
            b')' => {
                out.push((Tok::Close, i));
                i += 1;
            }
            b'|' => {
                out.push((Tok::Pipe, i));
                i += 1;
            }
            _ => {
                let start = i;
                while i < b.len() && !b[i].is_ascii_whitespace() && !matches!(b[i], b'(' | b')' | b'|') {
                    i += 1;
                }
                out.push((Tok::Word(s[start..i].to_string()), start));
            }
        }
    }
    out
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    end: usize,
    depth: usize,
}

/// Parses a condition.
pub fn parse(s: &str) -> Result<Cond, CondError> {
    let mut p = Parser { toks: lex(s), pos: 0, end: s.len(), depth: 0 };
    if p.toks.is_empty() {
        return Err(err("the condition is empty", 0));
    }
    let c = p.or()?;
    match p.toks.get(p.pos) {
        None => Ok(c),
        Some((Tok::Pipe, at)) => Err(CondError {
            message: "aggregations after `|` (count, near, ...) are not supported: use a correlation-free condition"
                .into(),
            at: *at,
            unsupported: true,
        }),
        Some((t, at)) => Err(err(format!("unexpected {} in the condition", show(t)), *at)),
    }
}

fn err(message: impl Into<String>, at: usize) -> CondError {
    CondError { message: message.into(), at, unsupported: false }
}

fn show(t: &Tok) -> String {
    match t {
        Tok::Open => "`(`".into(),
        Tok::Close => "`)`".into(),
        Tok::Pipe => "`|`".into(),
        Tok::Word(w) => format!("`{w}`"),
    }
}

impl Parser {
    fn peek_word(&self, w: &str) -> bool {
        matches!(self.toks.get(self.pos), Some((Tok::Word(x), _)) if x == w)
    }

    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.end, |t| t.1)
    }

    fn or(&mut self) -> Result<Cond, CondError> {
        let mut items = vec![self.and()?];
        while self.peek_word("or") {
            self.pos += 1;
            items.push(self.and()?);
        }
        Ok(if items.len() == 1 { items.pop().unwrap() } else { Cond::Or(items) })
    }

    fn and(&mut self) -> Result<Cond, CondError> {
        let mut items = vec![self.not()?];
        while self.peek_word("and") {
            self.pos += 1;
            items.push(self.not()?);
        }
        Ok(if items.len() == 1 { items.pop().unwrap() } else { Cond::And(items) })
    }

    fn not(&mut self) -> Result<Cond, CondError> {
        if self.peek_word("not") {
            self.pos += 1;
            self.enter()?;
            let inner = self.not();
            self.depth -= 1;
            return Ok(Cond::Not(Box::new(inner?)));
        }
        self.atom()
    }

    fn enter(&mut self) -> Result<(), CondError> {
        self.depth += 1;
        if self.depth > crate::nesting::MAX_NESTING {
            return Err(err("the condition nests too deeply", self.at()));
        }
        Ok(())
    }

    fn atom(&mut self) -> Result<Cond, CondError> {
        let at = self.at();
        match self.toks.get(self.pos).cloned() {
            Some((Tok::Open, _)) => {
                self.pos += 1;
                self.enter()?;
                let inner = self.or();
                self.depth -= 1;
                let inner = inner?;
                match self.toks.get(self.pos) {
                    Some((Tok::Close, _)) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(err("`(` is never closed", at)),
                }
            }
            Some((Tok::Word(w), _)) if matches!(w.as_str(), "and" | "or" | "of" | "them") => {
                Err(err(format!("expected a name, `not` or `(` before `{w}`"), at))
            }
            Some((Tok::Word(w), _)) => {
                self.pos += 1;
                if self.peek_word("of") {
                    let all = match w.as_str() {
                        "1" | "any" => false,
                        "all" => true,
                        n if n.parse::<u32>().is_ok() => {
                            return Err(CondError {
                                message: format!("`{n} of` is not supported: only `1 of` and `all of` are Sigma"),
                                at,
                                unsupported: true,
                            })
                        }
                        _ => return Err(err(format!("`{w} of`: expected `1 of` or `all of`"), at)),
                    };
                    self.pos += 1;
                    let pat_at = self.at();
                    return match self.toks.get(self.pos).cloned() {
                        Some((Tok::Word(p), _)) if !matches!(p.as_str(), "and" | "or" | "not") => {
                            self.pos += 1;
                            Ok(Cond::Of { all, pattern: p, at: pat_at })
                        }
                        _ => Err(err("expected a name, a pattern or `them` after `of`", pat_at)),
                    };
                }
                if w == "near" {
                    return Err(CondError { message: "`near` is not supported".into(), at, unsupported: true });
                }
                Ok(Cond::Name(w, at))
            }
            Some((t, _)) => Err(err(format!("unexpected {} in the condition", show(&t)), at)),
            None => Err(err("the condition ends too early", at)),
        }
    }
}

/// Whether `name` matches an `of` pattern (`*` is any run of characters).
pub fn glob(pattern: &str, name: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == name;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !name.starts_with(first) || name.len() < first.len() + last.len() || !name.ends_with(last) {
        return false;
    }
    let mut rest = &name[first.len()..name.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(s: &str, at: usize) -> Cond {
        Cond::Name(s.into(), at)
    }

    #[test]
    fn precedence_and_groups() {
        assert_eq!(
            parse("a or b and not c").unwrap(),
            Cond::Or(vec![name("a", 0), Cond::And(vec![name("b", 5), Cond::Not(Box::new(name("c", 15)))])])
        );
        assert_eq!(
            parse("(a or b) and c").unwrap(),
            Cond::And(vec![Cond::Or(vec![name("a", 1), name("b", 6)]), name("c", 13)])
        );
        assert_eq!(
            parse("selection and not 1 of filter_main_*").unwrap(),
            Cond::And(vec![
                name("selection", 0),
                Cond::Not(Box::new(Cond::Of { all: false, pattern: "filter_main_*".into(), at: 23 }))
            ])
        );
        assert_eq!(parse("all of them").unwrap(), Cond::Of { all: true, pattern: "them".into(), at: 7 });
        assert_eq!(parse("any of sel*").unwrap(), Cond::Of { all: false, pattern: "sel*".into(), at: 7 });
    }

    #[test]
    fn errors() {
        let e = parse("selection | count() > 5").unwrap_err();
        assert!(e.unsupported && e.at == 10, "{e:?}");
        assert!(parse("2 of sel*").unwrap_err().unsupported);
        assert!(!parse("a and").unwrap_err().unsupported);
        assert_eq!(parse("(a or b").unwrap_err().at, 0);
        assert_eq!(parse("a b").unwrap_err().at, 2);
        assert!(parse("").is_err());
        assert!(parse(&"(".repeat(200)).unwrap_err().message.contains("deeply"));
    }

    #[test]
    fn globs() {
        assert!(glob("selection_*", "selection_status_null"));
        assert!(!glob("selection_*", "selection"));
        assert!(glob("filter*", "filter"));
        assert!(glob("*a*b", "xxaxxb"));
        assert!(!glob("*a*b", "xxbxxa"));
        assert!(glob("sel", "sel") && !glob("sel", "sel2"));
    }
}

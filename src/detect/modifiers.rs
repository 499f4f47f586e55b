//! Field modifiers (`field|contains|all`) and the value tests they make: wildcard strings, regexes, CIDR, null, exists, field references, comparisons.
//!
//! Sigma's string values are case-insensitive, with `*` (any run) and `?` (one character) as
//! wildcards and `\` escaping `*`, `?` and `\` (any other `\` is itself). `contains`,
//! `startswith` and `endswith` add `*` around the value; `cased` makes it case-sensitive. A
//! regex (`re`, flags `i`, `m`, `s`) is searched for, case-sensitive, with the `regex` crate
//! (linear time; look-around and back-references are refused at load).

use crate::literal::Literal;
use regex::{Regex, RegexBuilder};
use std::net::IpAddr;

/// Modifiers this engine evaluates; any other is named in an `S003` diagnostic.
pub const SUPPORTED: &[&str] = &[
    "contains",
    "startswith",
    "endswith",
    "all",
    "re",
    "i",
    "m",
    "s",
    "cidr",
    "exists",
    "fieldref",
    "cased",
    "expand",
    "lt",
    "lte",
    "gt",
    "gte",
];

/// Modifiers of the Sigma specification that are not evaluated here (named in `S003`).
pub const UNSUPPORTED: &[&str] = &[
    "base64",
    "base64offset",
    "utf16le",
    "utf16be",
    "utf16",
    "wide",
    "windash",
    "minute",
    "hour",
    "day",
    "week",
    "month",
    "year",
];

/// What a field's modifiers ask for, parsed from `field|m1|m2`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Modifiers {
    /// `contains`, `startswith` or `endswith` (at most one).
    pub position: Option<Position>,
    pub all: bool,
    pub cased: bool,
    pub expand: bool,
    pub kind: Kind,
    /// `re`'s flags.
    pub re_i: bool,
    pub re_m: bool,
    pub re_s: bool,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Position {
    Contains,
    StartsWith,
    EndsWith,
}

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum Kind {
    #[default]
    Plain,
    Re,
    Cidr,
    Exists,
    FieldRef,
    Compare(Cmp),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cmp {
    Lt,
    Lte,
    Gt,
    Gte,
}

/// Parses the modifiers after a field name; the error names the first one that cannot be used.
pub fn parse(mods: &[&str]) -> Result<Modifiers, ModError> {
    let mut m = Modifiers::default();
    let set_kind = |m: &mut Modifiers, k: Kind, name: &str| {
        if m.kind != Kind::Plain {
            return Err(ModError::Conflict(name.to_string()));
        }
        m.kind = k;
        Ok(())
    };
    for &name in mods {
        match name {
            "contains" | "startswith" | "endswith" => {
                if m.position.is_some() {
                    return Err(ModError::Conflict(name.to_string()));
                }
                m.position = Some(match name {
                    "contains" => Position::Contains,
                    "startswith" => Position::StartsWith,
                    _ => Position::EndsWith,
                });
            }
            "all" => m.all = true,
            "cased" => m.cased = true,
            "expand" => m.expand = true,
            "re" => set_kind(&mut m, Kind::Re, name)?,
            "i" | "m" | "s" if m.kind == Kind::Re => match name {
                "i" => m.re_i = true,
                "m" => m.re_m = true,
                _ => m.re_s = true,
            },
            "cidr" => set_kind(&mut m, Kind::Cidr, name)?,
            "exists" => set_kind(&mut m, Kind::Exists, name)?,
            "fieldref" => set_kind(&mut m, Kind::FieldRef, name)?,
            "lt" => set_kind(&mut m, Kind::Compare(Cmp::Lt), name)?,
            "lte" => set_kind(&mut m, Kind::Compare(Cmp::Lte), name)?,
            "gt" => set_kind(&mut m, Kind::Compare(Cmp::Gt), name)?,
            "gte" => set_kind(&mut m, Kind::Compare(Cmp::Gte), name)?,
            other if UNSUPPORTED.contains(&other) => return Err(ModError::Unsupported(other.to_string())),
            other => return Err(ModError::Unknown(other.to_string())),
        }
    }
    let positional_ok = matches!(m.kind, Kind::Plain | Kind::FieldRef);
    if let (Some(p), false) = (m.position, positional_ok) {
        return Err(ModError::Conflict(format!("{p:?} with {:?}", m.kind).to_lowercase()));
    }
    Ok(m)
}

#[derive(Clone, Debug, PartialEq)]
pub enum ModError {
    /// A modifier of the specification this engine does not evaluate.
    Unsupported(String),
    /// Not a modifier of the specification.
    Unknown(String),
    /// Two modifiers that cannot go together.
    Conflict(String),
}

/// A Sigma string value compiled for matching.
#[derive(Clone, Debug)]
pub struct Pattern {
    shape: Shape,
    /// The literal between the wildcards (for the fast shapes), unescaped.
    lit: String,
    /// The literal for ASCII case-insensitive search (`Contains` only).
    search: Option<Literal>,
    /// The whole pattern as an anchored regex: wildcard patterns, and values that are not
    /// ASCII (Unicode case folding).
    re: Regex,
    cased: bool,
    ascii: bool,
    /// The value's pieces, wildcards of the position modifier included (for `sumo`).
    pieces: Vec<Piece>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Shape {
    Exact,
    Prefix,
    Suffix,
    Contains,
    Glob,
}

/// One piece of a Sigma string: text, `*` or `?`.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Many,
    One,
}

fn pieces(s: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if matches!(chars.peek(), Some('*' | '?' | '\\')) => text.push(chars.next().unwrap()),
            '*' | '?' => {
                if !text.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut text)));
                }
                out.push(if c == '*' { Piece::Many } else { Piece::One });
            }
            c => text.push(c),
        }
    }
    if !text.is_empty() {
        out.push(Piece::Text(text));
    }
    out
}

impl Pattern {
    /// `value` as written in the rule, with the position modifier's wildcards added.
    pub fn new(value: &str, position: Option<Position>, cased: bool) -> Pattern {
        let mut p = pieces(value);
        if matches!(position, Some(Position::Contains | Position::EndsWith)) && p.first() != Some(&Piece::Many) {
            p.insert(0, Piece::Many);
        }
        if matches!(position, Some(Position::Contains | Position::StartsWith)) && p.last() != Some(&Piece::Many) {
            p.push(Piece::Many);
        }
        let mut re = String::from(if cased { "(?s)^" } else { "(?is)^" });
        for piece in &p {
            match piece {
                Piece::Text(t) => re.push_str(&regex::escape(t)),
                Piece::Many => re.push_str(".*"),
                Piece::One => re.push('.'),
            }
        }
        re.push('$');
        let re = RegexBuilder::new(&re).size_limit(1 << 22).build().unwrap_or_else(|_| Regex::new("^\\b\\B$").unwrap());
        let inner: Vec<&Piece> = p.iter().filter(|x| **x != Piece::Many).collect();
        let lead = p.first() == Some(&Piece::Many);
        let trail = p.len() > 1 && p.last() == Some(&Piece::Many);
        let (shape, lit) = match (inner.as_slice(), lead, trail) {
            ([], _, _) => (if p.is_empty() { Shape::Exact } else { Shape::Prefix }, String::new()),
            ([Piece::Text(t)], false, false) if p.len() == 1 => (Shape::Exact, t.clone()),
            ([Piece::Text(t)], false, true) if p.len() == 2 => (Shape::Prefix, t.clone()),
            ([Piece::Text(t)], true, false) if p.len() == 2 => (Shape::Suffix, t.clone()),
            ([Piece::Text(t)], true, true) if p.len() == 3 => (Shape::Contains, t.clone()),
            _ => (Shape::Glob, String::new()),
        };
        let ascii = lit.is_ascii();
        let search = (shape == Shape::Contains && ascii && !cased && !lit.is_empty()).then(|| Literal::new(&lit));
        Pattern { shape, lit, search, re, cased, ascii, pieces: p }
    }

    /// Text and wildcards, in order (`contains` adds `*` at both ends).
    pub fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    pub fn cased(&self) -> bool {
        self.cased
    }

    pub fn is_match(&self, v: &str) -> bool {
        if self.shape == Shape::Glob || !(self.cased || self.ascii && v.is_ascii()) {
            return self.re.is_match(v);
        }
        let (l, vb) = (self.lit.as_bytes(), v.as_bytes());
        let eq = |a: &[u8], b: &[u8]| if self.cased { a == b } else { a.eq_ignore_ascii_case(b) };
        match self.shape {
            Shape::Exact => eq(vb, l),
            Shape::Prefix => vb.len() >= l.len() && eq(&vb[..l.len()], l),
            Shape::Suffix => vb.len() >= l.len() && eq(&vb[vb.len() - l.len()..], l),
            Shape::Contains => match &self.search {
                Some(s) => s.is_match(vb),
                None if l.is_empty() => true,
                None => memchr::memmem::find(vb, l).is_some(),
            },
            Shape::Glob => unreachable!(),
        }
    }
}

/// A Sigma regex (`re`), searched for anywhere in the value. The flags are written into the
/// pattern (`(?i)...`) rather than set on the builder, so the regex's text is the whole of it
/// (the Sumo query shows it as it is).
pub fn regex(pattern: &str, m: &Modifiers) -> Result<Regex, String> {
    let flags: String = [(m.re_i, 'i'), (m.re_m, 'm'), (m.re_s, 's')].iter().filter(|f| f.0).map(|f| f.1).collect();
    let text = if flags.is_empty() { pattern.to_string() } else { format!("(?{flags}){pattern}") };
    RegexBuilder::new(&text).size_limit(1 << 22).build().map_err(|e| e.to_string())
}

/// An IPv4 or IPv6 network written `address/prefix` (or a bare address).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Cidr {
    net: IpAddr,
    prefix: u8,
}

impl Cidr {
    pub fn net(&self) -> IpAddr {
        self.net
    }

    pub fn prefix(&self) -> u8 {
        self.prefix
    }

    pub fn parse(s: &str) -> Option<Cidr> {
        let (addr, prefix) = match s.trim().split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (s.trim(), None),
        };
        let net: IpAddr = addr.parse().ok()?;
        let max = if net.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(max);
        (prefix <= max).then_some(Cidr { net, prefix })
    }

    pub fn contains(&self, ip: &str) -> bool {
        let Ok(ip) = ip.trim().parse::<IpAddr>() else { return false };
        match (self.net, ip) {
            (IpAddr::V4(n), IpAddr::V4(a)) => masked(u32::from(n) as u128, u32::from(a) as u128, 32, self.prefix),
            (IpAddr::V6(n), IpAddr::V6(a)) => masked(u128::from(n), u128::from(a), 128, self.prefix),
            _ => false,
        }
    }
}

fn masked(net: u128, addr: u128, bits: u32, prefix: u8) -> bool {
    let shift = bits - u32::from(prefix);
    if shift >= 128 {
        return true;
    }
    net >> shift == addr >> shift
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_case_and_escapes() {
        let p = |v: &str, pos, cased| Pattern::new(v, pos, cased);
        assert!(p("NO", None, false).is_match("No"));
        assert!(!p("NO", None, true).is_match("No"));
        assert!(!p("NO", None, false).is_match("Nope"));
        assert!(p("Update*", None, false).is_match("updatefunctionconfiguration20150331"));
        assert!(p("s3 browser", Some(Position::Contains), false).is_match("S3 Browser 9.5.5"));
        assert!(p("*", Some(Position::Contains), false).is_match(""));
        assert!(p("a?c", None, false).is_match("abc"));
        assert!(!p("a\\?c", None, false).is_match("abc"));
        assert!(p("a\\?c", None, false).is_match("a?c"));
        assert!(p("C:\\temp\\x", None, false).is_match("c:\\TEMP\\x"), "other backslashes are themselves");
        assert!(p("ÉTÉ", None, false).is_match("été"), "Unicode case folding");
        assert!(p("x", Some(Position::EndsWith), false).is_match("aX"));
        assert!(p("a*b*c", None, false).is_match("AxxBxxC"));
        assert!(!p("a*b*c", None, false).is_match("AxxBxxCd"));
    }

    #[test]
    fn modifiers_parse() {
        assert_eq!(parse(&["contains", "all"]).unwrap().position, Some(Position::Contains));
        assert!(parse(&["re", "i"]).unwrap().re_i);
        assert_eq!(parse(&["base64offset", "contains"]), Err(ModError::Unsupported("base64offset".into())));
        assert_eq!(parse(&["bogus"]), Err(ModError::Unknown("bogus".into())));
        assert!(matches!(parse(&["re", "cidr"]), Err(ModError::Conflict(_))));
        assert!(matches!(parse(&["i"]), Err(ModError::Unknown(_))));
    }

    #[test]
    fn cidr() {
        let c = Cidr::parse("10.0.0.0/8").unwrap();
        assert!(c.contains("10.1.2.3"));
        assert!(!c.contains("11.1.2.3"));
        assert!(!c.contains("AWS Internal"));
        assert!(Cidr::parse("2001:db8::/32").unwrap().contains("2001:db8::1"));
        assert!(!Cidr::parse("2001:db8::/32").unwrap().contains("10.1.2.3"));
        assert!(Cidr::parse("0.0.0.0/0").unwrap().contains("1.2.3.4"));
        assert!(Cidr::parse("1.2.3.4").unwrap().contains("1.2.3.4"));
        assert_eq!(Cidr::parse("10.0.0.0/33"), None);
    }
}

//! The `where` condition: the rule's condition over its selections, each field test as the Sumo expression that holds exactly when the rule's test does.
//!
//! Each field is one value here (`json` gives null for a missing key and for JSON `null`, as
//! the rule's `null` wants). A test that holds for the empty string is guarded with
//! `!isNull(x)`: the engine's `matches` and `=` read null as `""`, the rule does not.

use super::super::compile::{Compiled, FieldTest, Node, Selection, Test};
use super::super::modifiers::{Cmp, Pattern, Piece, Position};
use super::{s012, Names};
use crate::diag::Diagnostic;
use std::net::IpAddr;

/// How an expression joins its parts, for parentheses.
#[derive(Clone, Copy, PartialEq)]
enum Join {
    Atom,
    And,
    Or,
}

struct Expr {
    text: String,
    join: Join,
}

impl Expr {
    fn atom(text: String) -> Expr {
        Expr { text, join: Join::Atom }
    }

    /// The text to use as a part of a `join` expression.
    fn inside(&self, join: Join) -> String {
        if self.join == Join::Atom || self.join == join {
            self.text.clone()
        } else {
            format!("({})", self.text)
        }
    }
}

/// Parts joined with `and` or `or`. A part may be `true` or `false` (a placeholder given no
/// values tests nothing: any of none is false, all of none true), folded away here.
fn join(parts: Vec<Expr>, j: Join) -> Expr {
    let (unit, zero) = if j == Join::And { ("true", "false") } else { ("false", "true") };
    if parts.iter().any(|p| p.text == zero) {
        return Expr::atom(zero.to_string());
    }
    let mut parts: Vec<Expr> = parts.into_iter().filter(|p| p.text != unit).collect();
    if parts.len() <= 1 {
        return parts.pop().unwrap_or_else(|| Expr::atom(unit.to_string()));
    }
    let word = if j == Join::And { " and " } else { " or " };
    Expr { text: parts.iter().map(|p| p.inside(j)).collect::<Vec<_>>().join(word), join: j }
}

/// The condition as `where` text.
pub fn node(n: &Node, rule: &Compiled, names: &Names) -> Result<String, Diagnostic> {
    Ok(expr(n, rule, names)?.text)
}

fn expr(n: &Node, rule: &Compiled, names: &Names) -> Result<Expr, Diagnostic> {
    Ok(match n {
        Node::Sel(i) => selection(&rule.selections[*i], names)?,
        Node::Not(inner) => {
            let e = expr(inner, rule, names)?;
            if e.text == "true" || e.text == "false" {
                return Ok(Expr::atom((e.text == "false").to_string()));
            }
            // `!isNull(x)` reads better than `!(isNull(x))`; anything longer keeps its parentheses.
            let call = e.join == Join::Atom && e.text.ends_with(')') && !e.text.contains(' ');
            Expr::atom(if call { format!("!{}", e.text) } else { format!("!({})", e.text) })
        }
        Node::And(items) => join(items.iter().map(|i| expr(i, rule, names)).collect::<Result<_, _>>()?, Join::And),
        Node::Or(items) => join(items.iter().map(|i| expr(i, rule, names)).collect::<Result<_, _>>()?, Join::Or),
    })
}

fn selection(s: &Selection, names: &Names) -> Result<Expr, Diagnostic> {
    match s {
        Selection::Fields(alts) => {
            // An empty map (`sel: {}`) holds for every event: `true`, as `join` folds it.
            let mut any = Vec::new();
            for tests in alts {
                let all = tests.iter().map(|t| field_test(t, names)).collect::<Result<Vec<_>, _>>()?;
                any.push(join(all, Join::And));
            }
            Ok(join(any, Join::Or))
        }
        Selection::Keywords(pats, all) => {
            // Keywords are searched for in the event's text, which `_raw` is.
            let parts: Vec<&Pattern> = pats.iter().collect();
            if *all {
                let each = parts.iter().map(|p| strings("_raw", &[p])).collect::<Result<Vec<_>, _>>()?;
                Ok(join(each, Join::And))
            } else {
                strings("_raw", &parts)
            }
        }
    }
}

/// Whether the field test holds on a list's JSON text exactly when it holds for an element:
/// strings that `contains` plain text, none of `"`, `\`, `,`, brackets or braces (so a match
/// lies inside one element's text, which JSON writes as it is).
pub fn through_arrays(t: &FieldTest) -> bool {
    t.tests.iter().all(|x| match x {
        Test::Str(p) => match p.pieces() {
            [Piece::Many, Piece::Text(lit), Piece::Many] => {
                lit.chars().all(|c| c.is_ascii_graphic() || c == ' ')
                    && !lit.contains(['"', '\\', ',', '[', ']', '{', '}'])
            }
            _ => false,
        },
        _ => false,
    })
}

fn field_test(t: &FieldTest, names: &Names) -> Result<Expr, Diagnostic> {
    let x = names.by_field[&t.field].as_str();
    // Also through lists of objects on the way (`a.b[*].c`): any of the paths.
    if let Some(each) = names.each.get(&t.field).filter(|_| through_arrays(t)) {
        let mut any = vec![field_test_at(t, x, names)?];
        for alias in each {
            any.push(field_test_at(t, alias, names)?);
        }
        return Ok(join(any, Join::Or));
    }
    field_test_at(t, x, names)
}

fn field_test_at(t: &FieldTest, x: &str, names: &Names) -> Result<Expr, Diagnostic> {
    let mut parts = Vec::new();
    // Strings of an "any of" list make one regex (`^(A|B|C)$`), as readable as a list.
    let pats: Vec<&Pattern> =
        t.tests.iter().filter_map(|s| if let Test::Str(p) = s { Some(&**p) } else { None }).collect();
    if !t.all && !pats.is_empty() {
        parts.push(strings(x, &pats)?);
    }
    for test in &t.tests {
        let e = match test {
            Test::Str(p) if t.all => strings(x, &[p])?,
            Test::Str(_) => continue,
            Test::Null | Test::Exists(false) => Expr::atom(format!("isNull({x})")),
            Test::Exists(true) => Expr::atom(format!("!isNull({x})")),
            Test::Re(r) => regex_test(x, &literal_regex(r.as_str(), true)?, r.is_match("")),
            Test::Cidr(c) => match c.net() {
                IpAddr::V4(net) => Expr {
                    text: format!(
                        "isValidIPv4(trim({x})) and compareCIDRPrefix(trim({x}), \"{net}\", \"{}\")",
                        c.prefix()
                    ),
                    join: Join::And,
                },
                IpAddr::V6(_) => {
                    return Err(s012(&format!(
                        "an IPv6 network ({}/{}): Sumo's CIDR functions take IPv4 only",
                        c.net(),
                        c.prefix()
                    )))
                }
            },
            Test::Compare(op, n) => compare(x, *op, *n)?,
            Test::Ref(other, pos) => reference(x, &names.by_field[other], *pos),
        };
        parts.push(e);
    }
    Ok(join(parts, if t.all { Join::And } else { Join::Or }))
}

/// `x matches /re/`, with `!isNull(x) and` when the regex matches the empty string (the engine
/// gives a null field to `matches` as `""`).
fn regex_test(x: &str, re: &str, matches_empty: bool) -> Expr {
    if matches_empty {
        Expr { text: format!("!isNull({x}) and {x} matches /{re}/"), join: Join::And }
    } else {
        Expr::atom(format!("{x} matches /{re}/"))
    }
}

/// Sigma strings (any of them) as one regex test.
fn strings(x: &str, pats: &[&Pattern]) -> Result<Expr, Diagnostic> {
    if pats.is_empty() {
        // An empty list of keywords (`sel: []`) holds for no event.
        return Ok(Expr::atom("false".to_string()));
    }
    let bodies: Vec<Body> = pats.iter().map(|p| body(p)).collect();
    if bodies.iter().any(|b| b.re.is_empty() && !b.start && !b.end) {
        // `*` (or `contains: '*'`): any value at all.
        return Ok(Expr::atom(format!("!isNull({x})")));
    }
    let dot = bodies.iter().any(|b| b.dot);
    let flags = match (pats[0].cased(), dot) {
        (false, false) => "(?i)",
        (false, true) => "(?is)",
        (true, false) => "",
        (true, true) => "(?s)",
    };
    let anchored = |b: &Body| format!("{}{}{}", if b.start { "^" } else { "" }, b.re, if b.end { "$" } else { "" });
    let re = if bodies.len() == 1 {
        anchored(&bodies[0])
    } else if bodies.iter().all(|b| b.start && b.end) {
        format!("^({})$", bodies.iter().map(|b| b.re.as_str()).collect::<Vec<_>>().join("|"))
    } else {
        format!("({})", bodies.iter().map(anchored).collect::<Vec<_>>().join("|"))
    };
    let re = format!("{flags}{re}");
    let empty = regex::Regex::new(&re).map_err(|e| s012(&format!("the regex does not compile: {e}")))?.is_match("");
    Ok(regex_test(x, &literal_regex(&re, false)?, empty))
}

/// A pattern's regex without its flags. `contains` and the like add `*` at an end, which in a
/// search is no anchor at that end.
struct Body {
    re: String,
    start: bool,
    end: bool,
    /// Whether it uses `.` (then `(?s)`, so that it matches a line break as the rule does).
    dot: bool,
}

fn body(p: &Pattern) -> Body {
    let all = p.pieces();
    let start = all.first() != Some(&Piece::Many);
    let end = all.last() != Some(&Piece::Many);
    let from = usize::from(!start);
    let to = if end { all.len() } else { all.len() - 1 }.max(from);
    let mut re = String::new();
    let mut dot = false;
    for piece in &all[from..to] {
        match piece {
            Piece::Text(t) => re.push_str(&regex::escape(t)),
            Piece::Many => re.push_str(".*"),
            Piece::One => re.push('.'),
        }
        dot |= !matches!(piece, Piece::Text(_));
    }
    Body { re, start, end, dot }
}

/// A regex as the text between `/` and `/` in a query: `/` escaped (the lexer's one escape),
/// and no line break (a `/regex/` ends at one).
fn literal_regex(re: &str, user: bool) -> Result<String, Diagnostic> {
    // Written `\n`, a line break is the same in a regex, unless a flag group of the rule's
    // may turn on `x` (where a line break is space to ignore).
    if user && re.contains('\n') && re.contains("(?") {
        return Err(s012("a regex with a line break and flags (`(?x)` would read it otherwise)"));
    }
    let mut out = String::new();
    let mut chars = re.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('/') => out.push_str("\\/"),
                Some('\n') | None => return Err(s012("a regex with a line break (or a trailing `\\`)")),
                Some(n) => {
                    out.push('\\');
                    out.push(n);
                }
            },
            '/' => out.push_str("\\/"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// `lt`/`lte`/`gt`/`gte`: the rule reads the value's text as a number as Rust does, which takes
/// `inf` and `infinity` (any case) too; `num` takes them only signed.
fn compare(x: &str, op: Cmp, n: f64) -> Result<Expr, Diagnostic> {
    if !n.is_finite() {
        return Err(s012("a comparison with a number that is not finite"));
    }
    let (sym, up) = match op {
        Cmp::Lt => ("<", false),
        Cmp::Lte => ("<=", false),
        Cmp::Gt => (">", true),
        Cmp::Gte => (">=", true),
    };
    let test = format!("num({x}) {sym} {n}");
    Ok(if up {
        Expr { text: format!("{test} or {x} matches /(?i)^\\s*inf(inity)?\\s*$/"), join: Join::Or }
    } else {
        Expr::atom(test)
    })
}

/// `fieldref`: equal to (or containing, starting or ending with) the other field's value,
/// both lower-cased; neither may be null.
fn reference(x: &str, y: &str, pos: Option<Position>) -> Expr {
    let (lx, ly) = (format!("toLowerCase({x})"), format!("toLowerCase({y})"));
    let fits = format!("length({lx}) >= length({ly})");
    let test = match pos {
        None => format!("{lx} = {ly}"),
        Some(Position::Contains) => format!("({y} = \"\" or contains({lx}, {ly}))"),
        Some(Position::StartsWith) => format!("({y} = \"\" or {fits} and substring({lx}, 0, length({ly})) = {ly})"),
        Some(Position::EndsWith) => {
            format!("({y} = \"\" or {fits} and substring({lx}, length({lx}) - length({ly})) = {ly})")
        }
    };
    Expr { text: format!("!isNull({x}) and !isNull({y}) and {test}"), join: Join::And }
}

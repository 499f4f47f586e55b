//! The XPath subset `parse xml` reads (Sumo Logic's "Parse XML Formatted Logs" page), evaluated
//! over a `roxmltree` document.
//!
//! A path is absolute and goes down only: `/a/b/c`, each step an element name or `*`, with
//! predicates `[2]` (position among its parent's matching children, from 1), `[last()]`,
//! `[@id]` (has the attribute) and `[@id=456]` / `[@id='456']` (attribute value; an unquoted
//! number compares as a number); the last step may be `text()` (the first text child) or `@name`
//! (the attribute). A path ending at an element gives the element's XML as written. When the
//! path selects several nodes the first in document order is the answer. Refused, as the docs
//! say: `//`, `..` and `.`, axes (`child::`); the operator is not namespace aware, so a step or
//! attribute with a prefix (`ns:a`) matches nothing, and names compare by their local part.

use roxmltree::{Document, Node};

/// A parsed path.
#[derive(Clone, Debug, PartialEq)]
pub struct XPath {
    steps: Vec<Step>,
    target: Target,
}

#[derive(Clone, Debug, PartialEq)]
struct Step {
    /// `None` for `*`.
    name: Option<String>,
    preds: Vec<Pred>,
}

#[derive(Clone, Debug, PartialEq)]
enum Pred {
    /// `[2]`, from 1.
    At(usize),
    Last,
    /// `[@a]`, `[@a=v]`: the value and whether it was an unquoted number.
    Attr(String, Option<(String, bool)>),
}

#[derive(Clone, Debug, PartialEq)]
enum Target {
    Element,
    Text,
    Attr(String),
}

impl XPath {
    /// Parses `text`, or says what is wrong with it.
    pub fn parse(text: &str) -> Result<XPath, String> {
        let text = text.trim();
        let Some(rest) = text.strip_prefix('/') else {
            return Err("the path must start at the root: `/a/b`".into());
        };
        if rest.starts_with('/') || rest.contains("//") {
            return Err("`//` (any depth) is not supported: give the full path from the root".into());
        }
        if rest.contains("::") {
            return Err("axes such as `child::` are not supported: write the path's names".into());
        }
        let parts = split_steps(rest)?;
        let mut steps = Vec::new();
        let mut target = Target::Element;
        for (i, part) in parts.iter().enumerate() {
            let last = i + 1 == parts.len();
            if part == "text()" || part.starts_with('@') {
                if !last {
                    return Err(format!("`{part}` must be the path's last step"));
                }
                target = match part.strip_prefix('@') {
                    Some(a) if is_name(a) => Target::Attr(a.to_string()),
                    Some(a) => return Err(format!("`@{a}` is not an attribute name")),
                    None => Target::Text,
                };
                if steps.is_empty() {
                    return Err(format!("`{part}` needs an element before it: `/a/{part}`"));
                }
                continue;
            }
            steps.push(step(part)?);
        }
        Ok(XPath { steps, target })
    }

    /// The answer over an XML text: `None` when the text is not well-formed XML or the path
    /// selects nothing.
    pub fn eval(&self, xml: &str) -> Option<String> {
        let doc = Document::parse(xml).ok()?;
        self.eval_doc(&doc, xml)
    }

    /// The answer over a parsed document (`xml` is its text).
    pub fn eval_doc(&self, doc: &Document, xml: &str) -> Option<String> {
        let mut nodes = vec![doc.root()];
        for step in &self.steps {
            let mut next = Vec::new();
            for n in &nodes {
                let mut kids: Vec<Node> = n.children().filter(|k| step.matches(k)).collect();
                for p in &step.preds {
                    kids = p.filter(kids);
                }
                next.extend(kids);
            }
            if next.is_empty() {
                return None;
            }
            nodes = next;
        }
        match &self.target {
            Target::Element => nodes.first().map(|n| xml[n.range()].to_string()),
            Target::Text => {
                nodes.iter().flat_map(|n| n.children()).find(|k| k.is_text()).and_then(|k| k.text()).map(str::to_string)
            }
            Target::Attr(a) => nodes.iter().find_map(|n| attribute(n, a)).map(str::to_string),
        }
    }

    /// The field name the path gives when no `as` names it: the attribute's name, else the
    /// last element's (`/users/user/first_name/text()` is `first_name`).
    pub fn default_name(&self) -> Option<String> {
        match &self.target {
            Target::Attr(a) => Some(a.clone()),
            _ => self.steps.last().and_then(|s| s.name.clone()),
        }
    }
}

impl Step {
    fn matches(&self, n: &Node) -> bool {
        n.is_element() && self.name.as_ref().is_none_or(|name| !name.contains(':') && n.tag_name().name() == name)
    }
}

impl Pred {
    fn filter<'a, 'i>(&self, nodes: Vec<Node<'a, 'i>>) -> Vec<Node<'a, 'i>> {
        match self {
            Pred::At(i) => nodes.get(i - 1).copied().into_iter().collect(),
            Pred::Last => nodes.last().copied().into_iter().collect(),
            Pred::Attr(a, want) => nodes
                .into_iter()
                .filter(|n| match (attribute(n, a), want) {
                    (None, _) => false,
                    (Some(_), None) => true,
                    (Some(v), Some((w, true))) => v.trim().parse::<f64>().ok() == w.parse::<f64>().ok(),
                    (Some(v), Some((w, false))) => v == w,
                })
                .collect(),
        }
    }
}

/// An attribute by its local name, whatever its namespace (the operator is not namespace
/// aware); a prefixed name matches nothing.
fn attribute<'a>(n: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    if name.contains(':') {
        return None;
    }
    n.attributes().find(|a| a.name() == name).map(|a| a.value())
}

/// The steps between `/`, keeping a `/` inside a predicate's quotes.
fn split_steps(path: &str) -> Result<Vec<String>, String> {
    let mut out = vec![String::new()];
    let (mut depth, mut quote) = (0usize, None);
    for ch in path.chars() {
        match (ch, quote) {
            (q @ ('\'' | '"'), None) if depth > 0 => quote = Some(q),
            (q, Some(open)) if q == open => quote = None,
            ('[', None) => depth += 1,
            (']', None) => depth = depth.checked_sub(1).ok_or("a `]` without its `[`")?,
            ('/', None) if depth == 0 => {
                out.push(String::new());
                continue;
            }
            _ => {}
        }
        out.last_mut().expect("one step at least").push(ch);
    }
    if depth > 0 || quote.is_some() {
        return Err("a predicate `[` is never closed".into());
    }
    if out.iter().any(String::is_empty) {
        return Err("a step is empty: write a name between each `/`".into());
    }
    Ok(out)
}

/// One element step: `name` or `*`, then its predicates.
fn step(part: &str) -> Result<Step, String> {
    let (name, mut preds_text) = part.split_at(part.find('[').unwrap_or(part.len()));
    if name == ".." || name == "." {
        return Err(format!("`{name}` is not supported: a path only goes down from the root"));
    }
    let name = match name {
        "*" => None,
        n if is_name(n) => Some(n.to_string()),
        n => return Err(format!("`{n}` is not an element name")),
    };
    let mut preds = Vec::new();
    while let Some(body) = preds_text.strip_prefix('[') {
        let end = closing(body).ok_or("a predicate `[` is never closed")?;
        preds.push(pred(body[..end].trim())?);
        preds_text = &body[end + 1..];
    }
    if !preds_text.is_empty() {
        return Err(format!("unexpected `{preds_text}` after a predicate"));
    }
    Ok(Step { name, preds })
}

/// Where the predicate that `body` starts ends (its `]`), skipping quoted text.
fn closing(body: &str) -> Option<usize> {
    let mut quote = None;
    for (i, ch) in body.char_indices() {
        match (ch, quote) {
            (q @ ('\'' | '"'), None) => quote = Some(q),
            (q, Some(open)) if q == open => quote = None,
            (']', None) => return Some(i),
            _ => {}
        }
    }
    None
}

fn pred(body: &str) -> Result<Pred, String> {
    if body == "last()" {
        return Ok(Pred::Last);
    }
    if let Ok(n) = body.parse::<usize>() {
        return if n == 0 { Err("positions count from 1: `[1]` is the first".into()) } else { Ok(Pred::At(n)) };
    }
    let unsupported =
        || format!("the predicate `[{body}]` is not supported: use `[2]`, `[last()]`, `[@a]` or `[@a='value']`");
    let Some(attr) = body.strip_prefix('@') else { return Err(unsupported()) };
    let Some((name, value)) = attr.split_once('=') else {
        return if is_name(attr) { Ok(Pred::Attr(attr.to_string(), None)) } else { Err(unsupported()) };
    };
    let (name, value) = (name.trim(), value.trim());
    if !is_name(name) {
        return Err(unsupported());
    }
    let quoted = ['\'', '"'].iter().find_map(|q| value.strip_prefix(*q).and_then(|v| v.strip_suffix(*q)));
    let want = match quoted {
        Some(v) => (v.to_string(), false),
        None if value.parse::<f64>().is_ok() => (value.to_string(), true),
        None => return Err(unsupported()),
    };
    Ok(Pred::Attr(name.to_string(), Some(want)))
}

/// An XML name (a prefix allowed), loosely: letters, digits, `_`, `-`, `.`, `:`, not starting
/// with a digit, `-` or `.`.
fn is_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_' || c == ':')
        && chars.all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
}

#[cfg(test)]
mod tests {
    use super::XPath;

    const USERS: &str = r#"<users>
   <user id="123" role="manager">
      <first_name>Sally</first_name>
      <email>sally@emailplace.com</email>
   </user>
   <user id="456" role="contributor">
      <first_name>Bob</first_name>
   </user>
</users>"#;

    fn get(path: &str, xml: &str) -> Option<String> {
        XPath::parse(path).unwrap_or_else(|e| panic!("{path}: {e}")).eval(xml)
    }

    #[test]
    fn the_docs_examples() {
        assert_eq!(get("/users/user/first_name/text()", USERS).as_deref(), Some("Sally"));
        assert_eq!(get("/users/user[2]/first_name/text()", USERS).as_deref(), Some("Bob"));
        assert_eq!(get("/users/user[last()]/first_name/text()", USERS).as_deref(), Some("Bob"));
        assert_eq!(get("/users/user[@id=456]/first_name/text()", USERS).as_deref(), Some("Bob"));
        assert_eq!(get("/users/user/@id", USERS).as_deref(), Some("123"));
        assert_eq!(get("/users/user[2]/@id", USERS).as_deref(), Some("456"));
        assert_eq!(get("/users/user[last()]/@role", USERS).as_deref(), Some("contributor"));
    }

    #[test]
    fn elements_wildcards_and_predicates() {
        assert_eq!(get("/users/user[2]/first_name", USERS).as_deref(), Some("<first_name>Bob</first_name>"));
        assert_eq!(get("/users/*/email/text()", USERS).as_deref(), Some("sally@emailplace.com"));
        assert_eq!(get("/users/user[@role='contributor']/@id", USERS).as_deref(), Some("456"));
        assert_eq!(
            get("/users/user[@id=0456]/@role", USERS).as_deref(),
            Some("contributor"),
            "numbers compare as numbers"
        );
        assert_eq!(get("/users/user[@id='0456']/@role", USERS), None, "quoted text compares as text");
        assert_eq!(get("/users/user[@role][2]/@id", USERS).as_deref(), Some("456"));
        // The first `email` in document order, though the first user has one and the second not.
        assert_eq!(get("/users/user/email/text()", USERS).as_deref(), Some("sally@emailplace.com"));
        assert_eq!(get("/users/user[3]/@id", USERS), None);
        assert_eq!(get("/users/user/@missing", USERS), None);
        assert_eq!(get("/users/user/email[2]", USERS), None, "positions count within each parent");
        assert_eq!(get("/a/b/text()", "<a><b>x &amp; <![CDATA[y]]></b></a>").as_deref(), Some("x & y"));
        assert_eq!(get("/a/b/text()", "<a><b/></a>"), None);
        assert_eq!(get("/a", "<a>unclosed"), None, "not well-formed");
        assert_eq!(get("/b", "<a/>"), None);
    }

    #[test]
    fn namespaces_match_nothing_and_names_are_local() {
        let xml = r#"<r xmlns:n="urn:x"><n:a n:k="v">t</n:a></r>"#;
        assert_eq!(get("/r/n:a/text()", xml), None);
        assert_eq!(get("/r/a/text()", xml).as_deref(), Some("t"));
        assert_eq!(get("/r/a/@k", xml).as_deref(), Some("v"));
    }

    #[test]
    fn refused_paths() {
        for (p, says) in [
            ("users/user", "root"),
            ("//user", "`//`"),
            ("/users//user", "`//`"),
            ("/users/user/../@id", "`..`"),
            ("/child::users", "axes"),
            ("/users/text()/x", "last step"),
            ("/users/user[0]", "from 1"),
            ("/users/user[first_name='Bob']", "not supported"),
            ("/users/user[2", "never closed"),
            ("/users/", "empty"),
            ("/text()", "element before"),
        ] {
            let e = XPath::parse(p).expect_err(p);
            assert!(e.contains(says), "{p}: {e}");
        }
    }

    #[test]
    fn default_names() {
        let name = |p: &str| XPath::parse(p).unwrap().default_name();
        assert_eq!(name("/users/user/first_name/text()").as_deref(), Some("first_name"));
        assert_eq!(name("/users/user[2]/@id").as_deref(), Some("id"));
        assert_eq!(name("/users/*"), None);
    }

    #[test]
    fn deep_documents_do_not_overflow_the_stack() {
        let xml = format!("{}{}", "<a>".repeat(50_000), "</a>".repeat(50_000));
        let t = std::thread::Builder::new()
            .stack_size(256 * 1024)
            .spawn(move || XPath::parse("/a/a/a/text()").unwrap().eval(&xml))
            .unwrap();
        assert_eq!(t.join().unwrap(), None);
    }
}

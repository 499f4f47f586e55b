//! A rule file: its YAML read with saphyr, its metadata (title, id, level, author, references, tags, logsource) and its `detection` block.

use crate::diag::{Diagnostic, Span};
use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};
use serde::Serialize;

/// Sigma's levels, lowest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Informational,
    Low,
    Medium,
    High,
    Critical,
}

impl Level {
    pub const ALL: [Level; 5] = [Level::Informational, Level::Low, Level::Medium, Level::High, Level::Critical];

    pub fn parse(s: &str) -> Option<Level> {
        Level::ALL.into_iter().find(|l| l.name().eq_ignore_ascii_case(s.trim()))
    }

    pub fn name(self) -> &'static str {
        match self {
            Level::Informational => "informational",
            Level::Low => "low",
            Level::Medium => "medium",
            Level::High => "high",
            Level::Critical => "critical",
        }
    }
}

/// What a rule says about itself (everything but the detection), as the alerts show it.
#[derive(Clone, Debug, Default, Serialize)]
pub struct Meta {
    pub title: String,
    pub id: String,
    pub status: String,
    pub description: String,
    pub author: String,
    pub date: String,
    pub references: Vec<String>,
    pub tags: Vec<String>,
    pub falsepositives: Vec<String>,
    pub level: Option<Level>,
    pub product: String,
    pub service: String,
}

/// A YAML node and the rule text it came from, for spans in bytes (saphyr counts characters).
pub struct Doc<'t> {
    pub text: &'t str,
    /// Byte offset of every character, and the text's length at the end.
    chars: Vec<usize>,
}

impl<'t> Doc<'t> {
    pub fn new(text: &'t str) -> Doc<'t> {
        let mut chars: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        chars.push(text.len());
        Doc { text, chars }
    }

    /// The byte span of a node (its start to its end, as saphyr marks them).
    pub fn span(&self, node: &MarkedYaml) -> Span {
        let at = |c: usize| self.chars.get(c).copied().unwrap_or(self.text.len());
        let (s, e) = (at(node.span.start.index()), at(node.span.end.index()));
        s..e.max(s)
    }
}

/// The first document of a rule file, parsed; `S001` when it is not YAML.
pub fn parse_yaml(text: &str) -> Result<(MarkedYaml<'_>, usize), Diagnostic> {
    let docs = MarkedYaml::load_from_str(text).map_err(|e| {
        let m = e.marker();
        let at = text.char_indices().nth(m.index()).map_or(text.len(), |(i, _)| i);
        Diagnostic::at("S001", at..at, format!("not YAML: {} (line {}, column {})", e.info(), m.line(), m.col() + 1))
    })?;
    let n = docs.len();
    match docs.into_iter().next() {
        Some(d) => Ok((d, n)),
        None => Err(Diagnostic::new("S002", "the file is empty: a Sigma rule is a YAML mapping with `detection`")),
    }
}

/// A scalar's text (strings as written, numbers and booleans as YAML wrote them), else `None`.
pub fn scalar_text(node: &MarkedYaml) -> Option<String> {
    match &node.data {
        YamlData::Value(Scalar::String(s)) => Some(s.to_string()),
        YamlData::Value(Scalar::Integer(i)) => Some(i.to_string()),
        YamlData::Value(Scalar::FloatingPoint(f)) => Some(f.to_string()),
        YamlData::Value(Scalar::Boolean(b)) => Some(b.to_string()),
        YamlData::Representation(s, _, _) => Some(s.to_string()),
        _ => None,
    }
}

/// The value of `key` in a mapping node.
pub fn get<'a, 'i>(node: &'a MarkedYaml<'i>, key: &str) -> Option<&'a MarkedYaml<'i>> {
    match &node.data {
        YamlData::Mapping(m) => m.iter().find(|(k, _)| scalar_text(k).as_deref() == Some(key)).map(|(_, v)| v),
        _ => None,
    }
}

fn text_of(node: Option<&MarkedYaml>) -> String {
    node.and_then(scalar_text).unwrap_or_default()
}

fn list_of(node: Option<&MarkedYaml>) -> Vec<String> {
    match node.map(|n| &n.data) {
        Some(YamlData::Sequence(items)) => items.iter().filter_map(scalar_text).collect(),
        Some(_) => node.and_then(scalar_text).into_iter().collect(),
        None => Vec::new(),
    }
}

/// The rule's metadata; a diagnostic for a level that is not one of Sigma's.
pub fn meta(root: &MarkedYaml, doc: &Doc, diags: &mut Vec<Diagnostic>) -> Meta {
    let level_node = get(root, "level");
    let level = level_node.and_then(scalar_text).and_then(|l| Level::parse(&l));
    if let (Some(node), None) = (level_node, level) {
        diags.push(
            Diagnostic::at("S010", doc.span(node), "`level` is not one of Sigma's levels")
                .hint("informational, low, medium, high or critical; the rule runs without a level"),
        );
    }
    let logsource = get(root, "logsource");
    Meta {
        title: text_of(get(root, "title")),
        id: text_of(get(root, "id")),
        status: text_of(get(root, "status")),
        description: text_of(get(root, "description")).trim_end().to_string(),
        author: text_of(get(root, "author")),
        date: text_of(get(root, "date")),
        references: list_of(get(root, "references")),
        tags: list_of(get(root, "tags")),
        falsepositives: list_of(get(root, "falsepositives")),
        level,
        product: text_of(logsource.and_then(|l| get(l, "product"))),
        service: text_of(logsource.and_then(|l| get(l, "service"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_and_spans() {
        let text = "title: Été\nid: x-1\nlevel: High\nreferences:\n  - https://a\ntags: attack.t1\nlogsource:\n  product: aws\n  service: cloudtrail\n";
        let (root, n) = parse_yaml(text).unwrap();
        assert_eq!(n, 1);
        let doc = Doc::new(text);
        let mut diags = Vec::new();
        let m = meta(&root, &doc, &mut diags);
        assert_eq!((m.title.as_str(), m.id.as_str(), m.level), ("Été", "x-1", Some(Level::High)));
        assert_eq!(m.references, ["https://a"]);
        assert_eq!(m.tags, ["attack.t1"]);
        assert_eq!((m.product.as_str(), m.service.as_str()), ("aws", "cloudtrail"));
        let id = get(&root, "id").unwrap();
        assert_eq!(&text[doc.span(id)], "x-1", "spans are bytes although saphyr counts characters");
        assert!(diags.is_empty());
    }

    #[test]
    fn bad_yaml_and_level() {
        let e = parse_yaml("title: [unclosed\n").unwrap_err();
        assert_eq!(e.code, "S001");
        let text = "level: severe\n";
        let (root, _) = parse_yaml(text).unwrap();
        let mut diags = Vec::new();
        assert_eq!(meta(&root, &Doc::new(text), &mut diags).level, None);
        assert_eq!(diags[0].code, "S010");
        assert_eq!(diags[0].primary_span(), Some(7..13));
    }
}

//! `kv "key", ...` (also `keyvalue`): the values of `key=value` / `key: value` pairs in a text
//! field, in Sumo Logic's default inference mode. Everything about the operator, its runtime
//! included, is in this file.
//!
//! Sumo Logic's documentation does not give its inference rules; the ones chosen here:
//! - a key matches as written (case-sensitive, as JSON keys), where it is not the tail of a
//!   longer word of letters, digits, `_`, `.` or `-` (`xuser=` is not `user=`), optionally inside
//!   quotes (`"user": "alice"`);
//! - then `=` or `:`, with spaces allowed around it;
//! - a value in double or single quotes is the text inside them (with `\"` kept as written);
//!   otherwise it runs to the first space, `,`, `;`, `&`, quote or closing bracket (so an empty
//!   value is `""`);
//! - the first occurrence of the key that has a delimiter wins;
//! - as with `json`, a row missing any listed key is dropped unless `nodrop` (missing keys are
//!   then null), and the `nodrop` chain of extractions applies.
//!
//! `kv auto` (every pair, names inferred) and the regex mode (`kv regex "..." keys ...`) are not
//! implemented: they are refused with `U002`.

use super::source::{extraction_node, Source};
use super::{node, Kind, Planner, Range, Spec, Strings};
use crate::diag::{Diagnostic, Span};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::ops::{Chain, Flow, RowOp, Step};
use crate::syntax::ast::Name;
use crate::syntax::cursor::Cursor;
use crate::syntax::lex::Tok;
use crate::syntax::names;
use crate::syntax::node::Node;
use crate::value::Value;

pub static SPEC: Spec = Spec {
    name: "kv",
    words: &["kv", "keyvalue"],
    common: &[],
    keywords: &["infer", "field", "as", "nodrop", "auto", "regex"],
    strings: Strings::Text,
    kind: Kind::Row,
    range: Range::Never,
    usage: r#"kv [infer] [field=f] "key"[, "key"] [as a, b] [nodrop] (also `keyvalue`)"#,
    doc: "Extracts the values of `key=value` or `key: value` pairs into fields named after the keys; a row missing a key is dropped unless `nodrop`.",
    examples: &[
        r#"* | "user=alice role=\"db admin\"" as msg | kv field=msg "user", "role" | count by user, role"#,
        r#"* | keyvalue infer "eventName" as name nodrop | count by name"#,
    ],
    parse,
    plan,
};

#[derive(Clone, Debug)]
struct Kv {
    src: Source,
    keys: Vec<(String, Span)>,
    names: Vec<Name>,
}

extraction_node!(Kv, SPEC, |n, out| names::all(&n.names, out));

fn parse(c: &mut Cursor) -> Result<Box<dyn Node>, Diagnostic> {
    c.bump();
    let mut src = Source::default();
    let mut keys = Vec::new();
    let mut names = Vec::new();
    loop {
        if src.take(c)? {
        } else if c.is_word("auto") || c.is_word("regex") {
            return Err(Diagnostic::at(
                "U002",
                c.span(),
                "unsupported: `kv auto` and `kv regex` are not implemented yet; name the keys: `kv \"key1\", \"key2\"`",
            ));
        } else if c.eat_word("infer") {
        } else if c.eat_word("as") {
            names = c.name_list("a field name after `as`")?;
        } else if let Tok::Str(_) = c.peek() {
            keys.push(c.expect_string("a key")?);
            c.eat_sym(",");
        } else {
            break;
        }
    }
    if keys.is_empty() {
        return Err(c.unexpected("expected a key in quotes, like \"user\""));
    }
    if let Some((_, span)) = keys.iter().find(|(k, _)| k.is_empty()) {
        return Err(Diagnostic::at("E135", span.clone(), "an empty key matches nothing").hint("name the key: \"user\""));
    }
    if !names.is_empty() && names.len() != keys.len() {
        let span = names[0].span.start..names.last().unwrap().span.end;
        return Err(Diagnostic::at(
            "E133",
            span,
            format!("{} key(s) but {} name(s) after `as`", keys.len(), names.len()),
        )
        .hint("give one name per key"));
    }
    c.expect_stage_end("kv")?;
    Ok(Box::new(Kv { src, keys, names }))
}

fn plan(n: &dyn Node, p: &mut Planner) -> Result<Step, Diagnostic> {
    let Kv { src, keys, names } = node(n);
    let (field, chain) = src.plan(p, src.nodrop);
    let keys = keys
        .iter()
        .enumerate()
        .map(|(i, (k, _))| {
            let name = names.get(i).map_or(k.clone(), |n| n.text.clone());
            (k.clone(), p.fields.id(&name), name)
        })
        .collect();
    Ok(Step::Row(Box::new(KvOp { field, keys, chain })))
}

/// The runtime step: (key, field, name) per key.
struct KvOp {
    field: FieldId,
    keys: Vec<(String, FieldId, String)>,
    chain: Chain,
}

impl RowOp for KvOp {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let text = cx.env.reader.text(row, self.field);
        let mut all = true;
        let mut sets = Vec::with_capacity(self.keys.len());
        for (key, id, _) in &self.keys {
            let v = text.as_deref().and_then(|t| value_of(t, key));
            all &= v.is_some();
            sets.push((*id, v.map_or(Value::Null, Value::str)));
        }
        for (id, v) in sets {
            row.set(id, v);
        }
        self.chain.outcome(row, all)
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.keys.iter().map(|(_, id, name)| (*id, name.clone())).collect()
    }
}

fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-'
}

/// The value of the first `key=value` / `key: value` in `text` (see the module's rules).
fn value_of<'t>(text: &'t str, key: &str) -> Option<&'t str> {
    let b = text.as_bytes();
    let mut from = 0;
    while let Some(at) = text[from..].find(key).map(|i| i + from) {
        from = at + 1;
        if at > 0 && is_word_byte(b[at - 1]) {
            continue;
        }
        let mut i = at + key.len();
        if at > 0 && b[at - 1] == b'"' && b.get(i) == Some(&b'"') {
            i += 1;
        }
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        if !matches!(b.get(i), Some(b'=' | b':')) {
            continue;
        }
        i += 1;
        while b.get(i) == Some(&b' ') {
            i += 1;
        }
        return Some(match b.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                let start = i + 1;
                let mut j = start;
                while j < b.len() && b[j] != q {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                &text[start..j.min(b.len())]
            }
            _ => {
                let end = text[i..]
                    .find(|c: char| c.is_whitespace() || ",;&\"')]}".contains(c))
                    .map_or(text.len(), |e| i + e);
                &text[i..end]
            }
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::value_of;

    #[test]
    fn inference_rules() {
        let t = r#"xuser=bob user=alice role="db admin" ip: 10.0.0.1, n=5;m='q x' e=, z"#;
        assert_eq!(value_of(t, "user"), Some("alice"));
        assert_eq!(value_of(t, "role"), Some("db admin"));
        assert_eq!(value_of(t, "ip"), Some("10.0.0.1"));
        assert_eq!(value_of(t, "n"), Some("5"));
        assert_eq!(value_of(t, "m"), Some("q x"));
        assert_eq!(value_of(t, "e"), Some(""));
        assert_eq!(value_of(t, "nope"), None);
        assert_eq!(value_of(r#"{"eventName":"GetObject","x":1}"#, "eventName"), Some("GetObject"));
        assert_eq!(value_of(r#"{"a":{"k": 12}}"#, "k"), Some("12"));
        // A key mentioned without a delimiter is skipped for a later one that has it.
        assert_eq!(value_of("user alice, user=bob", "user"), Some("bob"));
    }
}

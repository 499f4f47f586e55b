//! `parse "start*stop" as f`: anchor extraction. Leftmost start anchor, shortest captures,
//! a trailing `*` takes the rest, matching is literal and case-sensitive.

use super::{Chain, Flow, RowOp};
use crate::exec::cx::Cx;
use crate::exec::row::Row;
use crate::fields::FieldId;
use crate::value::Value;
use memchr::memmem;

pub struct Pattern {
    /// Literal text around the captures: `segments.len() == outs.len() + 1`.
    segments: Vec<String>,
    finders: Vec<memmem::Finder<'static>>,
    outs: Vec<(FieldId, String)>,
}

impl Pattern {
    pub fn new(pattern: &str, outs: Vec<(FieldId, String)>) -> Pattern {
        Pattern::from_segments(pattern.split('*').map(str::to_string).collect(), outs)
    }

    /// The literal texts around the captures, given already split (`sessionize` writes values
    /// into them, and a value's `*` is text, not a capture).
    pub fn from_segments(segments: Vec<String>, outs: Vec<(FieldId, String)>) -> Pattern {
        let finders = segments.iter().map(|s| memmem::Finder::new(s.as_bytes()).into_owned()).collect();
        Pattern { segments, finders, outs }
    }

    /// The captured values, or `None` when the text does not match.
    pub fn captures<'t>(&self, text: &'t str) -> Option<Vec<&'t str>> {
        let b = text.as_bytes();
        let mut pos = if self.segments[0].is_empty() { 0 } else { self.finders[0].find(b)? + self.segments[0].len() };
        let mut caps = Vec::with_capacity(self.outs.len());
        for k in 1..self.segments.len() {
            let seg = &self.segments[k];
            if seg.is_empty() && k == self.segments.len() - 1 {
                caps.push(&text[pos..]);
                pos = text.len();
            } else {
                let at = pos + self.finders[k].find(&b[pos..])?;
                caps.push(&text[pos..at]);
                pos = at + seg.len();
            }
        }
        Some(caps)
    }
}

pub struct Parse {
    pub field: FieldId,
    pub patterns: Vec<Pattern>,
    pub chain: Chain,
}

impl RowOp for Parse {
    fn apply(&self, row: &mut Row, cx: &mut Cx) -> Flow {
        let reader = cx.env.reader;
        let mut any = false;
        let mut sets: Vec<(FieldId, Value)> = Vec::new();
        if let Some(text) = reader.text(row, self.field) {
            for p in &self.patterns {
                if let Some(caps) = p.captures(&text) {
                    any = true;
                    sets.extend(p.outs.iter().zip(caps).map(|((id, _), c)| (*id, Value::str(c))));
                }
            }
        }
        for (id, v) in sets {
            row.set(id, v);
        }
        if !any {
            for p in &self.patterns {
                for (id, _) in &p.outs {
                    row.set(*id, Value::Null);
                }
            }
        }
        self.chain.outcome(row, any)
    }

    fn outputs(&self) -> Vec<(FieldId, String)> {
        self.patterns.iter().flat_map(|p| p.outs.iter().cloned()).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leftmost_start_shortest_capture() {
        let p = Pattern::new("\"userName\":\"*\"", vec![(0, "u".into())]);
        let raw = r#"{"userIdentity":{"userName":"alice"},"x":{"userName":"bob"}}"#;
        assert_eq!(p.captures(raw), Some(vec!["alice"]));
        assert_eq!(p.captures("{}"), None);
    }

    #[test]
    fn trailing_and_leading_stars() {
        let p = Pattern::new("a=*", vec![(0, "a".into())]);
        assert_eq!(p.captures("x a=1 2"), Some(vec!["1 2"]));
        let p = Pattern::new("*:*", vec![(0, "a".into()), (1, "b".into())]);
        assert_eq!(p.captures("k:v:w"), Some(vec!["k", "v:w"]));
    }
}

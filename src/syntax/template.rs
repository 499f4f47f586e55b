//! Dashboard template variables: `{{name}}` replaced by text before parsing (`*` when unset),
//! and legacy search macros `$$name`, replaced when a variable of that name is given.

use std::collections::HashMap;

/// The query after substitution, with what is needed to map spans back to the original text.
pub struct Substituted {
    pub text: String,
    /// (position in `text`, position in the original, length of the replacement in `text`).
    edits: Vec<(usize, usize, usize, usize)>,
    /// Variables that were used but not given (they became `*`).
    pub defaulted: Vec<String>,
}

/// Replaces `{{name}}` (and `{{{name}}}`) with the given values; names are compared without case.
/// A `$$name` macro is replaced only when `name` is given: it stands for a source expression
/// defined in a Sumo Logic account, so `*` would answer something else (left as it is, the
/// scope parser says what it is: `U005`).
pub fn substitute(src: &str, vars: &HashMap<String, String>) -> Substituted {
    let lower: HashMap<String, &String> = vars.iter().map(|(k, v)| (k.to_ascii_lowercase(), v)).collect();
    let mut text = String::with_capacity(src.len());
    let mut edits = Vec::new();
    let mut defaulted = Vec::new();
    let mut i = 0;
    while let Some(open) = next_placeholder(src, i) {
        // Past the query length cap the parser refuses the text anyway: stop before values
        // repeated thousands of times can take the memory.
        if text.len() > super::parse::MAX_QUERY_LEN {
            break;
        }
        let Some((name, end, is_macro)) = placeholder(src, open) else {
            let skip = open + 2;
            text.push_str(&src[i..skip]);
            i = skip;
            continue;
        };
        let value = match lower.get(&name.to_ascii_lowercase()) {
            Some(v) => v.as_str(),
            None if is_macro => {
                text.push_str(&src[i..end]);
                i = end;
                continue;
            }
            None => {
                defaulted.push(name.to_string());
                "*"
            }
        };
        text.push_str(&src[i..open]);
        edits.push((text.len(), open, value.len(), end - open));
        text.push_str(value);
        i = end;
    }
    text.push_str(&src[i..]);
    Substituted { text, edits, defaulted }
}

/// Where the next `{{` or `$$` at or after `from` starts.
fn next_placeholder(src: &str, from: usize) -> Option<usize> {
    let a = src[from..].find("{{").map(|o| from + o);
    let b = src[from..].find("$$").map(|o| from + o);
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

/// The placeholder at `open`: its name, where it ends, and whether it is a `$$` macro; `None`
/// when the text there is not one (`{{` never closed, or not a name inside).
fn placeholder(src: &str, open: usize) -> Option<(&str, usize, bool)> {
    if src[open..].starts_with("$$") {
        let rest = &src[open + 2..];
        let len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(rest.len());
        return (len > 0).then(|| (&rest[..len], open + 2 + len, true));
    }
    let triple = src[open..].starts_with("{{{");
    let (o, c) = if triple { ("{{{", "}}}") } else { ("{{", "}}") };
    let close_off = src[open + o.len()..].find(c)?;
    let name = src[open + o.len()..open + o.len() + close_off].trim();
    let end = open + o.len() + close_off + c.len();
    (!name.is_empty() && name.chars().all(|ch| ch.is_alphanumeric() || "_.-".contains(ch)))
        .then_some((name, end, false))
}

impl Substituted {
    /// Maps a byte position in the substituted text back to the original query.
    pub fn to_original(&self, pos: usize) -> usize {
        let mut shift: isize = 0;
        for &(new_at, orig_at, new_len, orig_len) in &self.edits {
            if pos < new_at {
                break;
            }
            if pos < new_at + new_len {
                return orig_at; // inside a replacement: point at the placeholder
            }
            shift = (orig_at + orig_len) as isize - (new_at + new_len) as isize;
        }
        (pos as isize + shift) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substitution_stops_past_the_query_length_cap() {
        let mut vars = HashMap::new();
        vars.insert("x".to_string(), "y".repeat(1 << 20));
        let s = substitute(&"{{x}}".repeat(10_000), &vars);
        assert!(s.text.len() > super::super::parse::MAX_QUERY_LEN);
        assert!(s.text.len() < 3 << 20, "stopped after the first values, not 10,000 MiB");
    }

    #[test]
    fn unset_variables_become_star_and_spans_map_back() {
        let mut vars = HashMap::new();
        vars.insert("User".to_string(), "alice".to_string());
        let s = substitute("_sourceCategory={{ds}} | where u matches \"{{user}}\" | x", &vars);
        assert_eq!(s.text, "_sourceCategory=* | where u matches \"alice\" | x");
        assert_eq!(s.defaulted, vec!["ds".to_string()]);
        let x_new = s.text.rfind('x').unwrap();
        let src = "_sourceCategory={{ds}} | where u matches \"{{user}}\" | x";
        assert_eq!(s.to_original(x_new), src.rfind('x').unwrap());
    }
}

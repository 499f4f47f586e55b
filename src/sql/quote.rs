//! SQL literals and identifiers, quoted for the dialect.

use super::Dialect;

/// A string literal: `'it''s'` in Trino; Spark reads `\` as an escape (and `'a''b'` as two
/// literals run together), so there backslashes and quotes are escaped with `\`.
pub fn lit(d: Dialect, s: &str) -> String {
    match d {
        Dialect::Athena => format!("'{}'", s.replace('\'', "''")),
        Dialect::Spark => format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'")),
    }
}

/// An identifier, always quoted: field names such as `user` or `count` are SQL keywords.
pub fn ident(d: Dialect, s: &str) -> String {
    match d {
        Dialect::Athena => format!("\"{}\"", s.replace('"', "\"\"")),
        Dialect::Spark => format!("`{}`", s.replace('`', "``")),
    }
}

/// A number as SQL text (arithmetic casts to DOUBLE itself, see `expr`).
pub fn num(n: f64) -> String {
    crate::value::format_num(n)
}

/// A regular expression for `regexp_like`/`regexp_extract`: Java's flavour (Trino, Spark) and
/// RE2's agree on what the translator writes (classes, groups, `(?i)`, `(?s)`), named groups
/// aside, which [`unname_groups`] removes.
pub fn regex_escape(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `(?<name>...)` and `(?P<name>...)` as plain groups, with each name and its group number:
/// Java and RE2 spell named groups differently, and SQL reads groups by number anyway.
pub fn unname_groups(re: &str) -> (String, Vec<(String, usize)>) {
    let (mut out, mut names, mut group) = (String::new(), Vec::new(), 0);
    let mut it = re.char_indices().peekable();
    let mut in_class = false;
    while let Some((i, c)) = it.next() {
        let rest = &re[i..];
        if c == '\\' {
            out.push(c);
            if let Some((_, n)) = it.next() {
                out.push(n);
            }
            continue;
        }
        if in_class {
            in_class = c != ']';
            out.push(c);
            continue;
        }
        if c == '[' {
            in_class = true;
        } else if c == '(' {
            let named = if rest.starts_with("(?P<") {
                4
            } else if rest.starts_with("(?<") && !rest.starts_with("(?<=") && !rest.starts_with("(?<!") {
                3
            } else {
                0
            };
            if named > 0 {
                if let Some(end) = rest[named..].find('>') {
                    group += 1;
                    names.push((rest[named..named + end].to_string(), group));
                    out.push('(');
                    for _ in 0..named + end {
                        it.next();
                    }
                    continue;
                }
            } else if !rest.starts_with("(?") {
                group += 1;
            }
        }
        out.push(c);
    }
    (out, names)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn named_groups_become_numbered() {
        let (re, names) = unname_groups(r"^(?:Create|Run)(?<kind>[A-Z]\w+)(x)(?P<rest>.*)[(?<no>]");
        assert_eq!(re, r"^(?:Create|Run)([A-Z]\w+)(x)(.*)[(?<no>]");
        assert_eq!(names, vec![("kind".to_string(), 1), ("rest".to_string(), 3)]);
        let (re, names) = unname_groups(r"\(?<a>b\)(?<=x)");
        assert_eq!((re.as_str(), names.len()), (r"\(?<a>b\)(?<=x)", 0));
    }

    #[test]
    fn literals_quote_for_their_dialect() {
        assert_eq!(lit(Dialect::Athena, r"it's \d"), r"'it''s \d'");
        assert_eq!(lit(Dialect::Spark, r"it's \d"), r"'it\'s \\d'");
        assert_eq!(ident(Dialect::Athena, "user"), "\"user\"");
        assert_eq!(ident(Dialect::Spark, "a`b"), "`a``b`");
    }
}

//! JSON paths as `json "a.b[0].c"` writes them: keys, `[n]`, `[*]`, `['odd key']`, and `..`
//! (JSONPath's recursive descent, which Sumo Logic's json page lists: `a..b` is every `b` under `a`).

#[derive(Clone, Debug, PartialEq)]
pub enum Seg {
    Key(String),
    Index(usize),
    /// `[*]`: every element of an array.
    All,
    /// `..`: the rest of the path at the value and at every value nested in it.
    Descend,
}

impl Seg {
    /// `[*]` and `..`, which give every match as a JSON array.
    pub fn is_multi(&self) -> bool {
        matches!(self, Seg::All | Seg::Descend)
    }
}

/// At most this many `..` in a path: each one applies the rest of the path at every nested
/// value, so the work grows as the record's size to the power of their number.
pub const MAX_DESCENDS: usize = 4;

/// Parses a path; the error says what is wrong at which character.
pub fn parse_path(p: &str) -> Result<Vec<Seg>, String> {
    let b = p.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    let mut key = String::new();
    let flush = |key: &mut String, out: &mut Vec<Seg>| {
        if !key.is_empty() {
            out.push(Seg::Key(std::mem::take(key)));
        }
    };
    while i < b.len() {
        match b[i] {
            b'.' if b.get(i + 1) == Some(&b'.') => {
                flush(&mut key, &mut out);
                out.push(Seg::Descend);
                i += 2;
                if matches!(b.get(i), None | Some(b'.')) {
                    return Err(format!("`..` at character {} of `{p}` must be followed by a key or `[...]`", i - 1));
                }
            }
            b'.' => {
                if key.is_empty() && !matches!(out.last(), Some(Seg::Index(_) | Seg::All)) {
                    return Err(format!("empty key at character {} of the path `{p}`", i + 1));
                }
                flush(&mut key, &mut out);
                i += 1;
            }
            b'[' => {
                flush(&mut key, &mut out);
                let close = p[i..]
                    .find(']')
                    .map(|c| i + c)
                    .ok_or_else(|| format!("`[` at character {} of `{p}` is never closed", i + 1))?;
                let inner = p[i + 1..close].trim();
                let seg = if inner == "*" {
                    Seg::All
                } else if let Ok(n) = inner.parse::<usize>() {
                    Seg::Index(n)
                } else if inner.len() >= 2
                    && (inner.starts_with('\'') && inner.ends_with('\'')
                        || inner.starts_with('"') && inner.ends_with('"'))
                {
                    Seg::Key(inner[1..inner.len() - 1].to_string())
                } else {
                    return Err(format!("`[{inner}]` in `{p}` is not an index, `[*]` or a quoted key"));
                };
                out.push(seg);
                i = close + 1;
            }
            _ => {
                let ch = p[i..].chars().next().unwrap();
                key.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    flush(&mut key, &mut out);
    if out.is_empty() {
        return Err("the path is empty".into());
    }
    // `extract` recurses once per `[*]` that the value nests: keep that within the stack.
    let cap = crate::nesting::MAX_NESTING;
    if out.iter().filter(|s| **s == Seg::All).count() > cap {
        return Err(format!("the path has more than {cap} `[*]`, the limit"));
    }
    if out.iter().filter(|s| **s == Seg::Descend).count() > MAX_DESCENDS {
        return Err(format!("the path has more than {MAX_DESCENDS} `..`, the limit"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mixed_paths() {
        assert_eq!(
            parse_path("a.items[0].id").unwrap(),
            vec![Seg::Key("a".into()), Seg::Key("items".into()), Seg::Index(0), Seg::Key("id".into())]
        );
        assert_eq!(parse_path("Grant[*].Permission").unwrap()[1], Seg::All);
        assert_eq!(parse_path("['a.b']").unwrap(), vec![Seg::Key("a.b".into())]);
        assert_eq!(parse_path("a..b").unwrap(), vec![Seg::Key("a".into()), Seg::Descend, Seg::Key("b".into())]);
        assert_eq!(parse_path("..b").unwrap(), vec![Seg::Descend, Seg::Key("b".into())]);
        assert_eq!(parse_path("a..['b.c']").unwrap()[2], Seg::Key("b.c".into()));
        assert_eq!(parse_path("a[0]..b").unwrap()[2], Seg::Descend);
        assert!(parse_path("a...b").is_err());
        assert!(parse_path("a..").is_err());
        assert!(parse_path("..").is_err());
        assert!(parse_path("..a..b..c..d").is_ok());
        assert!(parse_path("..a..b..c..d..e").unwrap_err().contains("more than 4 `..`"));
        assert!(parse_path("a[x").is_err());
        assert!(parse_path(&"[*]".repeat(128)).is_ok());
        assert!(parse_path(&"[*]".repeat(129)).unwrap_err().contains("more than 128 `[*]`"));
    }
}

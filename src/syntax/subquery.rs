//! `[subquery ...: child query | compose ...]`: where a subquery's block ends, found the same way in the scope and in a stage.

use super::ast::Subquery;
use super::lex::read_string;
use crate::diag::Diagnostic;

/// The subquery that starts at `src[i]`, if one does (`[subquery` then a space, `:` or `from=`):
/// its block runs to the matching `]`, outside strings and comments, so the child's own `|`,
/// `[0]` and nested subqueries stay inside.
pub fn block(src: &str, i: usize) -> Option<Result<Subquery, Diagnostic>> {
    let b = src.as_bytes();
    let word = src.get(i + 1..i + 9)?;
    let after = b.get(i + 9).copied();
    if b[i] != b'['
        || !word.eq_ignore_ascii_case("subquery")
        || after.is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
    {
        return None;
    }
    let mut depth = 0usize;
    let mut k = i + 1;
    while k < b.len() {
        match b[k] {
            b'"' => {
                k = match read_string(src, k) {
                    Ok((_, end)) => end,
                    Err(_) => b.len(),
                };
                continue;
            }
            b'/' if b.get(k + 1) == Some(&b'/') && (b[k - 1].is_ascii_whitespace() || b"(|[".contains(&b[k - 1])) => {
                k += src[k..].find('\n').unwrap_or(src.len() - k);
                continue;
            }
            b'/' if b.get(k + 1) == Some(&b'*') && (b[k - 1].is_ascii_whitespace() || b"(|[".contains(&b[k - 1])) => {
                k = src[k + 2..].find("*/").map_or(b.len(), |e| k + e + 4);
                continue;
            }
            b'[' => depth += 1,
            b']' if depth == 0 => {
                return Some(Ok(Subquery { text: src[i + 9..k].to_string(), at: i + 9, span: i..k + 1 }));
            }
            b']' => depth -= 1,
            _ => {}
        }
        k += 1;
    }
    Some(Err(Diagnostic::at("E250", i..i + 9, "this `[subquery` is never closed")
        .hint("end the subquery with `]` after its `compose`")))
}

#[cfg(test)]
mod tests {
    use super::block;

    #[test]
    fn the_block_ends_at_its_own_bracket() {
        let q = r#"x [subquery: a | json "b[0]" | where c = "]" // ]
| compose d] | count"#;
        let s = block(q, 2).unwrap().unwrap();
        assert_eq!(&q[s.span.clone()], &q[2..q.find("d]").unwrap() + 2]);
        assert!(s.text.starts_with(": a |"));
        assert!(block(q, 0).is_none());
        assert!(block("[subqueryx: a]", 0).is_none());
        assert_eq!(block("[subquery: a | compose b", 0).unwrap().unwrap_err().code, "E250");
    }
}

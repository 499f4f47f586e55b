//! Loading for one query: records that cannot match the query's keywords are not read at all.
//!
//! Exact, because the scope is checked again on every event that is loaded; the caller uses it
//! only for queries whose answer does not depend on events they do not match (see
//! `Plan::range_dependent`).

use crate::literal::Literal;

/// Literals of which every matching event holds one, searched without ASCII case.
#[derive(Clone, Debug)]
pub struct Prefilter {
    lits: Vec<Literal>,
}

impl Prefilter {
    pub fn new(literals: &[String]) -> Option<Prefilter> {
        let pieces: Vec<&str> = literals.iter().map(|l| shape_free_piece(l)).collect();
        if pieces.is_empty() || pieces.iter().any(|l| l.len() < 3) {
            return None; // too short to rule anything out cheaply
        }
        Some(Prefilter { lits: pieces.iter().map(|l| Literal::new(l)).collect() })
    }

    pub fn any(&self, data: &[u8]) -> bool {
        self.lits.iter().any(|l| l.is_match(data))
    }

    /// Hits of every literal in `data`, in order.
    fn hits(&self, data: &[u8]) -> Vec<usize> {
        let mut v: Vec<usize> = self.lits.iter().flat_map(|l| l.find_iter(data)).collect();
        if self.lits.len() > 1 {
            v.sort_unstable();
        }
        v
    }

    /// Start and end of each line of `data` that holds a literal (ends exclude the newline).
    pub fn lines_of(&self, data: &[u8]) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut next_line = 0;
        for at in self.hits(data) {
            if at < next_line {
                continue;
            }
            let start = memchr::memrchr(b'\n', &data[..at]).map_or(0, |i| i + 1);
            let end = memchr::memchr(b'\n', &data[at..]).map_or(data.len(), |i| at + i);
            out.push((start, end));
            next_line = end + 1;
        }
        out
    }
}

/// The longest part of `literal` that reads the same however the file is laid out.
///
/// Events are matched as compact JSON, but a file may be pretty-printed: `"a":"b"` in the
/// event is `"a": "b"` in the file. Layout only adds whitespace next to `{}[]:,`, so a piece
/// without those characters occurs in the file wherever it occurs in the event.
fn shape_free_piece(literal: &str) -> &str {
    literal.split(['{', '}', '[', ']', ':', ',']).max_by_key(|p| p.len()).unwrap_or("")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_a_literal() {
        let p = Prefilter::new(&["consolelogin".to_string()]).unwrap();
        let text = "{\"eventName\":\"ConsoleLogin\",\"x\":\"ConsoleLogin\"}\n{\"eventName\":\"Other\"}\n{\"eventName\":\"CONSOLELOGIN\"}";
        let found = p.lines_of(text.as_bytes());
        let lines: Vec<&str> = found.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(
            lines,
            ["{\"eventName\":\"ConsoleLogin\",\"x\":\"ConsoleLogin\"}", "{\"eventName\":\"CONSOLELOGIN\"}"]
        );
        assert!(Prefilter::new(&["ab".to_string()]).is_none());
    }

    #[test]
    fn pieces_match_pretty_printed_files_too() {
        let p = Prefilter::new(&["\"errorcode\":\"accessdenied\"".to_string()]).unwrap();
        assert!(p.any(b"{\n  \"errorCode\": \"AccessDenied\"\n}"));
        assert!(Prefilter::new(&["ab:cd".to_string()]).is_none(), "only short pieces are left");
    }
}

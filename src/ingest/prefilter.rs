//! Loading for one query: records that cannot match the query's keywords are not read at all.
//!
//! Exact, because the scope is checked again on every event that is loaded; the caller uses it
//! only for queries whose answer does not depend on events they do not match (see
//! `Plan::range_dependent`).

use super::records::Damage;
use crate::json::scan::scan_record;
use crate::plan::literal::Literal;

/// Literals of which every matching event holds one, searched without ASCII case.
#[derive(Clone, Debug)]
pub struct Prefilter {
    lits: Vec<Literal>,
}

impl Prefilter {
    pub fn new(literals: &[String]) -> Option<Prefilter> {
        if literals.is_empty() || literals.iter().any(|l| l.len() < 3) {
            return None; // too short to rule anything out cheaply
        }
        Some(Prefilter { lits: literals.iter().map(|l| Literal::new(l)).collect() })
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

    /// The byte ranges of the lines of `data` that hold a literal (each once, in order), and
    /// damage if one of them is not a whole JSON object; large inputs are searched on
    /// `threads` threads, each from a line start.
    pub fn matching_lines(&self, data: &[u8], threads: usize) -> (Vec<(usize, usize)>, Option<Damage>) {
        if threads < 2 || data.len() < (8 << 20) {
            return self.lines_in(data, 0, data.len());
        }
        let mut cuts = vec![0];
        for k in 1..threads {
            let at = data.len() * k / threads;
            if let Some(nl) = memchr::memchr(b'\n', &data[at..]) {
                cuts.push((at + nl + 1).max(*cuts.last().unwrap()));
            }
        }
        cuts.push(data.len());
        let parts: Vec<_> = std::thread::scope(|s| {
            let hs: Vec<_> = cuts.windows(2).map(|w| s.spawn(move || self.lines_in(data, w[0], w[1]))).collect();
            hs.into_iter().map(|h| h.join().expect("search threads do not panic")).collect()
        });
        let mut all = Vec::new();
        let mut damage = None;
        for (mut f, d) in parts {
            all.append(&mut f);
            damage = damage.or(d);
        }
        (all, damage)
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

    fn lines_in(&self, data: &[u8], from: usize, to: usize) -> (Vec<(usize, usize)>, Option<Damage>) {
        let mut found = Vec::new();
        let mut damage = None;
        let mut next_line = from;
        for hit in self.hits(&data[from..to]) {
            let at = from + hit;
            if at < next_line {
                continue;
            }
            let start = memchr::memrchr(b'\n', &data[from..at]).map_or(from, |i| from + i + 1);
            let end = memchr::memchr(b'\n', &data[at..to]).map_or(to, |i| at + i);
            let line = data[start..end].trim_ascii_end();
            match scan_record(line, 0, b"") {
                Some((e, _, _)) if line.first() == Some(&b'{') && e == line.len() => {
                    found.push((start, start + line.len()))
                }
                _ => {
                    damage =
                        damage.or(Some(Damage { offset: start, what: "a line is not a complete JSON object".into() }))
                }
            }
            next_line = end + 1;
        }
        (found, damage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_lines_with_a_literal() {
        let p = Prefilter::new(&["consolelogin".to_string()]).unwrap();
        let text = "{\"eventName\":\"ConsoleLogin\",\"x\":\"ConsoleLogin\"}\n{\"eventName\":\"Other\"}\n{\"eventName\":\"CONSOLELOGIN\"}";
        let (found, d) = p.matching_lines(text.as_bytes(), 1);
        assert!(d.is_none());
        let lines: Vec<&str> = found.iter().map(|(s, e)| &text[*s..*e]).collect();
        assert_eq!(
            lines,
            ["{\"eventName\":\"ConsoleLogin\",\"x\":\"ConsoleLogin\"}", "{\"eventName\":\"CONSOLELOGIN\"}"]
        );
        assert!(Prefilter::new(&["ab".to_string()]).is_none());
    }
}

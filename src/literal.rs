//! Case-insensitive literal search that stays fast on JSON.
//!
//! A plain case-insensitive automaton starts its search at the literal's first byte, and for
//! keywords such as `"errorCode":"AccessDenied"` that byte (`"`) is everywhere in JSON. Instead we
//! look for every case variant of the literal's rarest short window with a vectorized
//! multi-pattern search, and check the whole literal around each candidate.

use aho_corasick::{AhoCorasick, MatchKind};

/// Windows of this many bytes: 2^4 case variants at most, which vector search handles well.
const WINDOW: usize = 4;

#[derive(Clone, Debug)]
pub struct Literal {
    text: String,
    lower: Vec<u8>,
    /// The SIMD (Teddy) searcher where the machine has one; the automaton otherwise (wasm).
    packed: Option<aho_corasick::packed::Searcher>,
    anchor: AhoCorasick,
    /// Where the anchor window starts inside the literal.
    offset: usize,
    /// Without Teddy (wasm): the literal's rarest byte (index, both cases), found with
    /// memchr2, which vectorizes under wasm SIMD; the automaton above was 3x slower there.
    rare: (usize, u8, u8),
}

/// How common a byte is in CloudTrail JSON (higher is more common); guides the window choice.
fn commonness(b: u8) -> u32 {
    match b.to_ascii_lowercase() {
        b'"' | b':' | b',' => 100,
        b'e' | b'a' | b's' | b't' | b'r' | b'o' | b'n' | b'i' => 60,
        b'c' | b'd' | b'l' | b'm' | b'u' | b'p' | b'-' | b'.' | b'/' => 40,
        b'0'..=b'9' | b'h' | b'g' | b'y' | b'b' | b'f' | b'w' | b'{' | b'}' => 25,
        _ => 10,
    }
}

impl Literal {
    pub fn new(text: &str) -> Literal {
        Literal::build(text, true)
    }

    /// `teddy: false` takes the path wasm takes (tests run both).
    fn build(text: &str, teddy: bool) -> Literal {
        let lower = text.as_bytes().to_ascii_lowercase();
        let w = WINDOW.min(lower.len());
        let offset = (0..=lower.len() - w)
            .min_by_key(|&i| lower[i..i + w].iter().map(|b| commonness(*b)).sum::<u32>())
            .unwrap_or(0);
        let window = &lower[offset..offset + w];
        let variants = case_variants(window);
        let packed = if teddy { aho_corasick::packed::Config::new().builder().extend(&variants).build() } else { None };
        let anchor = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .build(variants)
            .expect("a few short literals always build");
        let at = (0..lower.len()).min_by_key(|&i| commonness(lower[i])).unwrap_or(0);
        let b = lower.get(at).copied().unwrap_or(0);
        let rare = (at, b, b.to_ascii_uppercase());
        Literal { text: text.to_string(), lower, packed, anchor, offset, rare }
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// Start positions of the literal in `hay`, ignoring ASCII case.
    pub fn find_iter<'h>(&'h self, hay: &'h [u8]) -> impl Iterator<Item = usize> + 'h {
        // Restarting one byte after each anchor hit finds overlapping ones too ("aaaa").
        let mut pos = 0;
        let offset = if self.packed.is_some() || self.lower.is_empty() { self.offset } else { self.rare.0 };
        let anchors = std::iter::from_fn(move || {
            let start = match &self.packed {
                Some(p) => p.find_in(hay, aho_corasick::Span::from(pos..hay.len()))?.start(),
                None if self.lower.is_empty() => {
                    self.anchor.find(aho_corasick::Input::new(hay).span(pos..hay.len()))?.start()
                }
                None => pos + memchr::memchr2(self.rare.1, self.rare.2, hay.get(pos..)?)?,
            };
            pos = start + 1;
            Some(start)
        });
        anchors.filter_map(move |at| {
            let start = at.checked_sub(offset)?;
            let cand = hay.get(start..start + self.lower.len())?;
            cand.eq_ignore_ascii_case(&self.lower).then_some(start)
        })
    }

    pub fn is_match(&self, hay: &[u8]) -> bool {
        self.find_iter(hay).next().is_some()
    }
}

/// Every upper/lower-case spelling of `w` (letters only vary).
fn case_variants(w: &[u8]) -> Vec<Vec<u8>> {
    let mut out = vec![Vec::new()];
    for &b in w {
        let alts: Vec<u8> =
            if b.is_ascii_alphabetic() { vec![b.to_ascii_lowercase(), b.to_ascii_uppercase()] } else { vec![b] };
        out = out.iter().flat_map(|p| alts.iter().map(move |a| [p.as_slice(), &[*a]].concat())).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_case_and_overlap() {
        for teddy in [true, false] {
            let new = |t: &str| Literal::build(t, teddy);
            let l = new("\"errorCode\":\"AccessDenied\"");
            let hay = br#"{"errorCode":"AccessDenied"},{"ERRORCODE":"accessdenied"},{"errorCode":"AccessDeniedX"}"#;
            assert_eq!(l.find_iter(hay).collect::<Vec<_>>(), [1, 30], "the third lacks the closing quote");
            assert!(!new("ConsoleLogin").is_match(b"Console Login"));
            assert!(new("ConsoleLogin").is_match(b"xx\"CONSOLElogin\""));
            let aa = new("aaaa");
            assert_eq!(aa.find_iter(b"aAaaa").collect::<Vec<_>>(), [0, 1]);
            assert_eq!(new("ab").find_iter(b"xAB").collect::<Vec<_>>(), [1]);
            assert_eq!(new("k").find_iter(b"kK-k").collect::<Vec<_>>(), [0, 1, 3]);
            assert_eq!(new("-9").find_iter(b"a-9-9").collect::<Vec<_>>(), [1, 3]);
        }
    }
}

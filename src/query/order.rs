//! The order of a result's rows when the page's table is sorted by one column (a click on its
//! header): the row indexes, computed here so that the page holds no ordering rule.
//!
//! The rule is the one the page's table has always shown, not the `sort` operator's
//! (`Value::sort_cmp`), on purpose: a header click looks at a result, it is no stage of the
//! query. Where they differ:
//! - nulls come last in both directions (`sort` puts null lowest, so first when descending):
//!   empty cells stay out of the way of what is being looked for;
//! - a column whose every non-null cell is a number or a number written as text (`"10"`, as
//!   `parse` extracts it; `-2`, `.5`, `1e3`, no spaces) sorts by value, so `"10"` follows `"9"`
//!   (`sort` compares text as text);
//! - ties keep the result's order in both directions (`sort` is stable too, but reverses ties
//!   when descending through its key order only).
//!
//! Otherwise they agree: numbers by value before text, text by Unicode code point (the bytes of
//! UTF-8 compare in code-point order, so astral characters follow U+FFFD, unlike JavaScript's
//! UTF-16 `<`), no locale folding (`Zebra` before `apple`). Booleans are compared as the text
//! `true`/`false`, and numbers that are not finite as the text the page receives (`NaN`, `inf`,
//! `-inf`). Descending is the exact reverse of ascending, except that ties and nulls keep their
//! places as said.

use crate::value::Value;
use std::cmp::Ordering;

/// Whether `s` is a number written as text: `^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$`.
pub fn is_numeric_text(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'-' | b'+')));
    let digits = |i: &mut usize| {
        let start = *i;
        while *i < b.len() && b[*i].is_ascii_digit() {
            *i += 1;
        }
        *i - start
    };
    let int = digits(&mut i);
    let frac = if b.get(i) == Some(&b'.') {
        i += 1;
        digits(&mut i)
    } else {
        0
    };
    if int == 0 && frac == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'-' | b'+')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// True when every non-null cell of the column is a finite number or a number written as text,
/// and there is one: such a column sorts by value.
pub fn is_numeric_column(rows: &[Vec<Value>], col: usize) -> bool {
    let mut seen = false;
    for v in rows.iter().map(|r| r.get(col).unwrap_or(&Value::Null)) {
        match v {
            Value::Null => continue,
            Value::Num(n) if n.is_finite() => {}
            Value::Str(s) if is_numeric_text(s) => {}
            _ => return false,
        }
        seen = true;
    }
    seen
}

/// 8 bytes of a text from `at`, big-endian, zero-padded: most comparisons end here.
fn prefix(s: &str, at: usize) -> u64 {
    let b = s.as_bytes().get(at..).unwrap_or_default();
    let mut p = [0u8; 8];
    let n = b.len().min(8);
    p[..n].copy_from_slice(&b[..n]);
    u64::from_be_bytes(p)
}

/// A cell as the text it is compared by when the column is not numeric (numbers aside).
fn text_of(v: &Value) -> &str {
    match v {
        Value::Str(s) => s.as_str(),
        Value::Bool(true) => "true",
        Value::Bool(false) => "false",
        Value::Num(n) if n.is_nan() => "NaN",
        Value::Num(n) if *n > 0.0 => "inf",
        Value::Num(_) => "-inf",
        Value::Null => "",
    }
}

/// Bytes every text of `texts` starts with (user agents share dozens).
fn common_prefix(texts: &[&str]) -> usize {
    let Some(first) = texts.first() else { return 0 };
    let first = first.as_bytes();
    texts.iter().fold(first.len(), |n, t| first[..n].iter().zip(t.as_bytes()).take_while(|(a, b)| a == b).count())
}

/// Row indexes of `rows` in the order of column `col`, ascending or descending, nulls last;
/// ties keep their order. A column past a row's end reads as null.
pub fn row_order(rows: &[Vec<Value>], col: usize, descending: bool) -> Vec<u32> {
    let dir = |o: Ordering| if descending { o.reverse() } else { o };
    let cell = |i: usize| rows[i].get(col).unwrap_or(&Value::Null);
    let by_value = |keys: &mut Vec<(f64, u32)>| {
        keys.sort_unstable_by(|a, b| dir(a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal)).then(a.1.cmp(&b.1)))
    };
    let mut nums: Vec<(f64, u32)> = Vec::new();
    let mut texts: Vec<(u64, u32)> = Vec::new();
    let mut nulls: Vec<u32> = Vec::new();
    if is_numeric_column(rows, col) {
        for i in 0..rows.len() {
            match cell(i) {
                Value::Num(n) => nums.push((*n, i as u32)),
                Value::Str(s) => nums.push((s.parse::<f64>().unwrap_or(f64::NAN), i as u32)),
                _ => nulls.push(i as u32),
            }
        }
        by_value(&mut nums);
        nums.into_iter().map(|k| k.1).chain(nulls).collect()
    } else {
        // Each row's text (empty for the others), and the rows that have one.
        let mut text: Vec<&str> = vec![""; rows.len()];
        for (i, t) in text.iter_mut().enumerate() {
            match cell(i) {
                Value::Null => nulls.push(i as u32),
                Value::Num(n) if n.is_finite() => nums.push((*n, i as u32)),
                v => {
                    *t = text_of(v);
                    texts.push((0, i as u32));
                }
            }
        }
        let shown: Vec<&str> = texts.iter().map(|&(_, i)| text[i as usize]).collect();
        let skip = common_prefix(&shown);
        for k in texts.iter_mut() {
            k.0 = prefix(text[k.1 as usize], skip);
        }
        by_value(&mut nums);
        texts.sort_unstable_by(|a, b| {
            let o = a.0.cmp(&b.0).then_with(|| text[a.1 as usize].cmp(text[b.1 as usize]));
            dir(o).then(a.1.cmp(&b.1))
        });
        let (nums, texts) = (nums.into_iter().map(|k| k.1), texts.into_iter().map(|k| k.1));
        // Numbers before text ascending; the exact reverse descending; nulls last both ways.
        if descending {
            texts.chain(nums).chain(nulls).collect()
        } else {
            nums.chain(texts).chain(nulls).collect()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::{Bool, Null, Num};

    fn s(t: &str) -> Value {
        Value::str(t)
    }

    fn order(cells: Vec<Value>, descending: bool) -> Vec<u32> {
        let rows: Vec<Vec<Value>> = cells.into_iter().map(|v| vec![v]).collect();
        row_order(&rows, 0, descending)
    }

    #[test]
    fn numbers_before_text_text_by_code_point_nulls_last() {
        let cells = vec![s("b"), Null, Num(10.0), s("B"), Num(9.0), Null, s("a"), Num(-1.5), s("é"), s("Z")];
        // -1.5, 9, 10, 'B', 'Z', 'a', 'b', 'é', then the nulls in their order.
        assert_eq!(order(cells.clone(), false), [7, 4, 2, 3, 9, 6, 0, 8, 1, 5]);
        assert_eq!(order(cells, true), [8, 0, 6, 9, 3, 2, 4, 7, 1, 5]);
        assert_eq!(order(vec![s("x"), Num(3.0), s("a"), Num(1.0)], false), [3, 1, 2, 0]);
    }

    #[test]
    fn ties_keep_their_order_and_nulls_stay_last_both_ways() {
        let cells = vec![s("b"), Null, s("a"), s("b"), s("c"), Null, s("a")];
        assert_eq!(order(cells.clone(), false), [2, 6, 0, 3, 4, 1, 5]);
        assert_eq!(order(cells, true), [4, 0, 3, 2, 6, 1, 5]);
    }

    #[test]
    fn numeric_columns_sort_by_value_even_as_text() {
        let cells = vec![s("10"), s("9"), Null, s("-2"), s("1e3"), Num(9.5)];
        assert_eq!(order(cells.clone(), false), [3, 1, 5, 0, 4, 2]);
        assert_eq!(order(cells, true), [4, 0, 5, 1, 3, 2]);
        // One value that is not a number makes it a text column: "10" < "9" by code point.
        assert_eq!(order(vec![s("10"), s("9"), s("x")], false), [0, 1, 2]);
        for yes in ["1", "-2", "+3", "1.", ".5", "1.5e-3", "2E10", "007"] {
            assert!(is_numeric_text(yes), "{yes}");
        }
        for no in ["", "-", ".", "1e", "e5", " 1", "1 ", "NaN", "inf", "0x10", "1,000", "١"] {
            assert!(!is_numeric_text(no), "{no}");
        }
        assert!(!is_numeric_column(&[vec![Null], vec![Null]], 0));
        // A number that is not finite reaches the page as text: it makes the column text.
        assert!(!is_numeric_column(&[vec![Num(1.0)], vec![Num(f64::NAN)]], 0));
        assert_eq!(order(vec![Num(f64::NAN), Num(1.0), Num(f64::INFINITY)], false), [1, 0, 2]);
    }

    #[test]
    fn astral_characters_sort_after_the_basic_plane() {
        // In UTF-16 units '😀' (D83D DE00) is before U+FFFD; by code point it is after.
        assert_eq!(order(vec![s("😀"), s("\u{FFFD}"), s("a"), s("\u{E000}")], false), [2, 3, 1, 0]);
        assert_eq!(order(vec![s("ab"), s("abc"), s("a")], false), [2, 0, 1]);
        assert_eq!(order(vec![s("apple"), s("Zebra")], false), [1, 0], "no locale folding");
        // Long shared prefixes (past the 8 bytes compared first) and an embedded NUL.
        let cells = vec![s("Mozilla/5.0 b"), s("Mozilla/5.0 a"), s("Mozilla/"), s("Mozilla/\u{0}"), s("Mozilla")];
        assert_eq!(order(cells, false), [4, 2, 3, 1, 0]);
    }

    #[test]
    fn booleans_compare_as_their_text_and_short_rows_read_null() {
        assert_eq!(order(vec![Bool(true), s("s"), Bool(false), Num(0.0)], false), [3, 2, 1, 0]);
        let rows = vec![vec![s("b"), s("x")], vec![s("a")], vec![]];
        assert_eq!(row_order(&rows, 1, false), [0, 1, 2]);
        assert_eq!(row_order(&[], 0, true), Vec::<u32>::new());
    }

    #[test]
    fn matches_a_comparator_sort_over_random_cells() {
        let alphabet = ["a", "b", "A", ".", "0", "9", "é", "ÿ", " ", "\u{0}", "Ā", "中", "😀", "\u{FFFD}"];
        let mut seed = 7u64;
        let mut rnd = |k: usize| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (seed >> 33) as usize % k
        };
        for size in [0, 1, 2, 5, 30, 500, 5000] {
            let cells: Vec<Value> = (0..size)
                .map(|_| match rnd(10) {
                    0 => Null,
                    1 => Num(rnd(50) as f64 - 25.0),
                    _ => {
                        let mut t = ["Mozilla/5.0 (X11; Linux x86_64) ", "10.0.", ""][rnd(3)].to_string();
                        (0..rnd(8)).for_each(|_| t.push_str(alphabet[rnd(alphabet.len())]));
                        s(&t)
                    }
                })
                .collect();
            for desc in [false, true] {
                let got = order(cells.clone(), desc);
                let mut want: Vec<u32> = (0..size as u32).filter(|&i| !cells[i as usize].is_null()).collect();
                let key = |v: &Value| match v {
                    Num(n) => (0, *n, String::new()),
                    v => (1, 0.0, v.as_text().chars().collect::<String>()),
                };
                want.sort_by(|&a, &b| {
                    let (x, y) = (key(&cells[a as usize]), key(&cells[b as usize]));
                    let o = x.0.cmp(&y.0).then(x.1.partial_cmp(&y.1).unwrap()).then(x.2.cmp(&y.2));
                    if desc {
                        o.reverse()
                    } else {
                        o
                    }
                });
                want.extend((0..size as u32).filter(|&i| cells[i as usize].is_null()));
                assert_eq!(got, want, "size {size}, descending {desc}");
            }
        }
    }
}

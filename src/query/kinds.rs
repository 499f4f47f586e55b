//! Each result column's kind: the one rule the page's table (alignment, time formatting) and
//! charts (axis, series, labels) draw by, so neither guesses from the cells it was sent.
//!
//! - `number`: every cell that is not a gap is a finite number, and there is one. A gap is null
//!   or a non-finite number (the page receives those as the text `NaN`, `inf`, `-inf`; the texts
//!   `Infinity`, `-Infinity` count too): a chart leaves a gap there, not a label.
//! - `time`: a `number` column named `_timeslice`, `_messagetime` or `_receipttime` (epoch ms).
//! - `empty`: nothing but gaps.
//! - `text`: anything else (a string that is not a gap, a boolean). Numbers written as text
//!   (`"10"`, as `parse` extracts them) stay `text` here: a chart takes them as labels. The
//!   table's sort still orders such a column by value (`query::order`).

use crate::value::Value;
use serde::Serialize;

#[derive(Serialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Number,
    Time,
    Text,
    Empty,
}

/// Columns whose values are epoch milliseconds, by name (compared without case).
pub fn is_time_column(name: &str) -> bool {
    ["_timeslice", "_messagetime", "_receipttime"].iter().any(|t| name.eq_ignore_ascii_case(t))
}

/// Texts that stand for a number that is not finite, as the engine writes them and as Java does.
const NON_FINITE: [&str; 5] = ["NaN", "inf", "-inf", "Infinity", "-Infinity"];

/// Whether a cell is a gap: null, or a number that is not finite (however it is written).
fn is_gap(v: &Value) -> bool {
    match v {
        Value::Null => true,
        Value::Num(n) => !n.is_finite(),
        Value::Str(s) => NON_FINITE.contains(&s.as_str()),
        Value::Bool(_) => false,
    }
}

/// The kind of column `c` of `rows`, named `name`.
pub fn column_kind(name: &str, rows: &[Vec<Value>], c: usize) -> Kind {
    let mut numbers = false;
    for v in rows.iter().filter_map(|r| r.get(c)) {
        if is_gap(v) {
            continue;
        }
        match v {
            Value::Num(_) => numbers = true,
            _ => return Kind::Text,
        }
    }
    match (numbers, is_time_column(name)) {
        (false, _) => Kind::Empty,
        (true, true) => Kind::Time,
        (true, false) => Kind::Number,
    }
}

/// Every column's kind, in column order.
pub fn column_kinds(columns: &[String], rows: &[Vec<Value>]) -> Vec<Kind> {
    columns.iter().enumerate().map(|(c, name)| column_kind(name, rows, c)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Value::{Bool, Null, Num};

    fn s(t: &str) -> Value {
        Value::str(t)
    }

    #[test]
    fn numbers_time_text_and_empty() {
        let cols: Vec<String> = ["_timeslice", "user", "_count", "blank", "bad"].map(String::from).to_vec();
        let rows = vec![
            vec![Num(1.7e12), s("alice"), Num(3.0), Null, s("NaN")],
            vec![Num(1.7e12 + 3.6e6), Null, Num(4.0), Null, Num(1.0)],
        ];
        assert_eq!(column_kinds(&cols, &rows), [Kind::Time, Kind::Text, Kind::Number, Kind::Empty, Kind::Number]);
        assert_eq!(column_kinds(&["ok".into()], &[vec![Bool(true)]]), [Kind::Text]);
    }

    #[test]
    fn gaps_numeric_text_and_time_names() {
        let one = |v: Vec<Value>, name: &str| column_kind(name, &v.into_iter().map(|v| vec![v]).collect::<Vec<_>>(), 0);
        assert_eq!(one(vec![Num(f64::NAN), Num(f64::INFINITY), s("-Infinity"), Null], "x"), Kind::Empty);
        assert_eq!(one(vec![Num(f64::NEG_INFINITY), Num(2.5)], "x"), Kind::Number);
        // Numbers written as text are labels for a chart.
        assert_eq!(one(vec![s("10"), s("9")], "bytes"), Kind::Text);
        assert_eq!(one(vec![Num(1.0), s("x")], "n"), Kind::Text);
        // A time name holding text is text; the name is compared without case.
        assert_eq!(one(vec![s("not a time")], "_timeslice"), Kind::Text);
        assert_eq!(one(vec![Num(0.0)], "_MessageTime"), Kind::Time);
        assert_eq!(one(vec![Num(0.0)], "_receipttime"), Kind::Time);
        assert_eq!(one(vec![], "_timeslice"), Kind::Empty);
        // A short row is a gap, not a panic.
        assert_eq!(column_kind("x", &[vec![]], 3), Kind::Empty);
    }

    #[test]
    fn kinds_serialise_as_lowercase_words() {
        let j = serde_json::to_string(&[Kind::Number, Kind::Time, Kind::Text, Kind::Empty]).unwrap();
        assert_eq!(j, r#"["number","time","text","empty"]"#);
    }
}

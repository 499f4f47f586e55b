//! The value a field holds while a query runs: null, boolean, number or string.

use smol_str::SmolStr;
use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// A field value. Strings up to 23 bytes live inline (no allocation), which covers most
/// CloudTrail values (event names, addresses, error codes); longer ones are shared, so copying
/// a value between stages, columns and group keys never copies its text.
#[derive(Clone, Debug, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    /// Sumo Logic's Long and Double both map here; integral values print without a fraction.
    Num(f64),
    Str(SmolStr),
}

impl Value {
    pub fn str(s: &str) -> Value {
        Value::Str(SmolStr::new(s))
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as text, the way Sumo Logic shows it; null is `""`.
    pub fn as_text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Value::Null => "".into(),
            Value::Str(s) => s.as_str().into(),
            Value::Bool(b) => if *b { "true" } else { "false" }.into(),
            Value::Num(n) => format_num(*n).into(),
        }
    }

    /// Implicit cast to a number, as Sumo Logic does for arithmetic and numeric comparisons.
    pub fn as_num(&self) -> Option<f64> {
        match self {
            Value::Num(n) => Some(*n),
            Value::Str(s) => parse_num(s),
            Value::Bool(_) | Value::Null => None,
        }
    }

    /// Truthiness for `where`: booleans as they are, the strings "true"/"false";
    /// anything else (null, numbers, other text) is not true.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            Value::Str(s) if s.eq_ignore_ascii_case("true") => Some(true),
            Value::Str(s) if s.eq_ignore_ascii_case("false") => Some(false),
            _ => None,
        }
    }

    /// Ordering used by `sort`: numbers numerically, text by bytes, numbers before text;
    /// null sorts lowest.
    pub fn sort_cmp(&self, other: &Value) -> Ordering {
        use Value::*;
        match (self, other) {
            (Null, Null) => Ordering::Equal,
            (Null, _) => Ordering::Less,
            (_, Null) => Ordering::Greater,
            (Num(a), Num(b)) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
            (Num(_), _) => Ordering::Less,
            (_, Num(_)) => Ordering::Greater,
            _ => self.as_text().as_ref().cmp(other.as_text().as_ref()),
        }
    }
}

/// Parses a number the way implicit casts do: decimal or scientific, surrounding spaces allowed.
pub fn parse_num(s: &str) -> Option<f64> {
    let t = s.trim();
    if t.is_empty() {
        return None;
    }
    let b = t.as_bytes()[0];
    if !(b.is_ascii_digit() || b == b'-' || b == b'+' || b == b'.') {
        return None; // rejects "inf", "NaN" and the like, which Rust would accept
    }
    t.parse::<f64>().ok()
}

/// Integral numbers print without a decimal point (`3`, not `3.0`).
pub fn format_num(n: f64) -> String {
    if n.is_nan() {
        return "NaN".into();
    }
    if n.is_infinite() {
        // Java's spelling, which queries test for (`where d != "Infinity"`).
        return if n > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if n.is_finite() && n.fract() == 0.0 && n.abs() < 1e17 {
        format!("{}", n as i64)
    } else {
        format!("{}", n)
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_text())
    }
}

impl PartialEq for Value {
    fn eq(&self, other: &Value) -> bool {
        use Value::*;
        match (self, other) {
            (Null, Null) => true,
            (Bool(a), Bool(b)) => a == b,
            (Num(a), Num(b)) => a.to_bits() == b.to_bits() || a == b,
            (Str(a), Str(b)) => a == b,
            _ => false,
        }
    }
}
impl Eq for Value {}

impl Hash for Value {
    fn hash<H: Hasher>(&self, h: &mut H) {
        match self {
            Value::Null => 0u8.hash(h),
            Value::Bool(b) => b.hash(h),
            Value::Num(n) => (if *n == 0.0 { 0.0f64 } else { *n }).to_bits().hash(h),
            Value::Str(s) => s.as_str().hash(h),
        }
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::str(s)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Str(SmolStr::from(s))
    }
}
impl From<f64> for Value {
    fn from(n: f64) -> Value {
        Value::Num(n)
    }
}
impl From<bool> for Value {
    fn from(b: bool) -> Value {
        Value::Bool(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_numbers_print_without_fraction() {
        assert_eq!(Value::Num(3.0).to_string(), "3");
        assert_eq!(Value::Num(2.5).to_string(), "2.5");
    }

    #[test]
    fn implicit_cast_rejects_words() {
        assert_eq!(Value::str(" 42 ").as_num(), Some(42.0));
        assert_eq!(Value::str("inf").as_num(), None);
        assert_eq!(Value::str("").as_num(), None);
    }
}

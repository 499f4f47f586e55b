//! `format`: Java's `String.format` subset (`%s %d %f %x`..., flags, width, precision, `n$`).

use super::number::fixed;
use super::string::text_only;
use super::{EvalCtx, FnError, FnResult};
use crate::value::Value;

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

/// Java's `String.format` for `%s %S %d %f %x %X %o %b %% %n`, with flags `-0+ ,`, a width, a
/// precision and `n$` argument indexes. Null or mismatched arguments warn, as the docs say.
pub(super) fn format(args: &[Value], _: &EvalCtx) -> FnResult {
    let Some(fmt) = text_only("format", &args[0])? else {
        return warn("format: the format is null".into());
    };
    let (mut out, mut next, mut rest) = (String::new(), 1, fmt);
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let spec_len = rest[at + 1..].find(|c: char| c.is_ascii_alphabetic() || c == '%');
        let Some(len) = spec_len else {
            return warn(format!("format: incomplete specifier at the end of \"{fmt}\""));
        };
        let spec = Spec::parse(&rest[at + 1..at + len + 2])?;
        rest = &rest[at + len + 2..];
        if let Some(lit) = match spec.conv {
            'n' => Some("\n"),
            '%' => Some("%"),
            _ => None,
        } {
            out.push_str(&pad("", lit, &spec.flags.replace('0', ""), spec.width));
            continue;
        }
        let i = spec.index.unwrap_or_else(|| {
            next += 1;
            next - 1
        });
        match args.get(i).filter(|_| i > 0) {
            Some(v) => out.push_str(&spec.render(v)?),
            None => return warn(format!("format: no argument {i} for %{}", spec.text)),
        }
    }
    out.push_str(rest);
    Ok(Value::from(out))
}

/// One `%[index$][flags][width][.precision]conversion`.
struct Spec {
    text: String,
    index: Option<usize>,
    flags: String,
    width: usize,
    prec: Option<usize>,
    conv: char,
}

impl Spec {
    fn parse(text: &str) -> Result<Spec, FnError> {
        let bad = || FnError::Warn(format!("format: bad specifier %{text}"));
        let conv = text.chars().last().ok_or_else(bad)?;
        let body = &text[..text.len() - 1];
        let (index, body) = match body.split_once('$') {
            Some((i, b)) => (Some(i.parse().map_err(|_| bad())?), b),
            None => (None, body),
        };
        let flags: String = body.chars().take_while(|c| "-0+ ,#".contains(*c)).collect();
        let (width, prec) = match body[flags.len()..].split_once('.') {
            Some((w, p)) => (w, Some(p.parse().map_err(|_| bad())?)),
            None => (&body[flags.len()..], None),
        };
        let width = if width.is_empty() { 0 } else { width.parse().map_err(|_| bad())? };
        Ok(Spec { text: text.to_string(), index, flags, width, prec, conv })
    }

    fn render(&self, v: &Value) -> Result<String, FnError> {
        let bad = || FnError::Warn(format!("format: %{} cannot format \"{v}\"", self.text));
        if v.is_null() && !matches!(self.conv, 'b' | 'B') {
            return Err(FnError::Warn(format!("format: the argument for %{} is null", self.text)));
        }
        let num = || v.as_num().filter(|_| !matches!(v, Value::Bool(_))).ok_or_else(bad);
        let int = || num().and_then(|n| if n.fract() == 0.0 { Ok(n as i64) } else { Err(bad()) });
        let group = |d: String| if self.flags.contains(',') { grouped(&d) } else { d };
        let sign = |neg: bool| {
            if neg {
                "-"
            } else if self.flags.contains('+') {
                "+"
            } else if self.flags.contains(' ') {
                " "
            } else {
                ""
            }
        };
        let (sign, body) = match self.conv {
            's' | 'S' => {
                let t = v.as_text();
                let t: String = self.prec.map_or(t.to_string(), |p| t.chars().take(p).collect());
                ("", if self.conv == 'S' { t.to_uppercase() } else { t })
            }
            'b' | 'B' => ("", v.as_bool().unwrap_or(!v.is_null()).to_string()),
            'd' => int().map(|n| (sign(n < 0), group(n.unsigned_abs().to_string())))?,
            // Negative numbers print as 64-bit two's complement, as Java does for a Long.
            'x' => ("", format!("{:x}", int()?)),
            'X' => ("", format!("{:X}", int()?)),
            'o' => ("", format!("{:o}", int()?)),
            'f' => {
                let n = num()?;
                let body = if n.is_nan() {
                    "NaN".to_string()
                } else if n.is_infinite() {
                    "Infinity".to_string()
                } else {
                    let t = fixed(n.abs(), self.prec.unwrap_or(6));
                    match t.split_once('.') {
                        Some((i, f)) => format!("{}.{f}", group(i.to_string())),
                        None => group(t),
                    }
                };
                (sign(n.is_sign_negative() && !n.is_nan()), body)
            }
            c => return Err(FnError::Warn(format!("format: unsupported conversion %{c}"))),
        };
        Ok(pad(sign, &body, &self.flags, self.width))
    }
}

/// Pads to `width`: spaces on the left, on the right with `-`, zeros after the sign with `0`.
fn pad(sign: &str, body: &str, flags: &str, width: usize) -> String {
    let fill = width.saturating_sub(sign.len() + body.chars().count());
    if flags.contains('-') {
        format!("{sign}{body}{}", " ".repeat(fill))
    } else if flags.contains('0') {
        format!("{sign}{}{body}", "0".repeat(fill))
    } else {
        format!("{}{sign}{body}", " ".repeat(fill))
    }
}

/// "1234567" -> "1,234,567".
fn grouped(digits: &str) -> String {
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (n - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, n, ok, s, warns};

    #[test]
    fn format_subset() {
        let f = |args: &[Value]| call("format", args);
        assert_eq!(f(&[s("%s : %s"), s("Five Minute Rate is :"), s("0.5")]), ok("Five Minute Rate is : : 0.5"));
        assert_eq!(f(&[s("$%.2f"), s("2.675")]), ok("$2.68"));
        assert_eq!(f(&[s("$%,.2f"), n(1234567.891)]), ok("$1,234,567.89"));
        assert_eq!(f(&[s("%.3f %s"), n(0.0005), s("%")]), ok("0.001 %"));
        assert_eq!(f(&[s("%f"), n(-1.5)]), ok("-1.500000"));
        assert_eq!(f(&[s("%.0f"), n(9.5)]), ok("10"));
        assert_eq!(f(&[s("%d/%d/%d"), s("12"), s("31"), s("2024")]), ok("12/31/2024"));
        assert_eq!(f(&[s("%05d|%-4d|%4s|%+d"), n(-42.0), n(7.0), s("ab"), n(3.0)]), ok("-0042|7   |  ab|+3"));
        assert_eq!(f(&[s("%x %X %o"), n(255.0), n(255.0), n(8.0)]), ok("ff FF 10"));
        assert_eq!(f(&[s("%S: %d%%%n"), s("bob"), n(30.0)]), ok("BOB: 30%\n"));
        assert_eq!(f(&[s("%2$s %1$s"), s("a"), s("b")]), ok("b a"));
        assert_eq!(f(&[s("%b %.2s"), Value::Null, s("xyz")]), ok("false xy"));
        assert!(warns(f(&[s("%d"), n(2.5)]), "cannot format"));
        assert!(warns(f(&[s("%s"), Value::Null]), "null"));
        assert!(warns(f(&[s("%s %s"), s("a")]), "no argument"));
        assert!(warns(f(&[s("%q"), s("a")]), "unsupported"));
        assert!(warns(f(&[s("50%")]), "incomplete"));
    }
}

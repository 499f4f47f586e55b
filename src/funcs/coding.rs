//! URL and base64 coding: `urlencode`, `urldecode`, `base64Encode`, `base64Decode`.

use super::{EvalCtx, FnError, FnResult};
use crate::value::Value;
use base64::engine::{general_purpose::GeneralPurpose, DecodePaddingMode, GeneralPurposeConfig};
use base64::{alphabet, Engine};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;

/// Standard alphabet, padded on output; on input the padding may be there or not.
const BASE64: GeneralPurpose = GeneralPurpose::new(
    &alphabet::STANDARD,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// What Java's `URLEncoder` leaves alone: letters, digits and `.-*_` (space becomes `+`).
const URL_KEEP: &AsciiSet = &NON_ALPHANUMERIC.remove(b'.').remove(b'-').remove(b'*').remove(b'_');

fn warn<T>(msg: String) -> Result<T, FnError> {
    Err(FnError::Warn(msg))
}

/// Java's `URLDecoder`: `+` is a space, `%XX` a byte of UTF-8; a broken escape is an error.
pub(super) fn urldecode(args: &[Value], _: &EvalCtx) -> FnResult {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let s = args[0].as_text();
    let b = s.as_bytes();
    let hex = |i: usize| b.get(i).is_some_and(u8::is_ascii_hexdigit);
    if let Some(i) = (0..b.len()).find(|&i| b[i] == b'%' && !(hex(i + 1) && hex(i + 2))) {
        return warn(format!("urldecode: bad escape at position {i} in \"{s}\""));
    }
    let plus = s.replace('+', " ");
    Ok(Value::from(percent_encoding::percent_decode_str(&plus).decode_utf8_lossy().into_owned()))
}

pub(super) fn urlencode(s: &str) -> String {
    // '%' itself is always escaped, so every "%20" in the output stands for a space.
    utf8_percent_encode(s, URL_KEEP).to_string().replace("%20", "+")
}

pub(super) fn base64_encode(s: &str) -> String {
    BASE64.encode(s)
}

/// Sumo Logic documents that invalid input is returned unaltered (not an error). Whitespace is
/// ignored and the URL-safe alphabet accepted, as Apache Commons Codec (which Sumo uses) does.
pub(super) fn base64_decode(args: &[Value], _: &EvalCtx) -> FnResult {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let enc = args.get(1).map_or(Cow::Borrowed("UTF-8"), |v| v.as_text()).to_ascii_uppercase();
    let s = args[0].as_text();
    let cleaned: String = s
        .chars()
        .filter(|c| !c.is_ascii_whitespace())
        .map(|c| match c {
            '-' => '+',
            '_' => '/',
            c => c,
        })
        .collect();
    let Ok(bytes) = BASE64.decode(cleaned) else { return Ok(args[0].clone()) };
    let utf16 = |be: bool| -> String {
        let units = bytes.chunks_exact(2).map(|c| {
            if be {
                u16::from_be_bytes([c[0], c[1]])
            } else {
                u16::from_le_bytes([c[0], c[1]])
            }
        });
        char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')).collect()
    };
    let utf32 = |be: bool| -> String {
        let units = bytes.chunks_exact(4).map(|c| [c[0], c[1], c[2], c[3]]);
        let units = units.map(|a| if be { u32::from_be_bytes(a) } else { u32::from_le_bytes(a) });
        units.map(|u| char::from_u32(u).unwrap_or('\u{FFFD}')).collect()
    };
    let text: String = match enc.as_str() {
        "UTF-8" | "UTF8" => String::from_utf8_lossy(&bytes).into_owned(),
        "US-ASCII" | "ASCII" => bytes.iter().map(|&b| if b < 128 { b as char } else { '\u{FFFD}' }).collect(),
        // Java's "UTF-16" honours a byte-order mark and is big-endian without one.
        "UTF-16" if bytes.starts_with(&[0xFF, 0xFE]) => utf16(false).chars().skip(1).collect(),
        "UTF-16" => utf16(true).trim_start_matches('\u{FEFF}').to_string(),
        "UTF-16BE" => utf16(true),
        "UTF-16LE" => utf16(false),
        "UTF-32" | "UTF-32BE" => utf32(true),
        "UTF-32LE" => utf32(false),
        _ => return warn(format!("base64Decode: unsupported encoding \"{enc}\"")),
    };
    Ok(Value::from(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, ok, s, warns};

    #[test]
    fn url_coding() {
        let url = "http://yourmainserver-city55555.org/functions/main.php?gk=Gk45MgHJhEYx8bPYvGfiWS7o3KLdfg90&";
        let enc = "http%3A%2F%2Fyourmainserver-city55555.org%2Ffunctions%2Fmain.php%3Fgk%3DGk45MgHJhEYx8bPYvGfiWS7o3KLdfg90%26";
        assert_eq!(call("urlencode", &[s(url)]), ok(enc));
        assert_eq!(call("urldecode", &[s(enc)]), ok(url));
        assert_eq!(call("urlencode", &[s("a b*é~")]), ok("a+b*%C3%A9%7E"));
        assert_eq!(call("urldecode", &[s("a+b%20%C3%A9")]), ok("a b é"));
        assert_eq!(call("urldecode", &[Value::Null]), Ok(Value::Null));
        assert_eq!(call("urlencode", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("urldecode", &[s("100%")]), "escape"));
        assert!(warns(call("urldecode", &[s("%zz")]), "escape"));
    }

    #[test]
    fn base64_coding() {
        assert_eq!(call("base64Encode", &[s("hello world")]), ok("aGVsbG8gd29ybGQ="));
        assert_eq!(call("base64Encode", &[Value::Null]), Ok(Value::Null));
        let url = "aHR0cDovL2NvZGVjLmFwYWNoZS5vcmcvY29tbW1vbnM=";
        assert_eq!(call("base64Decode", &[s(url)]), ok("http://codec.apache.org/commmons"));
        assert_eq!(call("base64Decode", &[s("aGVsbG8gd29ybGQ")]), ok("hello world"));
        assert_eq!(call("base64Decode", &[s("44GC44KK44GM44GoIOOBlOOBluOBhOOBvuOBmQ==")]), ok("ありがと ございます"));
        let le = "VABoAGkAcwAgAGkAcwAgAGEAIAB0AGUAcwB0ACAAcwB0AHIAaQBuAGcA";
        assert_eq!(call("base64Decode", &[s(le), s("UTF-16LE")]), ok("This is a test string"));
        assert_eq!(call("base64Decode", &[s("AEg="), s("utf-16")]), ok("H"));
        assert_eq!(call("base64Decode", &[s("AAAASA=="), s("UTF-32")]), ok("H"));
        assert_eq!(call("base64Decode", &[s("not base64!")]), ok("not base64!"));
        assert_eq!(call("base64Decode", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("base64Decode", &[s("AA=="), s("EBCDIC")]), "encoding"));
    }
}

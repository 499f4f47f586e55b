//! Hashing and checksums: `hash` (MD5, SHA-1, SHA-256, MurmurHash3) and `luhn`.

use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::Value;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256};

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "hash", min_args: 1, max_args: 2, eval: hash, usage: "hash(x[, \"md5\"|\"sha1\"|\"sha2_256\"|\"murmur3_128\"])" },
    FuncDef { name: "luhn", min_args: 1, max_args: 1, eval: luhn, usage: "luhn(s)" },
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The docs name `md5` (the default), `sha1`, `sha2_256` and `murmur3_128`, and their examples
/// also write `sha_256`; the shorter `sha2`, `sha256` and `murmur3` are read alike, in any case.
/// The value is hashed as its UTF-8 text (numbers as they print) and the digest is shown in
/// lower-case hex, as Sumo's hash rules show theirs. MurmurHash3 is Guava's `murmur3_128`
/// (x64 variant, seed 0, bytes h1 then h2, each little-endian). Null stays null.
fn hash(args: &[Value], _: &EvalCtx) -> FnResult {
    if args[0].is_null() {
        return Ok(Value::Null);
    }
    let algo = match args.get(1) {
        None => "md5".to_string(),
        Some(Value::Null) => return Ok(Value::Null),
        Some(v) => v.as_text().to_ascii_lowercase(),
    };
    let text = args[0].as_text();
    let data = text.as_bytes();
    let digest = match algo.as_str() {
        "md5" => hex(&Md5::digest(data)),
        "sha1" | "sha_1" | "sha-1" => hex(&Sha1::digest(data)),
        "sha2" | "sha2_256" | "sha_256" | "sha256" | "sha-256" => hex(&Sha256::digest(data)),
        "murmur3" | "murmur3_128" => {
            let h = murmur3::murmur3_x64_128(&mut std::io::Cursor::new(data), 0).unwrap_or(0);
            hex(&h.to_le_bytes())
        }
        other => {
            return Err(FnError::Warn(format!(
                "hash: unknown algorithm \"{other}\" (md5, sha1, sha2_256 or murmur3_128)"
            )))
        }
    };
    Ok(Value::from(digest))
}

/// The docs: strip everything that is not a digit, then Luhn's check. No digit at all is not a
/// card number (false), and neither is null: a boolean test answers false, as `isValidIP` does.
fn luhn(args: &[Value], _: &EvalCtx) -> FnResult {
    let text = args[0].as_text();
    let digits: Vec<u32> = text.chars().filter_map(|c| c.to_digit(10).filter(|_| c.is_ascii_digit())).collect();
    if digits.is_empty() {
        return Ok(Value::Bool(false));
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    Ok(Value::Bool(sum % 10 == 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, n, ok, s, warns};

    // Expected digests from Python's hashlib and the mmh3 package (mmh3.hash_bytes, which uses
    // Guava's byte order), not from this code.
    #[test]
    fn digests() {
        assert_eq!(call("hash", &[s("hello")]), ok("5d41402abc4b2a76b9719d911017c592"));
        assert_eq!(call("hash", &[s("hello"), s("MD5")]), ok("5d41402abc4b2a76b9719d911017c592"));
        assert_eq!(call("hash", &[s("hello"), s("sha1")]), ok("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d"));
        let sha256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
        for name in ["sha2", "sha2_256", "sha_256", "SHA256"] {
            assert_eq!(call("hash", &[s("hello"), s(name)]), ok(sha256), "{name}");
        }
        assert_eq!(call("hash", &[s(""), s("murmur3_128")]), ok("00000000000000000000000000000000"));
        assert_eq!(call("hash", &[s("hello"), s("murmur3")]), ok("029bbd41b3a7d8cb191dae486a901e5b"));
        let fox = "The quick brown fox jumps over the lazy dog";
        assert_eq!(call("hash", &[s(fox), s("murmur3_128")]), ok("6c1b07bc7bbc4be347939ac4a93c437a"));
        assert_eq!(call("hash", &[s("")]), ok("d41d8cd98f00b204e9800998ecf8427e"));
        // A number hashes as the text it prints as.
        assert_eq!(call("hash", &[n(42.0)]), call("hash", &[s("42")]));
        assert_eq!(call("hash", &[Value::Null]), Ok(Value::Null));
        assert!(warns(call("hash", &[s("x"), s("crc32")]), "crc32"));
    }

    #[test]
    fn luhn_check() {
        let b = |x: bool| Ok(Value::Bool(x));
        assert_eq!(call("luhn", &[s("4111 1111 1111 1111")]), b(true));
        assert_eq!(call("luhn", &[s("4111-1111-1111-1112")]), b(false));
        assert_eq!(call("luhn", &[s("79927398713")]), b(true));
        assert_eq!(call("luhn", &[n(79927398713.0)]), b(true));
        assert_eq!(call("luhn", &[s("79927398710")]), b(false));
        assert_eq!(call("luhn", &[s("no digits")]), b(false));
        assert_eq!(call("luhn", &[s("")]), b(false));
        assert_eq!(call("luhn", &[Value::Null]), b(false));
        // Only ASCII digits count: an Arabic-Indic digit is stripped like any other character.
        assert_eq!(call("luhn", &[s("٤79927398713")]), b(true));
    }
}

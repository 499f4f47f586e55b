//! A compact JSON writer that keeps keys in the order they are written: CloudTrail's key order
//! is part of what makes the records look real (and what `parse "\"key\":\"*\""` anchors on).

/// An object being written into a string; nested objects borrow the same string.
pub struct Obj<'a> {
    out: &'a mut String,
    first: bool,
}

impl<'a> Obj<'a> {
    pub fn open(out: &'a mut String) -> Obj<'a> {
        out.push('{');
        Obj { out, first: true }
    }

    fn key(&mut self, k: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        push_str(self.out, k);
        self.out.push(':');
    }

    pub fn str(&mut self, k: &str, v: &str) -> &mut Self {
        self.key(k);
        push_str(self.out, v);
        self
    }

    /// A value that is already JSON text (`null`, a number, a nested object written elsewhere).
    pub fn raw(&mut self, k: &str, json: &str) -> &mut Self {
        self.key(k);
        self.out.push_str(json);
        self
    }

    pub fn bool(&mut self, k: &str, v: bool) -> &mut Self {
        self.raw(k, if v { "true" } else { "false" })
    }

    /// A nested object, written by `f`.
    pub fn obj(&mut self, k: &str, f: impl FnOnce(&mut Obj)) -> &mut Self {
        self.key(k);
        let mut inner = Obj::open(self.out);
        f(&mut inner);
        inner.out.push('}');
        self
    }

    /// `k: {}` (CloudTrail writes empty objects for empty filter sets).
    pub fn empty(&mut self, k: &str) -> &mut Self {
        self.raw(k, "{}")
    }

    pub fn close(self) {
        self.out.push('}');
    }
}

/// Writes one object into a new string.
pub fn object(f: impl FnOnce(&mut Obj)) -> String {
    let mut s = String::with_capacity(128);
    let mut o = Obj::open(&mut s);
    f(&mut o);
    o.close();
    s
}

/// A JSON string literal. `/` is left alone, as CloudTrail does.
pub fn push_str(out: &mut String, s: &str) {
    out.push('"');
    if !s.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20) {
        out.push_str(s);
    } else {
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                '\n' => out.push_str("\\n"),
                '\t' => out.push_str("\\t"),
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order_and_escapes() {
        let s = object(|o| {
            o.str("b", "x\"y").raw("a", "-3").obj("n", |o| {
                o.bool("t", true).raw("z", "null");
            });
            o.str("s", "a/b\n").empty("e");
        });
        assert_eq!(s, r#"{"b":"x\"y","a":-3,"n":{"t":true,"z":null},"s":"a/b\n","e":{}}"#);
        let v: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(v["n"]["t"], true);
    }
}

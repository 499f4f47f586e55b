"""The keyword scope (everything before the first `|`), per the reference's §1.

Bare keyword: case-insensitive whole-term match in `_raw` (terms end at non-alphanumerics);
`*` inside it stands for any run of term characters. Quoted keyword: case-insensitive substring
of `_raw` (whitespace runs collapsed), `*` a wildcard. `name=value`: metadata fields
(_sourceCategory, _sourceName, account, region) or the record's field of that name, both
case-insensitive, value a whole-value glob. NOT > AND > OR, implicit AND.
"""

import re

from expr import Unsupported, unescape

TOK = re.compile(r'\s*(?:(?P<str>"(?:\\.|[^"\\])*")|(?P<lp>\()|(?P<rp>\))|(?P<eq>=)|(?P<bang>!)'
                 r'|(?P<word>[^\s()="]+))')

META = {"_sourcecategory": "category", "_sourcename": "source", "account": "account", "region": "region"}


def tokens(src):
    out, i = [], 0
    src = src.strip()
    while i < len(src):
        m = TOK.match(src, i)
        if not m or m.end() == i:
            raise Unsupported("scope syntax at %r" % src[i:])
        i = m.end()
        k = m.lastgroup
        out.append((k, m.group(k)))
    # merge `name = value` into one field term
    merged, j = [], 0
    while j < len(out):
        if j + 2 < len(out) and out[j][0] == "word" and out[j + 1][0] == "eq" and out[j + 2][0] in ("word", "str"):
            v = out[j + 2]
            val = unescape(v[1][1:-1]) if v[0] == "str" else v[1]
            merged.append(("field", (out[j][1], val)))
            j += 3
        else:
            merged.append(out[j])
            j += 1
    return merged


class P:
    def __init__(self, toks):
        self.t, self.i = toks, 0

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else (None, None)

    def isword(self, w):
        k, v = self.peek()
        return k == "word" and v.lower() == w

    def or_(self):
        e = self.and_()
        while self.isword("or"):
            self.i += 1
            e = ("or", e, self.and_())
        return e

    def and_(self):
        e = self.not_()
        while True:
            k, v = self.peek()
            if self.isword("and"):
                self.i += 1
                e = ("and", e, self.not_())
            elif k is not None and k != "rp" and not self.isword("or"):
                e = ("and", e, self.not_())
            else:
                return e

    def not_(self):
        if self.isword("not") or self.peek()[0] == "bang":
            self.i += 1
            return ("not", self.not_())
        return self.atom()

    def atom(self):
        k, v = self.peek()
        self.i += 1
        if k == "lp":
            e = self.or_()
            if self.peek()[0] != "rp":
                raise Unsupported("scope: missing )")
            self.i += 1
            return e
        if k == "str":
            return ("quoted", unescape(v[1:-1]))
        if k == "word":
            return ("bare", v)
        if k == "field":
            return ("field", v[0], v[1])
        raise Unsupported("scope token %r" % (v,))


def compile_scope(src):
    src = src.strip()
    if src in ("", "*"):
        return lambda e: True
    p = P(tokens(src))
    tree = p.or_()
    if p.i != len(p.t):
        raise Unsupported("scope: trailing tokens")
    return lambda e: match(tree, e)


def _bare_re(w):
    body = "".join("[A-Za-z0-9]*" if c == "*" else re.escape(c) for c in w)
    return re.compile(r"(?<![A-Za-z0-9])" + body + r"(?![A-Za-z0-9])", re.I)


def _collapse(s):
    return re.sub(r"\s+", " ", s)


def _glob(p):
    return re.compile("".join(".*" if c == "*" else re.escape(c) for c in p) + r"\Z", re.I | re.S)


def _record_field(rec, name):
    cur = rec
    for part in name.split("."):
        if not isinstance(cur, dict):
            return None
        hit = [k for k in cur if k.lower() == part.lower()]
        if not hit:
            return None
        cur = cur[hit[0]]
    if isinstance(cur, (dict, list)):
        return None
    if isinstance(cur, bool):
        return "true" if cur else "false"
    return None if cur is None else str(cur)


def match(t, e):
    k = t[0]
    if k == "and":
        return match(t[1], e) and match(t[2], e)
    if k == "or":
        return match(t[1], e) or match(t[2], e)
    if k == "not":
        return not match(t[1], e)
    if k == "bare":
        if t[1] == "*":
            return True
        return _bare_re(t[1]).search(e["raw"]) is not None
    if k == "quoted":
        pat = _collapse(t[1]).lower()
        raw = _collapse(e["raw"]).lower()
        if "*" in pat:
            rx = ".*?".join(re.escape(p) for p in pat.split("*"))
            return re.search(rx, raw, re.S) is not None
        return pat in raw
    if k == "field":
        name, val = t[1].lower(), t[2]
        v = e.get(META[name]) if name in META else _record_field(e["rec"], t[1])
        if name == "_sourcehost":
            v = ""
        if v is None:
            return val == "*"
        return _glob(val).match(v) is not None
    raise Unsupported("scope node %s" % k)

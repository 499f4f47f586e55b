"""Reference evaluator of the Sumo Logic query subset the data-driven cases use.

Independent of the Rust engine: it reads the fixture files itself (loader.py) and implements
the semantics of ../shared/reference/sumo-query-language.md (and, where that is silent,
ARCHITECTURE.md's "Semantics chosen where Sumo Logic's documentation is silent"). Anything it
does not implement raises expr.Unsupported, so the runner reports the case as not covered.

evaluate(query, events, vars) -> Table (columns, rows of values, tie ids saying which rows'
relative order the query leaves undefined).
"""

import json
import math
import re

import aggregates
import transactions
import predict
import xmlpath
from expr import DropRow, Unsupported, ev, glob_re, lex, parse_expr, py_regex, unescape
from scope import compile_scope
from values import group_key, sort_key, text, to_num, truthy

BUILTINS = ("_raw", "_messagetime", "_sourcecategory", "_sourcename", "account", "region")


class Row:
    __slots__ = ("vals", "names", "ev", "chain")

    def __init__(self, ev=None):
        self.vals, self.names, self.ev, self.chain = {}, {}, ev, False

    def get(self, name):
        k = name.lower()
        if k in self.vals:
            return self.vals[k]
        e = self.ev
        if e is None:
            return None
        if k == "_raw":
            return e["raw"]
        if k == "_messagetime":
            return e["time"]
        if k == "_sourcecategory":
            return e["category"]
        if k == "_sourcename":
            return e["source"]
        if k in ("account", "region"):
            return e[k]
        return None

    def set(self, name, v):
        k = name.lower()
        if k not in self.names:
            self.names[k] = name
        self.vals[k] = v

    def copy(self):
        r = Row(self.ev)
        r.vals, r.names, r.chain = dict(self.vals), dict(self.names), self.chain
        return r


class Table:
    """columns is None while rows are raw messages. ties[i]: rows with the same tie id have no
    defined relative order. cut: set when a limit cut through such a group."""

    def __init__(self, rows, ties, columns=None):
        self.rows, self.ties, self.columns, self.cut = rows, ties, columns, None


# ------------------------------------------------------------------ text helpers ----------

def strip_comments(q):
    out, i, n = [], 0, len(q)
    in_str = False
    while i < n:
        c = q[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(q[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
            continue
        if c == '"':
            in_str = True
            out.append(c)
            i += 1
        elif q.startswith("/*", i) and (i == 0 or q[i - 1].isspace() or q[i - 1] in "()|"):
            # a comment opens only where a token could start: `cm-core/*` is a value
            j = q.find("*/", i + 2)
            i = n if j < 0 else j + 2
            out.append(" ")
        elif q.startswith("//", i) and not (i > 0 and q[i - 1] == ":"):
            j = q.find("\n", i)
            i = n if j < 0 else j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_top(s, sep):
    """Split at `sep` outside strings, parentheses and /regex/ literals."""
    parts, cur, depth, in_str, i = [], [], 0, False, 0
    prev_word = ""
    while i < len(s):
        c = s[i]
        if in_str:
            cur.append(c)
            if c == "\\" and i + 1 < len(s):
                cur.append(s[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
        elif c == '"':
            in_str = True
            cur.append(c)
        elif c == "/" and (prev_word.lower() == "matches" or "".join(cur).rstrip()[-1:] in ("(", ",")):
            j = i + 1
            while j < len(s) and s[j] != "/":
                j += 2 if s[j] == "\\" else 1
            cur.append(s[i:j + 1])
            i = j + 1
            continue
        elif c in "([":
            depth += 1
            cur.append(c)
        elif c in ")]":
            depth -= 1
            cur.append(c)
        elif c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
        m = re.search(r"([A-Za-z_]+)\s*$", "".join(cur[-20:]))
        prev_word = m.group(1) if m else ""
        i += 1
    parts.append("".join(cur))
    return parts


def substitute(q, vars):
    q = re.sub(r"\{\{(\w+)\}\}", lambda m: vars.get(m.group(1), "*"), q)
    # A legacy $$macro is the source expression given under its name (left alone otherwise).
    return re.sub(r"\$\$(\w+)", lambda m: vars.get(m.group(1), m.group(0)), q)


def strings_and_rest(s):
    """Leading comma-separated string literals, and the text after them."""
    out = []
    s = s.strip()
    while True:
        m = re.match(r'"((?:\\.|[^"\\])*)"\s*', s)
        if not m:
            break
        out.append(unescape(m.group(1)))
        s = s[m.end():]
        if s.startswith(","):
            s = s[1:].lstrip()
            continue
        break
    return out, s


def names_list(s):
    s = s.strip()
    if s.startswith("(") and s.endswith(")"):
        s = s[1:-1]
    return [n.strip().lstrip("%").strip('"') for n in s.split(",") if n.strip()]


# ------------------------------------------------------------------ json paths ------------

def json_text(v):
    """Compact JSON text of a value (objects/arrays kept in key order)."""
    if isinstance(v, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + json_text(x) for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ",".join(json_text(x) for x in v) + "]"
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)
    return getattr(v, "src", None) or json.dumps(v)


MISSING = object()


def path_steps(path):
    steps = []
    for part in re.findall(r"(\.\.)|\['([^']*)'\]|([^.\[\]]+)|\[(\*|\d+)\]", path):
        if part[0]:
            steps.append(("desc", None))
            continue
        part = part[1:]
        if part[0]:
            steps.append(("key", part[0]))
        elif part[1]:
            steps.append(("key", part[1]))
        else:
            steps.append(("idx", part[2]))
    return steps


def walk(cur, steps):
    """Values at the path; a list when a [*] step fans out."""
    for n, (kind, k) in enumerate(steps):
        if kind == "desc":
            # `..`: the rest of the path at this value and every value inside it, parents first.
            if not isinstance(cur, (dict, list)):
                return MISSING
            rest = steps[n + 1:]
            nodes, todo = [], [cur]
            while todo:
                x = todo.pop()
                nodes.append(x)
                kids = list(x.values()) if isinstance(x, dict) else x if isinstance(x, list) else []
                todo.extend(reversed(kids))
            hits = [walk(x, rest) for x in nodes]
            return ("fan", [h for h in hits if h is not MISSING])
        if kind == "key":
            if not isinstance(cur, dict) or k not in cur:
                return MISSING
            cur = cur[k]
        elif k == "*":
            if not isinstance(cur, list):
                return MISSING
            rest = steps[n + 1:]
            hits = [walk(x, rest) for x in cur]
            return ("fan", [h for h in hits if h is not MISSING])
        else:
            i = int(k)
            if not isinstance(cur, list) or i >= len(cur):
                return MISSING
            cur = cur[i]
    return cur


def json_value(doc, path):
    v = walk(doc, path_steps(path))
    if v is MISSING:
        return MISSING
    if isinstance(v, tuple) and v and v[0] == "fan":
        flat = []
        for h in v[1]:
            if isinstance(h, tuple) and h and h[0] == "fan":
                flat.extend(h[1])
            else:
                flat.append(h)
        return "[" + ",".join(json_text(x) for x in flat) + "]"
    if v is None or isinstance(v, str):
        return v
    return json_text(v)


def parse_json_text(s):
    class JF(float):
        pass

    def pf(t):
        f = JF(t)
        f.src = t
        return f
    try:
        return json.loads(s, parse_float=pf)
    except (json.JSONDecodeError, TypeError):
        return MISSING


# ------------------------------------------------------------------ anchor parse ----------

def anchor_match(s, pattern):
    """Leftmost start anchor, shortest captures, a trailing * takes the rest (§2)."""
    lits = pattern.split("*")
    i = s.find(lits[0])
    if i < 0:
        return None
    pos = i + len(lits[0])
    caps = []
    for lit in lits[1:]:
        if lit == "":
            caps.append(s[pos:])
            pos = len(s)
            continue
        j = s.find(lit, pos)
        if j < 0:
            return None
        caps.append(s[pos:j])
        pos = j + len(lit)
    return caps


# ------------------------------------------------------------------ the pipeline ----------

AGG_WORDS = {"count", "count_distinct", "count_frequent", "sum", "avg", "min", "max", "pct", "pct_sampling",
             "median", "stddev", "first", "last", "values", "most_recent", "least_recent"}


def evaluate(query, events, vars=None):
    q = strip_comments(substitute(query, vars or {}))
    # A subquery's child holds its own `|`s: this evaluator does not read subqueries.
    if "[subquery" in q.lower():
        raise Unsupported("subquery")
    parts = split_top(q, "|")
    scope_ok = compile_scope(parts[0])
    rows, ties = [], []
    for e in events:
        if scope_ok(e):
            rows.append(Row(e))
            ties.append(("t", e["time"]))
    t = Table(rows, ties)
    for stage in parts[1:]:
        stage = stage.strip()
        if not stage:
            raise Unsupported("empty stage")
        if t.cut is not None:
            raise Unsupported("a stage after a limit that cut through rows of undefined order")
        t = run_stage(stage, t)
    if t.columns is None:
        raise Unsupported("result is raw messages (no aggregation)")
    return t


def first_word(stage):
    m = re.match(r"([A-Za-z_]+)", stage)
    return m.group(1).lower() if m else ""


def run_stage(stage, t):
    w = first_word(stage)
    rest = stage[len(w):].strip() if w else stage
    if w in ("rollingstd", "smooth", "backshift", "outlier", "compare", "save", "join", "infer"):
        raise Unsupported("operator %s" % w)
    if w in ("min", "max") and re.match(r"\w+\s*\(([^()]|\([^()]*\))*,", stage):
        w = ""  # min(a, b, ...) is the function
    if w not in ("json", "parse", "extract", "xml") and not is_expr_stage(w, stage):
        for r in t.rows:
            r.chain = False  # the nodrop chain ends at any other operator
    if w == "json":
        return op_json(rest, t)
    if w == "xml" or (w == "parse" and re.match(r"(field\s*=\s*\S+\s+)?xml\b", rest)):
        return op_xml(re.sub(r"\bxml\b", "", rest, count=1), t)
    if w == "parse":
        if re.match(r"(field\s*=\s*\S+\s+)?regex\b", rest):
            return op_regex(re.sub(r"\bregex\b", "", rest, count=1), t)
        return op_parse(rest, t)
    if w == "extract":
        return op_regex(rest, t)
    if w == "where":
        return op_where(rest, t)
    if w == "merge":
        return transactions.op_merge(rest, t, Table, Row)
    if w == "transactionize":
        return transactions.op_transactionize(rest, t, Table, Row, run_child)
    if w == "transaction":
        return transactions.op_transaction(rest, t, Table, Row)
    if w in AGG_WORDS:
        return aggregates.op_aggregate(stage, t, Table, Row)
    if w in ("sort", "order"):
        return op_sort(re.sub(r"^by\b", "", rest).strip(), t)
    if w in ("limit", "head"):
        return op_limit(int(rest), t)
    if w == "top":
        return op_top(rest, t)
    if w == "fields":
        return op_fields(rest, t)
    if w == "timeslice":
        return op_timeslice(rest, t)
    if w == "lookup":
        return op_lookup(rest, t)
    if w == "geoip":
        return op_geoip(rest, t)
    if w == "topk":
        return op_topk(rest, t)
    if w == "transpose":
        return op_transpose(rest, t)
    if w == "fillmissing":
        return op_fillmissing(rest, t)
    if w == "dedup":
        return op_dedup(rest, t)
    if w == "withtime":
        return op_withtime(rest, t)
    if w in ("total", "accum"):
        return op_total(w, rest, t)
    if w == "diff":
        return op_diff(rest, t)
    if w == "bin":
        return op_bin(rest, t)
    if w == "trace":
        return op_trace(rest, t)
    if w == "predict":
        if t.columns is None:
            raise Unsupported("predict before an aggregation")
        return predict.op_predict(rest, t, Row)
    if w in ("num", "number", "tolong", "toint", "todouble") and re.fullmatch(r"\w+\s*\(\s*[\w.]+\s*\)", stage):
        name = re.search(r"\(\s*([\w.]+)\s*\)", stage).group(1)
        return op_expr(stage + " as " + name, t)
    if is_expr_stage(w, stage):
        return op_expr(stage, t)
    raise Unsupported("operator %s" % (w or stage[:20]))


def run_child(child, t):
    """A child query's stages (transactionize's `(merge ...)`) over a table of its own."""
    for stage in split_top(child, "|"):
        t = run_stage(stage.strip(), t)
    return t


def is_expr_stage(w, stage):
    return bool(re.search(r"\s(as|AS|As)\s+(%\"[^\"]+\"|[\w.]+)\s*$", stage)) and w not in (
        "json", "parse", "extract", "xml", "timeslice", "lookup", "total", "accum", "diff", "where") and w not in AGG_WORDS | {""} or (
        w == "" and bool(re.search(r"\s(as|AS)\s+[\w.]+\s*$", stage)))


def _field_opt(rest):
    m = re.match(r"field\s*=\s*(%\"[^\"]+\"|[\w.%]+)\s*", rest)
    if m:
        return m.group(1).lstrip("%").strip('"'), rest[m.end():]
    return "_raw", rest


def _nodrop(rest):
    m = re.search(r"\s*\bnodrop\s*$", rest)
    return (rest[:m.start()], True) if m else (rest, False)


def _extract(t, fn, nodrop, multi=False):
    """Shared drop/nodrop/chain logic: fn(row) -> list of dicts of captures, [] if no match."""
    out_rows, out_ties = [], []
    for r, tie in zip(t.rows, t.ties):
        results = fn(r)
        if results:
            for caps in (results if multi else results[:1]):
                nr = r.copy() if multi else r
                for k, v in caps.items():
                    nr.set(k, v)
                if nodrop:
                    nr.chain = True  # matched a nodrop extraction of this chain (§3)
                out_rows.append(nr)
                out_ties.append(tie)
        elif nodrop or r.chain:
            for k in fn.names:
                r.set(k, None)
            out_rows.append(r)
            out_ties.append(tie)
    t.rows, t.ties = out_rows, out_ties
    return t


def op_json(rest, t):
    if re.match(r"auto\b", rest):
        raise Unsupported("json auto")
    field, rest = _field_opt(rest)
    paths, rest = strings_and_rest(rest)
    rest, nodrop = _nodrop(rest)
    rest = rest.strip()
    if rest.lower().startswith("as "):
        names = names_list(rest[3:])
    elif rest == "":
        names = paths
    else:
        raise Unsupported("json syntax: %r" % rest)
    if len(names) != len(paths):
        raise Unsupported("json: names and paths differ in number")

    def fn(r):
        src = r.get(field)
        doc = parse_json_text(src) if isinstance(src, str) else MISSING
        if field == "_raw" and r.ev is not None and doc is MISSING:
            doc = r.ev["rec"]
        if doc is MISSING:
            return []
        caps = {}
        for p, n in zip(paths, names):
            v = json_value(doc, p)
            if v is MISSING:
                return []  # any missing path: no match (ARCHITECTURE)
            caps[n] = v
        return [caps]

    def fn_nodrop(r):
        src = r.get(field)
        doc = parse_json_text(src) if isinstance(src, str) else MISSING
        caps = {}
        for p, n in zip(paths, names):
            v = json_value(doc, p) if doc is not MISSING else MISSING
            caps[n] = None if v is MISSING else v
        return [caps]
    fn.names = names
    if nodrop:
        fn_nodrop.names = names
        return _extract(t, fn_nodrop, True)
    return _extract(t, fn, False)


def op_xml(rest, t):
    """parse xml [field=f] "p" [as a], ... [nodrop]: `as` names go to the paths not yet named,
    in order; unnamed paths take their attribute's or last element's name (xmlpath)."""
    field, rest = _field_opt(rest.strip())
    rest, nodrop = _nodrop(rest)
    toks = re.findall(r'"(?:\\.|[^"\\])*"|[\w.%]+|,|\S', rest)
    paths, names, i = [], [], 0
    while i < len(toks):
        tok = toks[i]
        if tok.startswith('"'):
            paths.append(unescape(tok[1:-1]))
            names.append(None)
        elif tok.lower() == "as":
            given = []
            while i + 1 < len(toks) and not toks[i + 1].startswith('"'):
                i += 1
                if toks[i] != ",":
                    given.append(toks[i])
            open_ = [k for k, n in enumerate(names) if n is None]
            if len(open_) != len(given):
                raise Unsupported("parse xml: names and paths differ in number")
            for k, n in zip(open_, given):
                names[k] = n
        elif tok != ",":
            raise Unsupported("parse xml syntax: %r" % tok)
        i += 1
    names = [n or xmlpath.default_name(p) for p, n in zip(paths, names)]

    def fn(r):
        src = r.get(field)
        found = {n: (xmlpath.select(src, p) if isinstance(src, str) else None) for p, n in zip(paths, names)}
        if nodrop:
            return [found]
        return [found] if all(v is not None for v in found.values()) else []
    fn.names = names
    return _extract(t, fn, nodrop)


def op_parse(rest, t):
    field, rest = _field_opt(rest)
    rest, nodrop = _nodrop(rest)
    specs = []
    while rest.strip():
        pats, after = strings_and_rest(rest)
        if len(pats) != 1:
            raise Unsupported("parse syntax")
        m = re.match(r"as\s+(\([^)]*\)|[^\"]*?)(?:,\s*(?=\")|$)", after.strip(), re.I)
        if not m:
            raise Unsupported("parse: no `as`")
        names = names_list(m.group(1))
        if pats[0].count("*") != len(names):
            raise Unsupported("parse: stars and names differ")
        specs.append((pats[0], names))
        rest = after.strip()[m.end():]
    all_names = [n for _, ns in specs for n in ns]

    def fn(r):
        s = r.get(field)
        if s is None:
            return []
        s = text(s)
        caps, any_hit = {}, False
        for pat, names in specs:
            got = anchor_match(s, pat)
            if got is not None:
                any_hit = True
                caps.update(zip(names, got))
            else:
                caps.update({n: None for n in names})
        return [caps] if any_hit else []
    fn.names = all_names
    return _extract(t, fn, nodrop)


def op_regex(rest, t):
    field, rest = _field_opt(rest.strip())
    multi = False
    m = re.search(r"\s+multi\s*$", rest)
    if m:
        multi, rest = True, rest[:m.start()]
    rest, nodrop = _nodrop(rest)
    m = re.search(r"\s+multi\s*$", rest)
    if m:
        multi, rest = True, rest[:m.start()]
    field2, rest = _field_opt(rest.strip())
    if field2 != "_raw":
        field = field2
    pats, after = strings_and_rest(rest)
    if len(pats) != 1 or after.strip():
        raise Unsupported("parse regex syntax")
    rx = re.compile(py_regex(pats[0]))
    names = list(rx.groupindex)

    def fn(r):
        s = r.get(field)
        if s is None:
            return []
        s = text(s)
        if multi:
            return [{n: m.group(n) for n in names} for m in rx.finditer(s)]
        m = rx.search(s)
        return [{n: m.group(n) for n in names}] if m else []
    fn.names = names
    return _extract(t, fn, nodrop, multi)


def op_where(rest, t):
    e, left = parse_expr(rest)
    if left:
        raise Unsupported("where: trailing %r" % (left[:3],))
    keep_r, keep_t = [], []
    for r, tie in zip(t.rows, t.ties):
        try:
            ok = truthy(ev(e, r.get))
        except DropRow:
            ok = False
        if ok:
            keep_r.append(r)
            keep_t.append(tie)
    t.rows, t.ties = keep_r, keep_t
    return t


def op_expr(stage, t):
    m = re.search(r"\s(?:as|AS|As)\s+(%\"[^\"]+\"|[\w.]+)\s*$", stage)
    name = m.group(1).lstrip("%").strip('"')
    e, left = parse_expr(stage[:m.start()])
    if left:
        raise Unsupported("expression: trailing tokens")
    keep_r, keep_t = [], []
    for r, tie in zip(t.rows, t.ties):
        try:
            v = ev(e, r.get)
        except DropRow:
            continue
        r.set(name, v)
        keep_r.append(r)
        keep_t.append(tie)
    t.rows, t.ties = keep_r, keep_t
    if t.columns is not None and name.lower() not in [c.lower() for c in t.columns]:
        t.columns.append(name)
    return t


# The self-test flips this to prove that a wrong default direction is caught.
SORT_DEFAULT_DESC = True


def parse_sort_keys(rest):
    keys = []
    for part in split_top(rest, ","):
        p = part.strip()
        desc = SORT_DEFAULT_DESC
        if p.startswith("+"):
            desc, p = False, p[1:].strip()
        elif p.startswith("-"):
            desc, p = True, p[1:].strip()
        m = re.match(r"(.+?)\s+(asc|desc)$", p, re.I)
        if m:
            p, desc = m.group(1).strip(), m.group(2).lower() == "desc"
        keys.append((p.lstrip("%").strip('"'), desc))
    return keys


def _sort(t, keys):
    def k(r):
        out = []
        for name, desc in keys:
            out.append(sort_key(r.get(name)))
        return out
    idx = list(range(len(t.rows)))
    import functools

    def cmp(a, b):
        ka, kb = k(t.rows[a]), k(t.rows[b])
        for (name, desc), x, y in zip(keys, ka, kb):
            if x != y:
                c = -1 if x < y else 1
                return -c if desc else c
        return 0
    idx.sort(key=functools.cmp_to_key(cmp))
    t.rows = [t.rows[i] for i in idx]
    t.ties = [("s",) + tuple(map(repr, k(r))) for r in t.rows]
    return t


def op_sort(rest, t):
    return _sort(t, parse_sort_keys(rest))


def op_limit(n, t):
    if 0 < n < len(t.rows) and t.ties[n - 1] == t.ties[n]:
        tie = t.ties[n]
        t.cut = [r for r, x in zip(t.rows, t.ties) if x == tie]
    t.rows, t.ties = t.rows[:n], t.ties[:n]
    return t


def op_top(rest, t):
    m = re.match(r"(\d+)\s+(.+?)(?:\s+by\s+(.+))?$", rest)
    if not m:
        raise Unsupported("top syntax")
    n, fields, by = int(m.group(1)), names_list(m.group(2)), m.group(3)
    if by is None or by.strip().lower() == "count":
        t = aggregates.op_aggregate("count by " + ", ".join(fields), t, Table, Row)
        t = _sort(t, [("_count", True)])
    else:
        t = _sort(t, [(by.strip(), True)])
        if t.columns is not None:
            t.columns = fields + [by.strip()]
    return op_limit(n, t)


def op_fields(rest, t):
    rest = rest.strip()
    if rest.startswith("-"):
        drop = {n.lower() for n in names_list(rest[1:])}
        if t.columns is not None:
            t.columns = [c for c in t.columns if c.lower() not in drop]
        for r in t.rows:
            for k in drop:
                r.vals[k] = None
        return t
    keep = names_list(rest)
    lk = [k.lower() for k in keep]
    if t.columns is not None:
        under = [c for c in t.columns if c.startswith("_") and c.lower() not in lk]
        t.columns = [next((c for c in t.columns if c.lower() == k), keep[i]) for i, k in enumerate(lk)] + under
    else:
        for r in t.rows:
            for k in list(r.vals):
                if k not in lk and not k.startswith("_"):
                    r.vals[k] = None
    return t


UNIT = {"s": 1000, "m": 60000, "h": 3600000, "d": 86400000, "w": 604800000}


def op_timeslice(rest, t):
    m = re.fullmatch(r"(?:by\s+)?(\d+)([smhdw])(?:\s+as\s+([\w.]+))?", rest.strip(), re.I)
    if not m:
        raise Unsupported("timeslice syntax %r" % rest)
    width = int(m.group(1)) * UNIT[m.group(2)]
    if m.group(2) == "w":
        raise Unsupported("week buckets (alignment)")
    name = m.group(3) or "_timeslice"
    for r in t.rows:
        tm = r.get("_messagetime")
        start = None if tm is None else tm - tm % width  # UTC epoch alignment
        r.set(name, start)
        r.set("__timeslice_end", None if start is None else start + width)
    return t


GEO = ("latitude", "longitude", "continent", "country_code", "country_name", "region", "city",
       "state", "postal_code", "connection_type", "country_cf", "state_cf", "city_cf")


def op_lookup(rest, t):
    m = re.match(r"(.+?)\s+from\s+geo://(location|default)\s+on\s+ip\s*=\s*[\w.]+\s*$", rest, re.I)
    if not m:
        raise Unsupported("lookup other than geo://location")
    # The test harness passes no geo tables, so every geo field is null (as for an unknown IP).
    for r in t.rows:
        for c in names_list(m.group(1)):
            r.set(c.split()[-1], None)
    return t


GEOIP = ("latitude", "longitude", "country_code", "country_name", "city", "state")


def op_geoip(rest, t):
    """geoip ip [optional fields]: the geoip page's six fields and the ones listed, all null
    without the bundled table, as for an address with no location."""
    words = [w for w in re.split(r"[\s,]+", rest.strip()) if w]
    if not words or any(w.lower() not in GEO for w in words[1:]):
        raise Unsupported("geoip syntax")
    for r in t.rows:
        for c in GEOIP + tuple(w.lower() for w in words[1:]):
            r.set(c, None)
    return t


def op_total(w, rest, t):
    m = re.fullmatch(r"([\w.]+)(?:\s+as\s+([\w.]+))?(?:\s+by\s+(.+))?", rest.strip(), re.I)
    if not m:
        raise Unsupported("%s syntax" % w)
    f, name, by = m.group(1), m.group(2) or "_" + w, names_list(m.group(3) or "")
    sums = {}
    if w == "total":
        for r in t.rows:
            n = to_num(r.get(f))
            key = tuple(group_key(r.get(b)) for b in by)
            if n is not None:
                sums[key] = sums.get(key, 0) + n
        for r in t.rows:
            r.set(name, sums.get(tuple(group_key(r.get(b)) for b in by)))
    else:
        if any(a == b for a, b in zip(t.ties, t.ties[1:])):
            raise Unsupported("accum over rows of undefined order")
        for r in t.rows:
            key = tuple(group_key(r.get(b)) for b in by)
            n = to_num(r.get(f))
            if n is not None:
                sums[key] = sums.get(key, 0) + n
            r.set(name, sums.get(key))
    if t.columns is not None and name.lower() not in [c.lower() for c in t.columns]:
        t.columns.append(name)
    return t


def op_diff(rest, t):
    """diff f [as name] [by g...]: value minus the previous numeric row's of its group, in row
    order; rows without a number are removed (the diff operator's page)."""
    m = re.fullmatch(r"([\w.]+)(?:\s+as\s+([\w.]+))?(?:\s+by\s+(.+))?", rest.strip(), re.I)
    if not m:
        raise Unsupported("diff syntax")
    f, name, by = m.group(1), m.group(2) or "_diff", names_list(m.group(3) or "")
    if any(a == b for a, b in zip(t.ties, t.ties[1:])):
        raise Unsupported("diff over rows of undefined order")
    last, rows, ties = {}, [], []
    for r, tie in zip(t.rows, t.ties):
        n = to_num(r.get(f))
        if n is None or math.isinf(n) or math.isnan(n):
            continue
        key = tuple(group_key(r.get(b)) for b in by)
        r.set(name, n - last[key] if key in last else None)
        last[key] = n
        rows.append(r)
        ties.append(tie)
    t.rows, t.ties = rows, ties
    if t.columns is not None and name.lower() not in [c.lower() for c in t.columns]:
        t.columns.append(name)
    return t


def op_bin(rest, t):
    """bin f width=W [, min=A] [, max=B] (the bin operator's page): bins [lower, upper) of width W
    counted from min (else 0); below min is the first bin, above max the last (the one holding
    max); a value that is not a number gets no bin. Output _bin_label, _bin_lower, _bin_upper."""
    m = re.match(r"([\w.]+)\s+(.*)$", rest.strip())
    if not m:
        raise Unsupported("bin syntax")
    f, opts = m.group(1), dict((k.lower(), float(v)) for k, v in re.findall(
        r"(width|min|max)\s*=\s*(-?[\d.]+)", m.group(2), re.I))
    width, lo_opt, hi_opt = opts["width"], opts.get("min"), opts.get("max")
    start = lo_opt if lo_opt is not None else 0.0
    for r in t.rows:
        n = to_num(r.get(f))
        if n is None or math.isinf(n) or math.isnan(n):
            for k in ("_bin_label", "_bin_lower", "_bin_upper"):
                r.set(k, None)
            continue
        lower = start + math.floor((n - start) / width) * width
        if lo_opt is not None:
            lower = max(lower, lo_opt)
        if hi_opt is not None:
            # the bin whose [lower, upper) holds max, or ends at it
            last = start + (math.ceil((hi_opt - start) / width) - 1) * width
            lower = min(lower, last)
        lower = float(lower)
        r.set("_bin_lower", lower)
        r.set("_bin_upper", lower + width)
        r.set("_bin_label", "[%s, %s)" % (text(lower), text(lower + width)))
    if t.columns is not None:
        for k in ("_bin_label", "_bin_lower", "_bin_upper"):
            if k not in [c.lower() for c in t.columns]:
                t.columns.append(k)
    return t


def op_trace(rest, t):
    """trace [+|-] "regex" "start" (the trace operator's page): a message holding an ID of the
    chain is kept and brings its other IDs in; + walks oldest to newest, - newest to oldest;
    without a sign, links in any order until nothing changes (trace.rs's choices)."""
    m = re.fullmatch(r'([+-]?)\s*"((?:\\.|[^"\\])*)"\s+"((?:\\.|[^"\\])*)"\s*', rest)
    if not m:
        raise Unsupported("trace syntax")
    sign, rx, start = m.group(1), re.compile(py_regex(unescape(m.group(2)))), unescape(m.group(3))

    def ids(r):
        raw = r.get("_raw")
        out = []
        for mm in rx.finditer(raw or ""):
            g = next((x for x in mm.groups() if x is not None), None)
            if g is not None:
                out.append(g)
        return set(out)
    found = [ids(r) for r in t.rows]
    known, keep = {start}, [False] * len(t.rows)
    if sign:
        order = sorted(range(len(t.rows)), key=lambda i: t.rows[i].get("_messagetime"), reverse=sign == "-")
        for i in order:
            if found[i] & known:
                keep[i] = True
                known |= found[i]
    else:
        changed = True
        while changed:
            changed = False
            for i, f in enumerate(found):
                if not keep[i] and f & known:
                    keep[i], changed = True, True
                    known |= f
    t.rows = [r for r, k in zip(t.rows, keep) if k]
    t.ties = [x for x, k in zip(t.ties, keep) if k]
    return t


def op_dedup(rest, t):
    """dedup [consecutive] [N] [by f...]: first N rows per key in the current order (§16)."""
    m = re.fullmatch(r"(consecutive\s*)?(\d+\s*)?(?:by\s+(.+))?", rest.strip(), re.I)
    if not m:
        raise Unsupported("dedup syntax")
    consecutive, n = bool(m.group(1)), int(m.group(2) or 1)
    by = names_list(m.group(3) or "") or ["_raw"]
    keep_r, keep_t, seen, prev = [], [], {}, None
    last_tie = {}
    for r, tie in zip(t.rows, t.ties):
        key = tuple(group_key(r.get(b)) for b in by)
        if consecutive:
            if key == prev:
                continue
            prev = key
            keep_r.append(r)
            keep_t.append(tie)
            continue
        c = seen.get(key, 0)
        if c >= n:
            if last_tie.get(key) == tie and by != ["_raw"]:  # same _raw: the same record
                raise Unsupported("dedup over rows of undefined order")
            continue
        seen[key] = c + 1
        last_tie[key] = tie
        keep_r.append(r)
        keep_t.append(tie)
    if consecutive and len(set(t.ties)) < len(t.ties):
        raise Unsupported("dedup consecutive over rows of undefined order")
    t.rows, t.ties = keep_r, keep_t
    return t


def op_withtime(rest, t):
    f = rest.strip()
    for r in t.rows:
        r.set(f + "_withtime", (r.get(f), r.get("_messagetime")))
    return t


def op_topk(rest, t):
    """topk(N, f) [by g]: the N rows with the largest f per group, with `_rank` (§10)."""
    m = re.fullmatch(r"\(\s*(\d+)\s*,\s*([\w.]+)\s*\)(?:\s+by\s+(.+))?", rest.strip(), re.I)
    if not m or t.columns is None:
        raise Unsupported("topk form")
    n, f, by = int(m.group(1)), m.group(2), names_list(m.group(3) or "")
    groups = {}
    for r in t.rows:
        groups.setdefault(tuple(group_key(r.get(b)) for b in by), []).append(r)
    out = []
    for rows in groups.values():
        rows = sorted(rows, key=lambda r: sort_key(r.get(f)), reverse=True)
        if len(rows) > n and sort_key(rows[n - 1].get(f)) == sort_key(rows[n].get(f)):
            raise Unsupported("topk: a tie at the cut")
        for i, r in enumerate(rows[:n]):
            r.set("_rank", i + 1)
            out.append(r)
    t.rows, t.ties = out, [("agg",)] * len(out)
    if "_rank" not in t.columns:
        t.columns.append("_rank")
    return t


def op_transpose(rest, t):
    """transpose row r column c: one column per value of c, alphabetical; missing cells null."""
    m = re.fullmatch(r"row\s+([\w.]+)\s+column\s+([\w.]+)", rest.strip(), re.I)
    if not m or t.columns is None:
        raise Unsupported("transpose form (one row and one column field, no `as`)")
    rf, cf = m.group(1), m.group(2)
    rest_cols = [c for c in t.columns if c.lower() not in (rf.lower(), cf.lower())]
    if len(rest_cols) != 1:
        raise Unsupported("transpose needs exactly one value column")
    vc = rest_cols[0]
    dyn = sorted({text(r.get(cf)) for r in t.rows}, key=lambda s: s.encode("utf-8"))
    out, index = [], {}
    for r in t.rows:
        k = group_key(r.get(rf))
        if k not in index:
            o = Row()
            o.set(rf, r.get(rf))
            for d in dyn:
                o.set(d, None)
            index[k] = o
            out.append(o)
        index[k].set(text(r.get(cf)), r.get(vc))
    return Table(out, [("agg",)] * len(out), [rf] + dyn)


def op_fillmissing(rest, t):
    """fillmissing values("a", ...) in f: one row per missing value; other fields get the
    documented fill (numbers 0). Only this single-generator form."""
    m = re.fullmatch(r"values\s*\((.*)\)\s+in\s+([\w.]+)", rest.strip(), re.I)
    if not m or t.columns is None:
        raise Unsupported("fillmissing form other than values(...) in f")
    vals, after = strings_and_rest(m.group(1))
    f = m.group(2)
    if after.strip() or [c.lower() for c in t.columns if c.lower() != f.lower()] != ["_count"]:
        raise Unsupported("fillmissing: only `count by f` tables")
    have = {text(r.get(f)) for r in t.rows}
    for v in vals:
        if v not in have:
            o = Row()
            o.set(f, v)
            o.set("_count", 0)
            t.rows.append(o)
            t.ties.append(("agg",))
    return t

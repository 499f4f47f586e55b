"""The transaction analytics operators: merge, transactionize, transaction.

Written from Sumo Logic's pages (Merge, Transactionize and Transaction Operator) and, where
they are silent, the choices the engine's operator files write down in their module docs
(numbering from 1 oldest first, orphans alone, one visit per run of a state, ...). Shares no
code with the engine.
"""

import re

from expr import Unsupported, glob_re, unescape
from values import text, to_num

DUR = {"ms": 1, "s": 1000, "m": 60000, "h": 3600000, "d": 86400000}


def _duration(s):
    m = re.fullmatch(r"(\d+)(ms|s|m|h|d)", s.strip())
    if not m:
        raise Unsupported("duration %s" % s)
    return int(m.group(1)) * DUR[m.group(2)]


def _oldest_first(rows):
    """Rows by message time, oldest first; equal times would need the file order: not covered."""
    times = [to_num(r.get("_messagetime")) for r in rows]
    known = [t for t in times if t is not None]
    if len(set(known)) != len(known):
        raise Unsupported("messages with equal times")
    return [r for _, r in sorted(zip(times, rows), key=lambda p: (p[0] is not None, p[0] or 0))]


def _split_commas(s):
    out, cur, q = [], "", False
    i = 0
    while i < len(s):
        c = s[i]
        if q and c == "\\":
            cur += s[i:i + 2]
            i += 2
            continue
        if c == '"':
            q = not q
        if c == "," and not q:
            out.append(cur)
            cur = ""
        else:
            cur += c
        i += 1
    out.append(cur)
    return [p.strip() for p in out if p.strip()]


# ------------------------------------------------------------------------- merge -------------

MERGE_ITEM = re.compile(
    r'([\w.]+)(?:\s+(takefirst|takelast|takedistinct|join)(?:\s+with\s+"((?:[^"\\]|\\.)*)")?)?(?:\s+as\s+([\w.]+))?',
    re.I)


def op_merge(rest, t, Table, Row):
    items = []
    for part in _split_commas(rest):
        m = MERGE_ITEM.fullmatch(part)
        if not m:
            raise Unsupported("merge item %s" % part)
        how = (m.group(2) or "join").lower()
        sep = unescape(m.group(3)) if m.group(3) is not None else "\n"
        items.append((m.group(1), how, sep, m.group(4) or m.group(1)))
    if not items:
        items = [("_raw", "join", "\n", "_raw")]
    if not any(out.lower() == "_messagetime" for *_, out in items):
        items.insert(0, ("_messagetime", "takefirst", None, "_messagetime"))
    columns = [out for *_, out in items]
    if not t.rows:
        return Table([], [], columns)
    rows = _oldest_first(t.rows)
    row = Row()
    for field, how, sep, out in items:
        vals = [r.get(field) for r in rows if r.get(field) is not None]
        if how == "takefirst":
            v = vals[0] if vals else None
        elif how == "takelast":
            v = vals[-1] if vals else None
        elif how == "takedistinct":
            seen = []
            for x in vals:
                if text(x) not in seen:
                    seen.append(text(x))
            v = "\n".join(seen) if seen else None
        else:
            v = sep.join(text(x) for x in vals) if vals else None
        row.set(out, v)
    return Table([row], [("merge",)], columns)


# ------------------------------------------------------------------ transactionize -----------

def _contains(pattern):
    return re.compile(".*".join(re.escape(p) for p in pattern.split("*")), re.I | re.S)


def op_transactionize(rest, t, Table, Row, run_child):
    if t.columns is not None:
        raise Unsupported("transactionize after an aggregation")
    child = None
    i = rest.find("(")
    if i >= 0:
        if not rest.rstrip().endswith(")"):
            raise Unsupported("transactionize child")
        child = rest[i + 1:rest.rstrip().rfind(")")]
        rest = rest[:i]
    m = re.match(r"\s*([\w.]+(?:\s*,\s*[\w.]+)*)(?:\s+as\s+([\w.]+))?", rest, re.I)
    fields = [f.strip() for f in m.group(1).split(",")]
    prefix = m.group(2) or "_group"
    params = {}
    for pm in re.finditer(r'(\w+)\s*=\s*("(?:[^"\\]|\\.)*"(?:;strict)?|[^\s,]+)', rest[m.end():]):
        params[pm.group(1).lower()] = pm.group(2)
    span = _duration(params["maxspan"]) if "maxspan" in params else None
    pause = _duration(params["maxpause"]) if "maxpause" in params else None
    logs = int(params["maxlogs"]) if "maxlogs" in params else None
    keep = params.get("keeporphans", "true").lower() == "true"

    def text_param(k):
        if k not in params:
            return None, False
        v = params[k]
        strict = v.endswith(";strict")
        return _contains(unescape(v[:-7] if strict else v)[1:-1]), strict

    starts, strict_start = text_param("startswith")
    ends, strict_end = text_param("endswith")

    rows = _oldest_first(t.rows)
    groups = []  # each: {"rows": [...], "keys": set, "open": bool, "orphan": bool}
    for r in rows:
        keys = {(f.lower(), text(r.get(f))) for f in fields if r.get(f) is not None and text(r.get(f)) != ""}
        raw = text(r.get("_raw"))
        if not keys:
            groups.append({"rows": [r], "keys": set(), "open": False, "orphan": True})
            continue
        now = to_num(r.get("_messagetime"))
        meets = [g for g in groups if g["open"] and g["keys"] & keys]
        if starts and starts.search(raw):
            for g in meets:
                g["open"] = False
            meets = []
        joined, size, first = [], 1, now
        for g in meets:
            g_first = to_num(g["rows"][0].get("_messagetime"))
            g_last = to_num(g["rows"][-1].get("_messagetime"))
            ok = (logs is None or size + len(g["rows"]) <= logs) and \
                (span is None or now - min(first, g_first) <= span) and \
                (pause is None or now - g_last <= pause)
            if ok:
                joined.append(g)
                size += len(g["rows"])
                first = min(first, g_first)
            else:
                g["open"] = False
        if joined:
            target = joined[0]
            for g in joined[1:]:
                target["rows"] += g["rows"]
                target["keys"] |= g["keys"]
                groups.remove(g)
            target["rows"].sort(key=lambda x: to_num(x.get("_messagetime")))
        else:
            target = {"rows": [], "keys": set(), "open": True, "orphan": False}
            groups.append(target)
        target["rows"].append(r)
        target["keys"] |= keys
        if ends and ends.search(raw):
            target["open"] = False
    kept = []
    for g in groups:
        if g["orphan"]:
            if keep:
                kept.append(g)
            continue
        if strict_start and not starts.search(text(g["rows"][0].get("_raw"))):
            continue
        if strict_end and not ends.search(text(g["rows"][-1].get("_raw"))):
            continue
        kept.append(g)
    kept.sort(key=lambda g: to_num(g["rows"][0].get("_messagetime")))
    names = [prefix, prefix + "_duration", prefix + "_size", prefix + "_orphaned"]
    member = {}
    for n, g in enumerate(kept, 1):
        times = [to_num(x.get("_messagetime")) for x in g["rows"]]
        vals = [n, max(times) - min(times), len(g["rows"]), g["orphan"]]
        for x in g["rows"]:
            member[id(x)] = vals
    if child is None:
        out_r, out_t = [], []
        for r, tie in zip(t.rows, t.ties):
            if id(r) in member:
                for k, v in zip(names, member[id(r)]):
                    r.set(k, v)
                out_r.append(r)
                out_t.append(tie)
        t.rows, t.ties = out_r, out_t
        return t
    out_rows, columns = [], list(names)
    for n, g in enumerate(kept, 1):
        mine = [r for r in t.rows if id(r) in member and member[id(r)][0] == n]
        for r in mine:
            for k, v in zip(names, member[id(r)]):
                r.set(k, v)
        sub = run_child(child, Table(mine, [("m", i) for i in range(len(mine))]))
        if sub.columns is None:
            raise Unsupported("transactionize child that gives messages")
        for c in sub.columns:
            if c not in columns:
                columns.append(c)
        for r in sub.rows:
            for k, v in zip(names, member[id(mine[0])]):
                r.set(k, v)
            out_rows.append(r)
    return Table(out_rows, [("txn", i) for i in range(len(out_rows))], columns)


# ---------------------------------------------------------------------- transaction ----------

def op_transaction(rest, t, Table, Row):
    if t.columns is not None:
        raise Unsupported("transaction after an aggregation")
    m = re.match(r"on\s+([\w.]+(?:\s*,\s*[\w.]+)*)\s+(fringe\s*=\s*\S+\s+)?with\s+", rest, re.I)
    if not m:
        raise Unsupported("transaction syntax")
    if m.group(2):
        raise Unsupported("fringe needs the query's time range")
    on = [f.strip() for f in m.group(1).split(",")]
    body = rest[m.end():]
    flow = False
    rm = re.search(r"\s+results\s+by\s+(\w+)\s*$", body, re.I)
    if rm:
        flow = rm.group(1).lower() == "flow"
        body = body[:rm.start()]
    # Definitions: `states a [as x], b in f` or `"pattern" [in f] as s`, each after `with`.
    rules, states = [], []
    for d in re.split(r",\s*with\s+", body, flags=re.I):
        d = d.strip()
        sm = re.fullmatch(r"states\s+(.+)\s+in\s+([\w.]+)", d, re.I)
        if sm:
            for item in sm.group(1).split(","):
                im = re.fullmatch(r"\s*([\w.]+)(?:\s+as\s+([\w.]+))?\s*", item, re.I)
                rules.append(("text", im.group(1), sm.group(2), im.group(2) or im.group(1)))
            continue
        pm = re.fullmatch(r'"((?:[^"\\]|\\.)*)"(?:\s+in\s+([\w.]+))?\s+as\s+([\w.]+)', d, re.I)
        if not pm:
            raise Unsupported("transaction state %s" % d)
        rules.append(("glob", glob_re(unescape(pm.group(1))), pm.group(2) or "_raw", pm.group(3)))
    for *_, s in rules:
        if s.lower() not in [x.lower() for x in states]:
            states.append(s)
    txns = {}
    for r in _oldest_first(t.rows):
        key = tuple(text(r.get(f)) if r.get(f) is not None else "" for f in on)
        if "" in key:
            continue
        state = None
        for kind, pat, field, s in rules:
            v = r.get(field)
            if v is None:
                continue
            if (kind == "text" and text(v) == pat) or (kind == "glob" and pat.match(text(v))):
                state = s
                break
        if state is None:
            continue
        txns.setdefault(key, {"first": r, "seq": []})["seq"].append((to_num(r.get("_messagetime")), state))
    out = []
    for x in txns.values():
        seq = x["seq"]
        if flow:
            visits = [seq[0]]
            for time, s in seq[1:]:
                if s.lower() != visits[-1][1].lower():
                    visits.append((time, s))
            for (t0, a), (t1, b) in zip(visits, visits[1:]):
                row = Row()
                for f in on:
                    row.set(f, x["first"].get(f))
                row.set("fromstate", a)
                row.set("tostate", b)
                row.set("latency", t1 - t0)
                out.append(row)
        else:
            row = Row()
            for f in on:
                row.set(f, x["first"].get(f))
            row.set("_start_time", seq[0][0])
            row.set("_end_time", seq[-1][0])
            for s in states:
                row.set(s, sum(1 for _, y in seq if y.lower() == s.lower()))
            out.append(row)
    columns = on + (["fromstate", "tostate", "latency"] if flow else ["_start_time", "_end_time"] + states)
    return Table(out, [("txn", i) for i in range(len(out))], columns)

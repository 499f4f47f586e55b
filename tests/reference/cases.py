"""The `.sumo` case format (as tests/queries.rs reads it) and the table comparison.

Comparison: the header row must be equal; cells are equal as text or, when both are numbers,
within a relative tolerance of 1e-9 (the engine's float formatting is not the reference). Rows
whose relative order the query leaves undefined (order: any, rows of an aggregation before any
sort, rows that tie on every sort key) are compared as a multiset; a `limit` that cuts through
such a group accepts any choice of rows from it.
"""

import math

from values import text


def split_row(line):
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    cells, cur, i = [], [], 0
    while i < len(inner):
        c = inner[i]
        if c == "\\" and i + 1 < len(inner) and inner[i + 1] == "|":
            cur.append("|")
            i += 2
            continue
        if c == "\\" and i + 1 < len(inner) and inner[i + 1] == "n":
            cur.append("\n")
            i += 2
            continue
        if c == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(c)
        i += 1
    cells.append("".join(cur).strip())
    return cells


def parse_case(src):
    c = {"inputs": [], "category": None, "vars": {}, "any_order": False, "result": None,
         "error": None, "range": None, "geo": False,
         "threats": []}
    lines = src.split("\n")
    in_result, n = False, 0
    for line in lines:
        if not line.startswith("//"):
            break
        h = line[2:].strip()
        if in_result and h.startswith("|"):
            c["result"].append(split_row(h))
        elif h.startswith("input:"):
            c["inputs"].append(h[6:].strip())
        elif h.startswith("category:"):
            c["category"] = h[9:].strip()
        elif h.startswith("var:"):
            k, v = h[4:].strip().split("=", 1)
            c["vars"][k] = v
        elif h.startswith("range:"):
            c["range"] = h[6:].strip()
        elif h.startswith("threat:"):
            c["threats"].append(h[7:].strip())
        elif h == "lookups: geo":
            c["geo"] = True
        elif h == "order: any":
            c["any_order"] = True
        elif h == "result:":
            in_result = True
            c["result"] = []
        elif h.startswith("error:"):
            c["error"] = h[6:].strip()
        elif h.startswith("message:") or h.startswith("at:") or h.startswith("limits:"):
            pass  # limits only cap the engine's working memory: below them, answers are the same
        else:
            break
        n += 1
    c["query"] = "\n".join(lines[n:])
    return c


def num(s):
    try:
        f = float(s)
    except ValueError:
        return None
    return f if math.isfinite(f) else None


def cell_eq(a, b):
    if a == b:
        return True
    x, y = num(a), num(b)
    if x is None or y is None:
        return False
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def row_eq(a, b):
    return len(a) == len(b) and all(cell_eq(x, y) for x, y in zip(a, b))


def sub_multiset(want, have):
    """Every row of want matched to a distinct row of have; returns unmatched want rows."""
    pool = list(have)
    missing = []
    for w in want:
        for i, h in enumerate(pool):
            if row_eq(w, h):
                del pool[i]
                break
        else:
            missing.append(w)
    return missing


def table_text(t):
    cols = t.columns
    rows = [[text(r.get(c)) for c in cols] for r in t.rows]
    cut = None if t.cut is None else [[text(r.get(c)) for c in cols] for r in t.cut]
    return cols, rows, cut


def compare(want, t, any_order):
    """None if the expected table `want` (header + rows) agrees with the evaluator's table t;
    else a text saying how it differs."""
    cols, rows, cut = table_text(t)
    if want is None:
        return "the case has no result table"
    if want[0] != cols:
        return "header differs: want %s, got %s" % (want[0], cols)
    exp = want[1:]
    if len(exp) != len(rows):
        return "row count differs: want %d, got %d" % (len(exp), len(rows))
    ties = ["any"] * len(rows) if any_order else list(t.ties)
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and ties[j] == ties[i]:
            j += 1
        seg_want, seg_have = exp[i:j], rows[i:j]
        if cut is not None and j == len(rows) and not any_order:
            seg_have = cut  # a limit cut through this group: any choice of its rows
        missing = sub_multiset(seg_want, seg_have)
        if missing:
            where = "rows %d..%d" % (i + 1, j) if j - i > 1 else "row %d" % (i + 1)
            return "%s differ (compared %s): want %s, got %s" % (
                where, "as a set" if j - i > 1 else "in order", seg_want, seg_have)
        i = j
    return None


def format_table(header, rows):
    allr = [header] + rows
    w = [max(len(r[k].replace("\n", "\\n")) for r in allr) for k in range(len(header))]
    return "\n".join("| " + " | ".join(c.replace("\n", "\\n").ljust(w[k]) for k, c in enumerate(r)) + " |"
                     for r in allr)

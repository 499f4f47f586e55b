"""Group-by aggregation (§9 of the reference): count, count(f), count_distinct, count_frequent,
sum, avg, min, max, stddev, pct, median, first, last, values.

Numeric aggregates cast text to numbers and skip what is not numeric. pct is exact with linear
interpolation between the two closest ranks (rank = p/100 * (n-1)), which is what "exact
percentiles" means for the usual definition; median is pct 50; stddev is the sample (n-1)
standard deviation. An aggregation without `by` over no rows gives one row (count 0).
The output keeps the group fields (as written after `by`) then the aggregates, and the row
order is undefined (every row gets the same tie id) until a sort.
"""

import math
import re

from expr import Unsupported
from values import group_key, text, to_num

# Set to False by the self-test to prove that a percentile without interpolation is caught.
PCT_INTERPOLATE = True


def split_commas(s):
    out, cur, depth, in_str = [], [], 0, False
    for c in s:
        if in_str:
            cur.append(c)
            if c == '"':
                in_str = False
            continue
        if c == '"':
            in_str = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            out.append("".join(cur).strip())
            cur = []
            continue
        cur.append(c)
    out.append("".join(cur).strip())
    return [x for x in out if x]


def find_by(s):
    depth, in_str = 0, False
    for i, c in enumerate(s):
        if in_str:
            if c == '"':
                in_str = False
            continue
        if c == '"':
            in_str = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif depth == 0 and c.isspace():
            m = re.match(r"\s+(group\s+by|by|group)\s+", s[i:], re.I)
            if m:
                return s[:i], s[i + m.end():]
    return s, None


def pct(values, p):
    xs = sorted(values)
    if not xs:
        return None
    if not PCT_INTERPOLATE:
        k = max(0, min(len(xs) - 1, math.ceil(p / 100 * len(xs)) - 1))
        return xs[k]
    r = p / 100 * (len(xs) - 1)
    lo, hi = math.floor(r), math.ceil(r)
    return xs[lo] + (xs[hi] - xs[lo]) * (r - lo)


def parse_aggs(agg_text, by):
    specs = []
    items = split_commas(agg_text)
    for n, it in enumerate(items):
        m = re.fullmatch(r"(\w+)\s*(?:\((.*)\))?\s*(?:\s(?:as|AS|As)\s+(%\"[^\"]+\"|[\w.]+))?", it, re.S)
        if not m:
            # `count a, b` / `count_frequent a, b`: group fields without `by`
            m2 = re.fullmatch(r"(count|count_frequent)\s+(.+)", it, re.I)
            if m2 and n == 0 and by is None:
                return [(m2.group(1).lower(), [], None)], [it2.strip() for it2 in [m2.group(2)] + items[1:]]
            raise Unsupported("aggregate syntax %r" % it)
        fn, args, alias = m.group(1).lower(), m.group(2), m.group(3)
        args = split_commas(args) if args else []
        if alias:
            alias = alias.lstrip("%").strip('"')
        specs.append((fn, args, alias))
    return specs, [b.strip().lstrip("%").strip('"') for b in split_commas(by)] if by else []


def op_aggregate(stage, t, Table, Row):
    agg_text, by = find_by(stage)
    specs, by = parse_aggs(agg_text, by)
    cols_out, plan = [], []
    for fn, args, alias in specs:
        if fn in ("most_recent", "least_recent"):
            if len(args) != 1:
                raise Unsupported("%s arity" % fn)
            plan.append((fn, args[0], None, alias or "_" + fn.replace("_", "")))
        elif fn == "count":
            plan.append((fn, args[0] if args else None, None, alias or "_count"))
        elif fn == "count_frequent":
            if len(specs) > 1:
                raise Unsupported("count_frequent with others")
            by = [a for a in args] or by
            plan.append(("count", None, None, "_approxcount"))
        elif fn in ("pct", "pct_sampling"):  # pct_sampling: exact here, all values are at hand
            f = args[0]
            ps = args[1:] or ["95"]
            for p in ps:
                name = alias if alias and len(ps) == 1 else "_%s_pct_%s" % (f, p)
                plan.append(("pct", f, float(p), name))
        elif fn in ("count_distinct", "sum", "avg", "min", "max", "stddev", "median", "first", "last", "values"):
            if len(args) != 1:
                raise Unsupported("%s arity" % fn)
            plan.append((fn, args[0], None, alias or "_" + fn))
        else:
            raise Unsupported("aggregate %s" % fn)
    groups, order = {}, []
    for i, r in enumerate(t.rows):
        key = tuple(group_key(r.get(b)) for b in by)
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(i)
    if not by and not groups:
        groups[()] = []
        order.append(())
    out = []
    for key in order:
        idx = groups[key]
        rows = [t.rows[i] for i in idx]
        o = Row()
        for b in by:
            o.set(b, rows[0].get(b) if rows else None)
        for fn, f, p, name in plan:
            o.set(name, agg_value(fn, f, p, rows, [t.ties[i] for i in idx]))
        out.append(o)
    cols = list(by) + [name for _, _, _, name in plan]
    if specs[0][0] == "count_frequent":
        out.sort(key=lambda r: -r.get("_approxcount"))
        ties = [("cf", r.get("_approxcount")) for r in out]
    else:
        ties = [("agg",)] * len(out)
    return Table(out, ties, cols)


def agg_value(fn, f, p, rows, ties):
    if fn == "count":
        return len(rows) if f is None else sum(1 for r in rows if r.get(f) is not None)
    vals = [r.get(f) for r in rows]
    if fn in ("first", "last"):
        if not rows:
            return None
        i = 0 if fn == "first" else len(rows) - 1
        same = [vals[j] for j in range(len(rows)) if ties[j] == ties[i]]
        if len({text(v) for v in same}) > 1:
            raise Unsupported("%s over rows of undefined order" % fn)
        return vals[i]
    if fn in ("most_recent", "least_recent"):
        pairs = [v for v in vals if isinstance(v, tuple) and v[1] is not None]
        if not pairs:
            return None
        best = (max if fn == "most_recent" else min)(p[1] for p in pairs)
        hits = {text(p[0]) for p in pairs if p[1] == best}
        if len(hits) > 1:
            raise Unsupported("%s: several values at the same time" % fn)
        return next(p[0] for p in pairs if p[1] == best)
    if fn == "count_distinct":
        return len({text(v) for v in vals if v is not None})
    if fn == "values":
        ds = sorted({text(v) for v in vals if v is not None}, key=lambda s: s.encode("utf-8"))
        return "\n".join(ds) if ds else None
    nums = [n for n in (to_num(v) for v in vals) if n is not None]
    if not nums:
        return None
    if fn == "sum":
        return sum(nums)
    if fn == "avg":
        return sum(nums) / len(nums)
    if fn == "min":
        return min(nums)
    if fn == "max":
        return max(nums)
    if fn == "stddev":
        if len(nums) < 2:
            return 0.0
        m = sum(nums) / len(nums)
        return math.sqrt(sum((x - m) ** 2 for x in nums) / (len(nums) - 1))
    if fn == "median":
        return pct(nums, 50)
    if fn == "pct":
        return pct(nums, p)
    raise Unsupported(fn)

"""`run.py --self-test`: proves the reference check can fail.

Two kinds of perturbation, each of which must be detected:
1. Expected tables changed in memory (two rows of an ordered result swapped, one count
   changed, a row removed, a column renamed): the comparison must report a difference for every
   covered case the perturbation applies to.
2. Semantics broken in the evaluator (sort ascending by default, null unequal to "", greedy
   parse captures, keywords as substrings, json keeping rows with a missing key, no nodrop
   chain, percentiles without interpolation): at least one case that agrees today must then
   disagree - otherwise the cases (or the comparison) would not notice that mistake.
"""

import copy

import aggregates
import cases
import evaluator
import expr
import loader
import scope
import values
from run import FIXTURES, all_case_paths, evaluate_case, load_case


def covered_agreeing():
    out = []
    for p in all_case_paths():
        c = load_case(p)
        status, _ = evaluate_case(c)
        if status == "agree":
            out.append((p, c))
    return out


def detected(case):
    return evaluate_case(case)[0] == "disagree"


def table_perturbations(cs):
    fails, counts = [], {"swap": 0, "count": 0, "drop-row": 0, "rename": 0}
    for p, c in cs:
        res = c["result"]
        body = res[1:]
        # swap two adjacent, different rows of an ordered result whose order the query defines
        if not c["any_order"]:
            t = evaluator.evaluate(c["query"], events(c), c["vars"])
            for i in range(len(body) - 1):
                if body[i] != body[i + 1] and t.ties[i] != t.ties[i + 1]:
                    m = copy.deepcopy(c)
                    m["result"][i + 1], m["result"][i + 2] = m["result"][i + 2], m["result"][i + 1]
                    counts["swap"] += 1
                    if not detected(m):
                        fails.append("swap rows %d,%d of %s" % (i + 1, i + 2, p))
                    break
        # change one count (the first row that has one: predict's forecast rows have none)
        for col in ("_count", "_approxcount"):
            k = res[0].index(col) if col in res[0] else None
            row = next((i for i, r in enumerate(body, 1) if k is not None and r[k] != ""), None)
            if row is not None:
                m = copy.deepcopy(c)
                m["result"][row][k] = str(int(float(m["result"][row][k])) + 1)
                counts["count"] += 1
                if not detected(m):
                    fails.append("count +1 in %s" % p)
        if body:
            m = copy.deepcopy(c)
            del m["result"][-1]
            counts["drop-row"] += 1
            if not detected(m):
                fails.append("drop last row of %s" % p)
        m = copy.deepcopy(c)
        m["result"][0][0] += "x"
        counts["rename"] += 1
        if not detected(m):
            fails.append("rename column of %s" % p)
    return fails, counts


def events(c):
    import run
    return run.events_for(c)


class Patch:
    def __init__(self, obj, name, value):
        self.obj, self.name, self.value = obj, name, value

    def __enter__(self):
        self.old = getattr(self.obj, self.name)
        setattr(self.obj, self.name, self.value)

    def __exit__(self, *a):
        setattr(self.obj, self.name, self.old)


def greedy_anchor(s, pattern):
    lits = pattern.split("*")
    i = s.find(lits[0])
    if i < 0:
        return None
    pos, caps = i + len(lits[0]), []
    for lit in lits[1:]:
        j = s.rfind(lit, pos) if lit else len(s)
        if j < 0:
            return None
        caps.append(s[pos:j])
        pos = j + len(lit)
    return caps


def null_not_empty(a, b):
    if a is None or b is None:
        return a is None and b is None
    return values.eq(a, b)


def substring_keyword(w):
    import re
    return re.compile("".join(".*" if c == "*" else re.escape(c) for c in w), re.I)


def json_missing_is_null(doc, path):
    v = ORIG_JSON_VALUE(doc, path)
    return None if v is evaluator.MISSING else v


def no_chain_extract(t, fn, nodrop, multi=False):
    for r in t.rows:
        r.chain = False
    return ORIG_EXTRACT(t, fn, nodrop, multi)


ORIG_EXTRACT = evaluator._extract
ORIG_JSON_VALUE = evaluator.json_value


MUTATIONS = [
    ("sort ascending by default", lambda: Patch(evaluator, "SORT_DEFAULT_DESC", False)),
    ("null unequal to \"\" in =/!=", lambda: Patch(expr, "eq", null_not_empty)),
    ("greedy parse captures", lambda: Patch(evaluator, "anchor_match", greedy_anchor)),
    ("bare keywords as substrings", lambda: Patch(scope, "_bare_re", substring_keyword)),
    ("json keeps rows whose key is missing", lambda: Patch(evaluator, "json_value", json_missing_is_null)),
    ("no nodrop chain (a failing parse always drops)", lambda: Patch(evaluator, "_extract", no_chain_extract)),
]


def pct_check():
    """No case distinguishes interpolation (5 values, quartiles on exact ranks), so check
    pct(bytes, 10) over synthetic/mixed.json against the hand-computed value: values
    0, 750, 1000, 2500, 4000; rank 0.1*4 = 0.4 -> 0 + 0.4*750 = 300."""
    evs = loader.load(FIXTURES, ["synthetic/mixed.json"], "cloudtrail")
    q = '* | json "additionalEventData.bytesTransferredOut" as bytes | pct(bytes, 10)'
    want = [["_bytes_pct_10"], ["300"]]
    ok = cases.compare(want, evaluator.evaluate(q, evs), False) is None
    with Patch(aggregates, "PCT_INTERPOLATE", False):
        caught = cases.compare(want, evaluator.evaluate(q, evs), False) is not None
    return ok, caught


def main():
    cs = covered_agreeing()
    print("self-test over %d covered, agreeing cases" % len(cs))
    failures = []
    fails, counts = table_perturbations(cs)
    failures += fails
    print("table perturbations tried: %s; undetected: %d" % (counts, len(fails)))
    if counts["swap"] < 10:
        failures.append("only %d ordered results to swap rows in" % counts["swap"])
    for name, mk in MUTATIONS:
        with mk():
            hits = [p for p, c in cs if detected(c)]
        print("mutation %-48s caught by %d case(s)%s" % (name, len(hits), (": " + ", ".join(
            h.split("/")[-1] for h in hits[:3]) + (" ..." if len(hits) > 3 else "")) if hits else ""))
        if not hits:
            failures.append("mutation not caught: " + name)
    ok, caught = pct_check()
    print("pct interpolation check: correct=%s, non-interpolating pct caught=%s" % (ok, caught))
    if not (ok and caught):
        failures.append("pct interpolation check")
    for f in failures:
        print("SELF-TEST FAILURE: " + f)
    print("self-test %s" % ("passed" if not failures else "FAILED"))
    return 1 if failures else 0

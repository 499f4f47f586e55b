#!/usr/bin/env python3
"""Checks every tests/queries/**/*.sumo case against the independent reference evaluator.

    python3 tests/reference/run.py              # all cases; exit 1 on any disagreement
    python3 tests/reference/run.py -v           # also list the cases not covered, and why
    python3 tests/reference/run.py CASE...      # only cases whose path contains CASE
    python3 tests/reference/run.py --self-test  # prove that perturbations are detected

Exit status is non-zero on any disagreement not listed in KNOWN.md, on a KNOWN.md entry that
now agrees (the list must stay honest), or when fewer than MIN_COVERED cases are covered (so
the check cannot silently stop covering cases). Never runs the Rust engine.
"""

import os
import re
import sys
import traceback

sys.dont_write_bytecode = True  # leave no __pycache__ in the tree
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import cases  # noqa: E402
import evaluator  # noqa: E402
import loader  # noqa: E402
from expr import Unsupported  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(HERE))
QUERIES = os.path.join(ROOT, "tests", "queries")
FIXTURES = os.path.join(ROOT, "tests", "fixtures")

# The covered count when this floor was last set; lower it only with a reason.
MIN_COVERED = 285

_cache = {}


def events_for(case):
    key = (tuple(case["inputs"]), case["category"] or "cloudtrail")
    if key not in _cache:
        _cache[key] = loader.load(FIXTURES, case["inputs"], key[1])
    return _cache[key]


def all_case_paths(filters=()):
    out = []
    for root, _, files in os.walk(QUERIES):
        for n in files:
            if n.endswith(".sumo"):
                p = os.path.relpath(os.path.join(root, n), ROOT)
                if not filters or any(f in p for f in filters):
                    out.append(p)
    return sorted(out)


def known():
    """Case paths listed in KNOWN.md as `- `tests/queries/...sumo``."""
    path = os.path.join(HERE, "KNOWN.md")
    if not os.path.exists(path):
        return set()
    with open(path, encoding="utf-8") as f:
        return set(re.findall(r"^- `(tests/queries/[^`]+\.sumo)`", f.read(), re.M))


def evaluate_case(case):
    """('skip', reason) | ('agree', None) | ('disagree', diff)."""
    if case.get("range"):
        return "skip", "a time range (the reference evaluates every event)"
    if case.get("geo"):
        return "skip", "the bundled geo table (the reference has none)"
    if case.get("threats"):
        return "skip", "threat-intel indicators (the reference reads none)"
    if case["error"] is not None:
        return "skip", "error case (the engine's diagnostics, not query semantics)"
    if not case["inputs"]:
        return "skip", "no input"
    try:
        t = evaluator.evaluate(case["query"], [dict(e) for e in events_for(case)], case["vars"])
    except Unsupported as e:
        return "skip", str(e)
    diff = cases.compare(case["result"], t, case["any_order"])
    if diff is None:
        return "agree", None
    cols, rows, _ = cases.table_text(t)
    return "disagree", "%s\n  expected (blessed):\n%s\n  reference:\n%s" % (
        diff, indent(cases.format_table(case["result"][0], case["result"][1:])),
        indent(cases.format_table(cols, rows)))


def indent(s):
    return "\n".join("    " + l for l in s.split("\n"))


def load_case(p):
    with open(os.path.join(ROOT, p), encoding="utf-8") as f:
        return cases.parse_case(f.read())


def run(filters, verbose):
    paths = all_case_paths(filters)
    kn = known()
    covered = agree = 0
    disagree, known_hits, stale, skipped = [], [], [], []
    for p in paths:
        case = load_case(p)
        try:
            status, info = evaluate_case(case)
        except Exception:
            status, info = "disagree", "the evaluator crashed:\n" + traceback.format_exc()
        if status == "skip":
            skipped.append((p, info))
            continue
        covered += 1
        if status == "agree":
            agree += 1
            if p in kn:
                stale.append(p)
        elif p in kn:
            known_hits.append((p, info))
        else:
            disagree.append((p, info))
    for p, info in disagree:
        print("DISAGREE %s\n  %s\n" % (p, info))
    for p, info in known_hits:
        print("known disagreement (KNOWN.md) %s\n  %s\n" % (p, info) if verbose else
              "known disagreement (KNOWN.md): %s" % p)
    for p in stale:
        print("KNOWN.md lists %s, but it now agrees: remove it from KNOWN.md" % p)
    if verbose:
        for p, why in skipped:
            print("not covered: %s: %s" % (p, why))
    print("\nreference check: %d cases, covered %d, agree %d, disagree %d (%d known, in KNOWN.md), "
          "not covered %d" % (len(paths), covered, agree, len(disagree) + len(known_hits),
                              len(known_hits), len(skipped)))
    ok = not disagree and not stale
    if not filters and covered < MIN_COVERED:
        print("covered %d is below the floor MIN_COVERED=%d" % (covered, MIN_COVERED))
        ok = False
    return 0 if ok else 1


def main(argv):
    verbose = "-v" in argv
    if "--self-test" in argv:
        import selftest
        return selftest.main()
    filters = [a for a in argv if not a.startswith("-")]
    return run(filters, verbose)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Check that every tool's version of each benchmark query computes the same table.

Runs DuckDB, angle-grinder, jq and (if built) trailscope on a small slice, plus a plain-Python
reading of the Sumo semantics in ../shared/reference/sumo-query-language.md, and compares the
sorted result tables. Prints each mismatch; exits 1 if there was one.

The slice is the first --lines records of the benchmark JSON lines, then the panther-analysis
test events (hand-edited: missing fields, failed console logins) and a few AccessDenied records
given an IntelliJ user agent, so that q2, q4 and q5 have rows to compare (the benchmark data
has no failed login and no IntelliJ user agent).
"""
import argparse
import collections
import csv
import io
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
Q = os.path.join(HERE, "queries")
SHARED = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "cloudtrail"))
if not os.path.isdir(SHARED):  # the checkout may sit elsewhere; shared/ has a fixed home here
    SHARED = "/work/shared/data/cloudtrail"
# Output columns of each query (Sumo's names, lower case). q1/q2 would also have country_code
# from the geo lookup, which is left out everywhere.
COLUMNS = {1: ["user", "loginresult", "_count"], 2: ["user", "loginresult", "_count"],
           3: ["useragent", "_count"], 4: ["errormessage", "_count"], 5: ["user_name", "_count"],
           6: ["eventname", "_count"]}
MAX_SHOWN = 15  # rows of a mismatch to print
INTELLIJ_UA = "aws-toolkit-jetbrains/3.38 ide/IntelliJ-IDEA-Ultimate/2024.1 OS/Linux/6.5"


def make_slice(jsonl, lines, out):
    with open(out, "w", encoding="utf-8") as f:
        with open(jsonl, encoding="utf-8") as src:
            for i, line in enumerate(src):
                if i >= lines:
                    break
                f.write(line)
        denied = []
        panther = os.path.join(SHARED, "panther-analysis", "records.jsonl")
        extra = [json.loads(l) for l in open(panther, encoding="utf-8")] if os.path.exists(panther) else []
        for rec in extra:
            f.write(json.dumps(rec, separators=(",", ":"), ensure_ascii=False) + "\n")
        with open(jsonl, encoding="utf-8") as src:
            for line in src:
                if '"errorCode":"AccessDenied"' in line:
                    denied.append(json.loads(line))
                if len(denied) == 6:
                    break
        for i, rec in enumerate(denied):
            rec["userAgent"] = INTELLIJ_UA
            if i == 5 and isinstance(rec.get("userIdentity"), dict):
                rec["userIdentity"].pop("userName", None)  # q5 must drop this one
            f.write(json.dumps(rec, separators=(",", ":"), ensure_ascii=False) + "\n")


# ---- plain-Python reading of the Sumo semantics, record by record on the raw text ----
def jget(rec, path):
    for key in path.split("."):
        if not isinstance(rec, dict) or key not in rec:
            return None, False
        rec = rec[key]
    return rec, True


def text(v):
    """A json-extracted value as Sumo gives it: strings bare, the rest as JSON text."""
    if v is None or isinstance(v, str):
        return v
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def reference(q, path):
    counts = collections.Counter()
    for raw in open(path, encoding="utf-8"):
        raw = raw.rstrip("\n")
        if q in (1, 2):
            if not re.search(r"(?<![A-Za-z0-9])consolelogin(?![A-Za-z0-9])", raw, re.I):
                continue  # keyword: a whole token, any case
            m = re.search(r'"eventName":"(.*?)"', raw)
            if not m or m[1] != "ConsoleLogin":
                continue
            rec = json.loads(raw)
            m = re.search(r'"userName":"(.*?)"', raw)
            user_name = m[1] if m else ""
            pid = text(jget(rec, "userIdentity.principalId")[0]) or ""
            m = re.search(r":(.+)", pid)
            user = (m[1] if m else None) if user_name == "" else user_name
            result = text(jget(rec, "responseElements.ConsoleLogin")[0])
            if q == 2 and result != "Failure":
                continue
            counts[(text(rec.get("sourceIPAddress")), user, result)] += 1
            continue
        rec = json.loads(raw)
        if q == 6:
            if "eventName" in rec:
                counts[(text(rec["eventName"]),)] += 1
            continue
        if '"errorcode":"accessdenied' not in raw.lower():  # quoted keyword: substring, any case
            continue
        if "userAgent" not in rec or (q > 3 and "errorMessage" not in rec):
            continue
        if q == 3:
            counts[(text(rec["userAgent"]),)] += 1
            continue
        if "IntelliJ" not in (text(rec["userAgent"]) or ""):
            continue
        if q == 4:
            counts[(text(rec["errorMessage"]),)] += 1
        else:
            name, found = jget(rec, "userIdentity.userName")
            if found:
                counts[(text(name),)] += 1
    if q in (1, 2):  # drop sourceIPAddress, as the query's `fields` does
        return sorted((k[1] or "", k[2] or "", str(n)) for k, n in counts.items())
    return sorted((k[0] or "", str(n)) for k, n in counts.items())


# ---- the tools ----
def cell(v):
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float, str)):
        return str(v)
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def table(rows, q):
    """rows: dicts from a tool -> sorted tuples of the query's columns."""
    cols = COLUMNS[q]
    out = []
    for row in rows:
        low = {k.lower(): v for k, v in row.items()}
        out.append(tuple(cell(low.get(c)) for c in cols))
    return sorted(out)


def run(cmd):
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(f"exit {p.returncode}: {p.stderr.strip()[:500]}")
    return p.stdout


def parse(tool, out):
    """A tool's printed result -> list of dicts."""
    if tool == "agrind":
        return json.loads(out or "[]")
    if tool == "jq":
        return [json.loads(l) for l in out.splitlines()]
    return list(csv.DictReader(io.StringIO(out)))  # duckdb, trailscope: CSV with a header


def commands(q, path, trailscope):
    yield "duckdb", [sys.executable, os.path.join(HERE, "tools", "duckdb-query.py"), f"{Q}/q{q}.sql", path]
    yield "agrind", ["agrind", "-o", "json", "-f", path, open(f"{Q}/q{q}.ag").read()]
    yield "jq", ["jq", "-nc", "-f", f"{Q}/q{q}.jq", path]
    if trailscope:
        sumo = open(f"{Q}/q{q}.sumo").read()
        cat = ["--category", "cm-core/cloudtrail"] if "_sourceCategory" in sumo else []
        yield "trailscope", [trailscope, "query", "--format", "csv", *cat, sumo, path]


def compare(label, got, want):
    """Print how got differs from want (as multisets of rows); return 1 if it does."""
    if got == want:
        print(f"{label}: ok ({len(got)} rows)")
        return 0
    print(f"{label}: MISMATCH ({len(got)} rows, expected {len(want)})")
    g, w = collections.Counter(got), collections.Counter(want)
    diff = [("missing", r, n) for r, n in sorted((w - g).items())] + [("extra", r, n) for r, n in sorted((g - w).items())]
    for kind, row, n in diff[:MAX_SHOWN]:
        print(f"    {kind:8} {row}" + (f" x{n}" if n > 1 else ""))
    if len(diff) > MAX_SHOWN:
        print(f"    ... and {len(diff) - MAX_SHOWN} more")
    return 1


def check_results(folder):
    """Compare the outputs that run.sh left in FOLDER (q<N>.<tool>) with DuckDB's."""
    bad = 0
    for q in range(1, 7):
        files = {f.split(".", 1)[1]: os.path.join(folder, f) for f in sorted(os.listdir(folder))
                 if f.startswith(f"q{q}.") and not f.endswith(".err") and not f.endswith(".grep")}
        if "duckdb" not in files:
            continue
        want = table(parse("duckdb", open(files.pop("duckdb")).read()), q)
        for tool, path in files.items():
            bad += compare(f"q{q} {tool} vs duckdb", table(parse(tool, open(path).read()), q), want)
    return bad


def main():
    ap = argparse.ArgumentParser(description="compare the result tables of every tool on a slice")
    ap.add_argument("--data", default="/tmp/trailscope-bench/jsonl/all.jsonl")
    ap.add_argument("--lines", type=int, default=20000, help="records taken from --data (default 20000)")
    ap.add_argument("--slice", default="/tmp/trailscope-bench-slice.jsonl")
    ap.add_argument("--results", metavar="DIR", help="instead: compare the outputs run.sh saved in DIR")
    ap.add_argument("--trailscope", default=os.path.join(HERE, "..", "target", "release", "trailscope"))
    args = ap.parse_args()
    if args.results:
        bad = check_results(args.results)
        print(f"{bad} mismatches")
        sys.exit(1 if bad else 0)
    make_slice(args.data, args.lines, args.slice)
    trailscope = args.trailscope if os.path.exists(args.trailscope) else None
    if not trailscope:
        print("trailscope: not built, not compared")
    bad = 0
    for q in range(1, 7):
        want = reference(q, args.slice)
        for name, cmd in commands(q, args.slice, trailscope):
            try:
                got = table(parse(name, run(cmd)), q)
            except Exception as e:  # a tool that fails counts as a mismatch, with its message
                print(f"q{q} {name}: FAILED {e}")
                bad += 1
                continue
            bad += compare(f"q{q} {name}", got, want)
    print(f"{bad} mismatches")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()

"""`trailscope sql` against a real engine: each query's SQL must parse as Athena (sqlglot),
and written for DuckDB, answer over the documented table (tests/sql/table.py) what
`trailscope query --format csv` answers over the same files.

The queries: the blog's five, every dashboard panel, and every corpus query that runs locally
(`trailscope compat` says which). Prints how many translate and agree per set, and what does
not translate with its diagnostic. Exits 1 when a translated query does not parse (as Athena,
or its Spark form as Spark SQL), does not run or answers differently, or when `athena-table`'s
DDL does not parse. (What does not translate is listed, not failed: the counts are the report.)
"""

import argparse
import concurrent.futures
import csv
import glob
import io
import json
import math
import os
import re
import subprocess
import shutil
import sys
import tempfile

import duckdb
import sqlglot

sys.path.insert(0, os.path.dirname(__file__))
import table  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def queries(shared, bin_):
    """(set, id, query) for every query checked."""
    out = []
    for f in sorted(glob.glob(os.path.join(shared, "corpus/blog-queries/*.sumo"))):
        out.append(("blog", os.path.basename(f)[:-5], open(f, encoding="utf-8").read()))
    dash = json.load(open(os.path.join(ROOT, "www/src/dashboards/dashboards.json"), encoding="utf-8"))
    seen = []

    def walk(x, path):
        if isinstance(x, dict):
            for k, v in x.items():
                if k == "query" and isinstance(v, str):
                    seen.append((path, v))
                else:
                    walk(v, path + [str(x.get("id", x.get("title", k)))])
        elif isinstance(x, list):
            for i, v in enumerate(x):
                walk(v, path + [str(i)])

    walk(dash, [])
    for i, (path, q) in enumerate(seen):
        out.append(("dashboards", f"{i}:{'/'.join(path[-2:])}", q))
    corpus = os.path.join(shared, "corpus/sumo-queries/queries.jsonl")
    rep = subprocess.run(
        [bin_, "compat", "--json", "--var", "cloudTrail=_sourceCategory=cloudtrail", corpus],
        capture_output=True, text=True, check=True,
    )
    ran = {q["id"] for q in json.loads(rep.stdout)["queries"] if q["stage"] == "ran"}
    for line in open(corpus, encoding="utf-8"):
        q = json.loads(line)
        if q["id"] in ran:
            out.append(("corpus", str(q["id"]), q["query"]))
    return out


VARS = ["--var", "cloudTrail=_sourceCategory=cloudtrail"]


def category(q):
    """The category a query's scope names (wildcards dropped), so Trailscope's scope holds."""
    m = re.search(r"_sourceCategory\s*=\s*([^\s|)]+)", q, re.I)
    return m.group(1).replace("*", "") if m else "cloudtrail"


def cell(v):
    """A value as Trailscope's CSV writes it."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isfinite(v) and v == int(v) and abs(v) < 1e15:
            return str(int(v))
        return repr(v)
    return str(v)


def same(a, b):
    """Two cells agree: equal text, or numbers within rounding."""
    if a == b:
        return True
    try:
        x, y = float(a), float(b)
    except ValueError:
        return False
    return abs(x - y) <= 1e-9 * max(1.0, abs(x), abs(y))


def trailscope(bin_, q, files):
    args = [bin_, "query", "--format", "csv", "--keep-duplicates", "--category", category(q)] + VARS + [q] + files
    r = subprocess.run(args, capture_output=True, text=True)
    if r.returncode != 0:
        return None, r.stderr.strip().splitlines()[:1]
    rows = list(csv.reader(io.StringIO(r.stdout)))
    # The CSV writer neutralises spreadsheet formulas with a leading quote: undo it.
    rows = [[c[1:] if len(c) > 1 and c[0] == "'" and c[1] in "=+-@\t\r" else c for c in r] for r in rows]
    return rows, None


def sort_keys(q):
    """The columns the query's last `sort` (or `top`) orders by, lower case; None if none."""
    stages = [s.strip() for s in re.split(r"\|", q)]
    keys = None
    for st in stages:
        m = re.match(r"(?:sort|order)\s+(?:by\s+)?(.*)$", st, re.I | re.S)
        if m:
            keys = [re.sub(r"^[+-]|\s+(asc|desc)$", "", k.strip(), flags=re.I).strip().lower() for k in m.group(1).split(",")]
        elif re.match(r"top\s", st, re.I):
            keys = ["_count"]
        elif re.match(r"(count|sum|avg|min|max|count_distinct|pct|first|last|values)\b", st, re.I):
            keys = None
    return keys


def compare(want, got_cols, got_rows, keys, limited=False):
    """None when the tables agree (as multisets, and in the order of `keys` when the query
    sorts: rows that tie on them may come in any order); else what differs."""
    head = [c.lower() for c in want[0]]
    cols = [c.lower() for c in got_cols]
    keep = [c for c in head if c != "_raw"]
    if sorted(keep) != sorted(c for c in cols if c != "_raw"):
        return f"columns: trailscope {head}, sql {cols}"
    wi = [head.index(c) for c in keep]
    gi = [cols.index(c) for c in keep]
    w = [[r[i] for i in wi] for r in want[1:]]
    g = [[cell(r[i]) for i in gi] for r in got_rows]
    if len(w) != len(g):
        return f"{len(w)} rows from trailscope, {len(g)} from sql"
    if keys and all(k in keep for k in keys):
        ki = [keep.index(k) for k in keys]
        if limited:
            # Which of the rows that tie at the cut `limit` keeps is unspecified: keys only.
            w = [[r[i] for i in ki] for r in w]
            g = [[r[i] for i in ki] for r in g]
            ki = list(range(len(ki)))
        for a, b in zip(w, g):
            if not all(same(a[i], b[i]) for i in ki):
                return f"order differs on {keys}: trailscope {a}, sql {b}"
    for a, b in zip(sorted(w), sorted(g)):
        if not all(same(x, y) for x, y in zip(a, b)):
            return f"row differs: trailscope {a}, sql {b}"
    return None


def check_ddl(bin_):
    """`trailscope athena-table` for one account and for an organization parses as Athena DDL
    and names the partition projection properties AWS documents."""
    bad = []
    for args in (
        ["--bucket", "b", "--accounts", "111122223333", "--regions", "us-east-1"],
        ["--bucket", "b", "--prefix", "p", "--org", "o-abc123", "--regions", "us-east-1,eu-west-1"],
        ["--bucket", "b", "--org", "o-abc123", "--accounts", "111122223333,444455556666"],
    ):
        ddl = subprocess.run([bin_, "athena-table"] + args, capture_output=True, text=True, check=True).stdout
        try:
            sqlglot.parse_one(ddl.rstrip().rstrip(";"), read="athena")
        except sqlglot.errors.ParseError as e:
            bad.append(f"athena-table {' '.join(args)}: sqlglot cannot parse it: {str(e)[:200]}")
        for prop in ("projection.enabled", "projection.timestamp.type", "projection.timestamp.format",
                     "projection.timestamp.range", "projection.timestamp.interval", "storage.location.template"):
            if f"'{prop}'" not in ddl:
                bad.append(f"athena-table {' '.join(args)}: no {prop}")
    print(f"athena-table: {3 - len({b.split(':')[0] for b in bad})} of 3 layouts parse as Athena DDL")
    return bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trailscope", required=True)
    ap.add_argument("--shared", required=True)
    ap.add_argument("roots", nargs="+")
    a = ap.parse_args()
    qs = queries(a.shared, a.trailscope)
    con = duckdb.connect()
    data = []
    tmp = tempfile.mkdtemp(prefix="trailscope-sql-")
    for i, root in enumerate(a.roots):
        os.makedirs(os.path.join(tmp, str(i)))
        used, n = table.load(con, root, f"cloudtrail_{i}", os.path.join(tmp, str(i)))
        data.append((root, used, n))
        print(f"table cloudtrail_{i}: {n} records from {len(used)} files under {root}")
    results = {}
    untranslated = []
    failures = check_ddl(a.trailscope)
    translations = {
        qid: subprocess.run([a.trailscope, "sql"] + VARS + [q], capture_output=True, text=True) for _, qid, q in qs
    }
    # Trailscope's answers are computed in the background while DuckDB runs the SQL.
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    answers = {
        (qid, i): pool.submit(trailscope, a.trailscope, q, used)
        for _, qid, q in qs
        if translations[qid].returncode == 0
        for i, (_, used, _) in enumerate(data)
    }
    for kind, qid, q in qs:
        tr = translations[qid]
        res = results.setdefault(kind, {"total": 0, "translated": 0, "agree": 0})
        res["total"] += 1
        if tr.returncode != 0:
            first = next((l for l in tr.stderr.splitlines() if l.startswith("error")), tr.stderr.strip())
            untranslated.append((kind, qid, first))
            continue
        res["translated"] += 1
        sql = tr.stdout
        try:
            tree = sqlglot.parse_one(sql, read="athena")
        except sqlglot.errors.ParseError as e:
            failures.append((kind, qid, f"sqlglot cannot parse it as athena: {str(e)[:200]}"))
            continue
        keys = sort_keys(q)
        ok = True
        for i, (root, used, _) in enumerate(data):
            duck = tree.sql("duckdb").replace("FROM cloudtrail_logs", f"FROM cloudtrail_{i}")
            try:
                cur = con.execute(duck)
                got_cols = [c[0] for c in cur.description]
                got = cur.fetchall()
            except duckdb.Error as e:
                failures.append((kind, qid, f"duckdb over {root}: {str(e)[:300]}"))
                ok = False
                break
            want, err = answers[(qid, i)].result()
            if want is None:
                failures.append((kind, qid, f"trailscope query failed: {err}"))
                ok = False
                break
            limited = bool(re.search(r"\|\s*(limit|head|top)\b", q, re.I))
            if limited and not keys:
                # Which rows `limit` keeps of an unsorted table is unspecified: count them only.
                why = None if len(want) - 1 == len(got) else f"{len(want) - 1} rows from trailscope, {len(got)} from sql"
            else:
                why = compare(want, got_cols, got, keys, limited)
            if why:
                failures.append((kind, qid, f"over {os.path.basename(root.rstrip('/'))}: {why}"))
                ok = False
                break
        res["agree"] += ok
    # Spark SQL is not run yet (no Spark here): it must at least parse as Spark SQL.
    spark = {"translate": 0, "parse": 0}
    for kind, qid, q in qs:
        tr = subprocess.run([a.trailscope, "sql", "--dialect", "spark"] + VARS + [q], capture_output=True, text=True)
        if tr.returncode != 0:
            continue
        spark["translate"] += 1
        try:
            sqlglot.parse_one(tr.stdout, read="spark")
            spark["parse"] += 1
        except sqlglot.errors.ParseError as e:
            failures.append((kind, qid, f"sqlglot cannot parse the Spark SQL: {str(e)[:200]}"))
    pool.shutdown(cancel_futures=True)
    shutil.rmtree(tmp)
    print()
    for kind, r in results.items():
        print(f"{kind}: {r['total']} queries, {r['translated']} translate, {r['agree']} agree on every data set")
    print(f"spark: {spark['translate']} of {len(qs)} translate, {spark['parse']} parse as Spark SQL (not run)")
    print("\nnot translated (the diagnostic):")
    for kind, qid, why in untranslated:
        print(f"  {kind} {qid}: {why}")
    if failures:
        print("\nDISAGREE or fail:")
        for kind, qid, why in failures:
            print(f"  {kind} {qid}: {why}")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Checks `trailscope detect` against independent Sigma implementations, rule by rule.

    python3 tests/sigma/check.py --trailscope BIN [--verbose] PATH...

For every bundled rule (data/sigma: the 57 SigmaHQ CloudTrail rules and the placeholder rule,
given --expand Legitimate_Countries=US,CA and Legitimate_IP_Ranges=10.0.0.0/8), the set of
matching eventIDs over every record of PATH... is computed three ways:

  trailscope  `trailscope detect --keep-duplicates --no-baselines --format json` (the rules only);
  matcher     pySigma parses the rule (modifiers, wildcards, escapes, `1 of`, `all of`,
              placeholders through its own ValueListPlaceholderTransformation) and this file
              evaluates pySigma's condition tree over each record, read with Python's json,
              following the Sigma specification (semantics below);
  duckdb      pySigma's DuckDB backend (pysigma-backend-duckdb) turns the rule into SQL, run
              by DuckDB over a table of the fields the rules name.

trailscope must equal matcher for every rule. duckdb must equal trailscope except for the
rules in KNOWN below, each a bug or a limit of that reference, named; a KNOWN rule that agrees
fails the check too (the list stays honest). Records are compared by eventID (records without
one are counted and left out), each side reading the files with its own reader; the comparison
is over the eventIDs both readers loaded.

The matcher's semantics, where Sigma leaves them to the backend (the same choices as
src/detect/): a dotted field walks keys, and arrays fan out (a field holds every value it
reaches; a test holds if any value passes); strings compare as text, numbers and booleans as
their JSON text, objects as their compact JSON text; string values are case-insensitive
(Unicode), `cased` and `re` are not; `null` is a missing field or a JSON null; `exists` is a
value other than null; `fieldref` compares case-insensitively; `src_ip` is sourceIPAddress and
`src_country` its country in the bundled geo table (asked of `trailscope geo`, which
tests/geo.rs holds to the DB-IP source); an expanded placeholder value that is a network
matches as `cidr`.
"""

import argparse
import glob
import gzip
import ipaddress
import json
import os
import re
import subprocess
import sys

sys.dont_write_bytecode = True

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
RULES = sorted(glob.glob(os.path.join(ROOT, "data/sigma/rules/*.yml"))) + sorted(
    glob.glob(os.path.join(ROOT, "data/sigma/rules-placeholder/*.yml"))
)
PLACEHOLDERS = {"Legitimate_Countries": ["US", "CA"], "Legitimate_IP_Ranges": ["10.0.0.0/8"]}

# DuckDB's answers that differ from the specification's, by rule file name, and why.
KNOWN = {
    "aws_cloudtrail_console_login_success_without_mfa.yml": "the backend writes a plain value as `=`, "
    "which is case-sensitive in DuckDB: `MFAUsed: 'NO'` misses CloudTrail's `No` (Sigma matches "
    "strings case-insensitively)",
    "aws_enum_buckets.yml": "`not` over a missing field: SQL's NOT of NULL is NULL, so events without userIdentity (`not filter` on userIdentity.type) are dropped where Sigma keeps them (the filter does not match a missing field)",
    "aws_iam_backdoor_users_keys.yml": "`not` over a missing field: SQL's NOT of NULL is NULL, so events without userIdentity (`not filter` on userIdentity.arn) are dropped where Sigma keeps them (the filter does not match a missing field)",
    "aws_update_login_profile.yml": "`not` over a missing field: SQL's NOT of NULL is NULL, so events without userIdentity.arn or requestParameters.userName (`not` of a fieldref) are dropped where Sigma keeps them (the filter does not match a missing field)",
    "aws_cloudtrail_console_login_success_from_susp_locations.yml": "an expanded IP range is "
    "compared as a string (`src_ip = '10.0.0.0/8'`), never as a network",
}


# ---- reading records, independently of the engine ----------------------------------------

def records_of_doc(doc, out):
    if isinstance(doc, dict) and isinstance(doc.get("Records"), list):
        out.extend(r for r in doc["Records"] if isinstance(r, dict))
    elif isinstance(doc, list):
        out.extend(r for r in doc if isinstance(r, dict))
    elif isinstance(doc, dict):
        out.append(doc)


def read_file(path):
    with open(path, "rb") as f:
        data = f.read()
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except Exception:
            return []
    text = data.decode("utf-8", errors="replace")
    out = []
    try:
        records_of_doc(json.loads(text), out)
        return out
    except ValueError:
        pass
    for line in text.splitlines():
        line = line.strip()
        if line:
            try:
                records_of_doc(json.loads(line), out)
            except ValueError:
                pass
    return out


def read_paths(paths):
    recs = []
    for p in paths:
        files = [p] if os.path.isfile(p) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(p) for f in fs
        )
        for f in files:
            if f.endswith((".zip", ".md", ".py", ".txt", ".csv")):
                continue
            recs.extend(read_file(f))
    return recs


# ---- the matcher over pySigma's rule objects ----------------------------------------------

def field_values(event, field, geo):
    if field == "src_ip":
        field = "sourceIPAddress"
    if field == "src_country":
        ips = field_values(event, "sourceIPAddress", geo)
        ip = ips[0] if ips else None
        c = geo.get(ip.strip()) if isinstance(ip, str) else None
        return [c] if c else []
    vals = []

    def walk(v, keys):
        if isinstance(v, list):
            for x in v:
                walk(x, keys)
        elif not keys:
            vals.append(v)
        elif isinstance(v, dict) and keys[0] in v:
            walk(v[keys[0]], keys[1:])

    walk(event, field.split("."))
    return vals


def as_text(v):
    if v is None:
        return None
    if isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return json.dumps(v)
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def sigma_string_regex(s, cased):
    from sigma.types import SpecialChars

    parts = []
    for p in s.s:
        if p == SpecialChars.WILDCARD_MULTI:
            parts.append(".*")
        elif p == SpecialChars.WILDCARD_SINGLE:
            parts.append(".")
        elif isinstance(p, str):
            parts.append(re.escape(p))
        else:
            raise ValueError(f"unexpanded placeholder {p!r}")
    flags = re.DOTALL | (0 if cased else re.IGNORECASE)
    return re.compile("".join(parts), flags)


class Matcher:
    def __init__(self, rule, geo):
        self.rule = rule
        self.geo = geo
        self.cache = {}

    def value_test(self, cond):
        from sigma import types as T
        from sigma.modifiers import SigmaExpandModifier

        v = cond.value
        expanded = SigmaExpandModifier in getattr(cond.parent, "modifiers", [])
        if isinstance(v, T.SigmaNull):
            return lambda vals: not vals or any(x is None for x in vals)
        if isinstance(v, T.SigmaExists):
            return lambda vals: any(x is not None for x in vals) == v.exists
        if isinstance(v, T.SigmaRegularExpression):
            flags = 0
            for f in v.flags:
                flags |= {"IGNORECASE": re.I, "MULTILINE": re.M, "DOTALL": re.S}[f.name]
            rx = re.compile(str(v.regexp), flags)
            return lambda vals: any(t is not None and rx.search(t) for t in map(as_text, vals))
        if isinstance(v, T.SigmaCIDRExpression):
            return lambda vals: any(ip_in(t, v.network) for t in map(as_text, vals))
        if isinstance(v, T.SigmaFieldReference):
            return ("ref", v)
        if isinstance(v, T.SigmaCompareExpression):
            import operator

            op = {"LT": operator.lt, "LTE": operator.le, "GT": operator.gt, "GTE": operator.ge}[v.op.name]
            return lambda vals: any(num(t) is not None and op(num(t), float(v.number.number)) for t in map(as_text, vals))
        if isinstance(v, (T.SigmaNumber,)):
            v = T.SigmaString(str(v.number))
        if isinstance(v, T.SigmaBool):
            v = T.SigmaString("true" if v.boolean else "false")
        if isinstance(v, T.SigmaString):
            if expanded and not v.contains_special():
                try:
                    net = ipaddress.ip_network(str(v), strict=False)
                    return lambda vals: any(ip_in(t, net) for t in map(as_text, vals))
                except ValueError:
                    pass
            rx = sigma_string_regex(v, isinstance(v, getattr(T, "SigmaCasedString", ())))
            return lambda vals: any(t is not None and rx.fullmatch(t) for t in map(as_text, vals))
        raise NotImplementedError(f"value type {type(v).__name__}")

    def eval(self, node, event, raw):
        from sigma import conditions as C

        if isinstance(node, C.ConditionAND):
            return all(self.eval(a, event, raw) for a in node.args)
        if isinstance(node, C.ConditionOR):
            return any(self.eval(a, event, raw) for a in node.args)
        if isinstance(node, C.ConditionNOT):
            return not self.eval(node.args[0], event, raw)
        if isinstance(node, C.ConditionFieldEqualsValueExpression):
            key = id(node)
            if key not in self.cache:
                self.cache[key] = self.value_test(node)
            test = self.cache[key]
            vals = field_values(event, node.field, self.geo)
            if isinstance(test, tuple):
                ref = test[1]
                others = [as_text(o).lower() for o in field_values(event, ref.field, self.geo) if o is not None]
                for t in (as_text(x) for x in vals):
                    if t is None:
                        continue
                    t = t.lower()
                    for o in others:
                        if ref.starts_with and ref.ends_with:
                            ok = o in t
                        elif ref.starts_with:
                            ok = t.startswith(o)
                        elif ref.ends_with:
                            ok = t.endswith(o)
                        else:
                            ok = t == o
                        if ok:
                            return True
                return False
            return bool(test(vals))
        if isinstance(node, C.ConditionValueExpression):
            rx = sigma_string_regex(node.value, False)
            return bool(rx.search(raw))  # keywords: anywhere in the event's compact text
        raise NotImplementedError(f"condition node {type(node).__name__}")


def ip_in(t, net):
    if t is None:
        return False
    try:
        return ipaddress.ip_address(t.strip()) in net
    except ValueError:
        return False


def num(t):
    try:
        return float(t)
    except (TypeError, ValueError):
        return None


def load_rules():
    from sigma.collection import SigmaCollection
    from sigma.processing.pipeline import ProcessingItem, ProcessingPipeline
    from sigma.processing.transformations import ValueListPlaceholderTransformation

    pipeline = ProcessingPipeline(
        items=[ProcessingItem(ValueListPlaceholderTransformation(), identifier="placeholders")],
        vars=PLACEHOLDERS,
    )
    rules = []
    for path in RULES:
        with open(path) as f:
            rule = SigmaCollection.from_yaml(f.read()).rules[0]
        rule_pl = None
        if "%" in open(path).read():
            rule_pl = pipeline
        rules.append((os.path.basename(path), rule, rule_pl))
    return rules


def conditions(rule, pipeline):
    if pipeline is not None:
        pipeline.apply(rule)
    return [c.parsed for c in rule.detection.parsed_condition]


# ---- DuckDB through the backend -----------------------------------------------------------

def duckdb_ids(rules, records, geo, fields):
    import duckdb
    from sigma.processing.pipeline import ProcessingPipeline
    from sigma_backend_duckdb import DuckDBBackend

    con = duckdb.connect()
    cols = sorted(fields | {"eventID"})
    con.execute("CREATE TABLE logs (" + ", ".join(f'"{c}" VARCHAR' for c in cols) + ")")
    rows = []
    for r in records:
        row = []
        for c in cols:
            vals = [as_text(v) for v in field_values(r, c, geo)]
            vals = [v for v in vals if v is not None]
            row.append(vals[0] if len(vals) == 1 else (json.dumps(vals) if vals else None))
        rows.append(row)
    con.executemany("INSERT INTO logs VALUES (" + ", ".join("?" for _ in cols) + ")", rows)
    out = {}
    for name, rule, pipeline in rules:
        backend = DuckDBBackend(processing_pipeline=pipeline or ProcessingPipeline())
        sql = backend.convert_rule(rule)[0]
        sql = sql.replace("SELECT * FROM logs", 'SELECT DISTINCT "eventID" FROM logs', 1)
        out[name] = {row[0] for row in con.execute(sql).fetchall() if row[0] is not None}
    return out


def rule_fields(conds):
    from sigma import conditions as C
    from sigma.types import SigmaFieldReference

    out = set()

    def walk(n):
        if isinstance(n, C.ConditionFieldEqualsValueExpression):
            out.add(n.field)
            if isinstance(n.value, SigmaFieldReference):
                out.add(n.value.field)
        for a in getattr(n, "args", []) or []:
            if not isinstance(a, str):
                walk(a)

    for c in conds:
        walk(c)
    return out


# ---- trailscope ---------------------------------------------------------------------------

def trailscope_ids(binary, paths):
    expand = []
    for k, v in PLACEHOLDERS.items():
        expand += ["--expand", f"{k}={','.join(v)}"]
    out = subprocess.run(
        [binary, "detect", "--keep-duplicates", "--no-baselines", "--format", "json", *expand, *paths],
        capture_output=True, text=True, check=True,
    )
    doc = json.loads(out.stdout)
    by_rule = {}
    for a in doc["alerts"]:
        name = os.path.basename(a["rule_file"])
        if a["event_id"] is not None:
            by_rule.setdefault(name, set()).add(a["event_id"])
    loaded = subprocess.run(
        [binary, "query", "--keep-duplicates", "--format", "json", '* | json "eventID" | count by eventID', *paths],
        capture_output=True, text=True, check=True,
    )
    ids = {row["eventID"] for row in json.loads(loaded.stdout)}
    return by_rule, ids, doc["rules"]["run"]


def geo_table(binary, records):
    ips = sorted({r["sourceIPAddress"].strip() for r in records if isinstance(r.get("sourceIPAddress"), str)})
    out = subprocess.run([binary, "geo", "--format", "json"], input="\n".join(ips) + "\n",
                         capture_output=True, text=True, check=True)
    rows = json.loads(out.stdout)
    return {row["ip"]: row.get("country_code") for row in rows if row.get("country_code")}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--trailscope", required=True)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()

    records = read_paths(a.paths)
    with_id = [r for r in records if isinstance(r.get("eventID"), str)]
    geo = geo_table(a.trailscope, with_id)
    ts, ts_ids, ts_run = trailscope_ids(a.trailscope, a.paths)
    py_ids = {r["eventID"] for r in with_id}
    common = ts_ids & py_ids
    print(f"records read here: {len(records)} ({len(records) - len(with_id)} without an eventID); "
          f"eventIDs: {len(py_ids)} here, {len(ts_ids)} in trailscope, {len(common)} in both")

    rules = load_rules()
    compiled = []
    for name, rule, pipeline in rules:
        compiled.append((name, rule, pipeline, conditions(rule, pipeline)))
    fields = set()
    for *_, conds in compiled:
        fields |= rule_fields(conds)

    ref = {}
    for name, rule, pipeline, conds in compiled:
        m = Matcher(rule, geo)
        hits = set()
        for r in with_id:
            raw = json.dumps(r, separators=(",", ":"), ensure_ascii=False)
            if any(m.eval(c, r, raw) for c in conds):
                hits.add(r["eventID"])
        ref[name] = hits
    duck = duckdb_ids([(n, r, p) for n, r, p, _ in compiled], with_id, geo, fields)

    failures = []
    agree_ref = agree_duck = with_matches = 0
    print(f"{'rule':<70} {'trailscope':>10} {'matcher':>8} {'duckdb':>7}")
    for name, *_ in compiled:
        t = ts.get(name, set()) & common
        m = ref[name] & common
        d = duck[name] & common
        with_matches += bool(t)
        agree_ref += t == m
        agree_duck += t == d
        mark = ""
        if t != m:
            failures.append(f"{name}: trailscope and the matcher differ: only trailscope {sorted(t - m)[:5]}, "
                            f"only the matcher {sorted(m - t)[:5]}")
            mark = "  DIFFERS from the matcher"
        if t != d and name not in KNOWN:
            failures.append(f"{name}: duckdb differs and KNOWN does not say why: only trailscope "
                            f"{sorted(t - d)[:5]}, only duckdb {sorted(d - t)[:5]}")
            mark += "  DIFFERS from duckdb"
        if t == d and name in KNOWN:
            failures.append(f"{name}: listed in KNOWN but duckdb now agrees: remove it")
        if t != d and name in KNOWN:
            mark += f"  duckdb differs (known: {KNOWN[name].split(':')[0]})"
        if a.verbose or mark:
            print(f"{name:<70} {len(t):>10} {len(m):>8} {len(d):>7}{mark}")
    print(f"{len(compiled)} rules ({ts_run} run by trailscope), {with_matches} with matches; "
          f"trailscope = matcher for {agree_ref}, = duckdb for {agree_duck} ({len(KNOWN)} known differences)")
    if ts_run != len(compiled):
        failures.append(f"trailscope ran {ts_run} rules, not {len(compiled)}")
    if with_matches < 30:
        failures.append(f"only {with_matches} rules matched anything: the data or the check changed")
    for f in failures:
        print("FAIL:", f)
    print(f"{len(compiled) - len([f for f in failures if ': trailscope and' in f])} passed, "
          f"{len(failures)} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

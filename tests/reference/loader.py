"""Fixture loading for the reference evaluator: CloudTrail files -> events.

Written from the CloudTrail file formats and the documented conventions (ARCHITECTURE.md), not
from the engine's code: each record's `_raw` is its original JSON text with the whitespace
outside strings removed (key order and escapes kept), `_messagetime` is `eventTime` in epoch
ms, and the raw stream is newest first (records without `eventTime` last). `_sourceName` is the
file's path; `account` / `region` come from the S3 key `AWSLogs/<account>/CloudTrail/<region>/`.
"""

import json
import os
from datetime import datetime, timezone

SKIP_SUFFIXES = (".py", ".csv", ".md", ".gz", ".zip")
SKIP_PREFIXES = ("LICENSE", "NOTICE", ".", "README")


def minify(text):
    """Drop whitespace outside JSON strings (what a compact record's text looks like)."""
    out, in_str, esc = [], False, False
    for ch in text:
        if in_str:
            out.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
            out.append(ch)
        elif ch not in " \t\r\n":
            out.append(ch)
    return "".join(out)


def _array_spans(text, i):
    """(text, value) of each element of the JSON array whose '[' is at text[i]."""
    dec = json.JSONDecoder(object_pairs_hook=dict)
    out, i = [], i + 1
    while True:
        while text[i] in " \t\r\n,":
            i += 1
        if text[i] == "]":
            return out
        obj, end = dec.raw_decode(text, i)
        out.append((text[i:end], obj))
        i = end


def records_of(text):
    """(raw text, parsed record) for each CloudTrail record in one file's text."""
    body = text.strip()
    dec = json.JSONDecoder()
    try:
        doc = json.loads(body)
    except json.JSONDecodeError:
        doc = None
        lines = [l.strip() for l in body.splitlines() if l.strip()]
        return [(l, json.loads(l)) for l in lines]
    if isinstance(doc, dict) and isinstance(doc.get("Records"), list):
        # the span of the array value
        i = body.index("[", body.index('"Records"') + len('"Records"'))
        return _array_spans(body, i)
    if isinstance(doc, list):
        return _array_spans(body, 0)
    return [(body, doc)]


def parse_time(s):
    if not isinstance(s, str):
        return None
    try:
        t = datetime.strptime(s.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            t = datetime.strptime(s.replace("Z", "+0000"), "%Y-%m-%dT%H:%M:%S.%f%z")
        except ValueError:
            return None
    return int(t.timestamp() * 1000)


def account_region(path):
    parts = path.replace("\\", "/").split("/")
    for i, p in enumerate(parts):
        if p == "CloudTrail" and i >= 1 and i + 1 < len(parts):
            acc = parts[i - 1]
            acc = acc if len(acc) == 12 and acc.isdigit() else None
            reg = parts[i + 1] if "-" in parts[i + 1] else None
            return acc, reg
    return None, None


def list_files(path):
    if os.path.isfile(path):
        return [path]
    out = []
    for root, dirs, files in os.walk(path):
        dirs.sort()
        for n in sorted(files):
            if n.endswith(SKIP_SUFFIXES) or n.startswith(SKIP_PREFIXES):
                continue
            out.append(os.path.join(root, n))
    return sorted(out)


def load(fixtures_dir, inputs, category):
    """Events of every input, newest first (stable for equal times: load order)."""
    events = []
    for inp in inputs:
        for f in list_files(os.path.join(fixtures_dir, inp)):
            with open(f, encoding="utf-8") as fh:
                text = fh.read()
            acc, reg = account_region(f)
            for raw, rec in records_of(text):
                if not isinstance(rec, dict):
                    continue
                events.append({
                    "raw": minify(raw),
                    "rec": rec,
                    "time": parse_time(rec.get("eventTime")),
                    "source": f,
                    "category": category,
                    "account": acc,
                    "region": reg,
                })
    # newest first; events without a time last; equal times: order undefined (tie id)
    events.sort(key=lambda e: (e["time"] is None, -(e["time"] or 0)))
    return events

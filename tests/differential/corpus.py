#!/usr/bin/env python3
"""Writes the differential test's corpus and counts its records independently of the engine.

    python3 corpus.py OUT_DIR [SAMPLE_DIR]

Sources: real CloudTrail fixtures (tests/fixtures/cloudtrail) and, if given, a generated sample
folder. Each source becomes the shapes users drop: as written, gzipped, multi-member gzip,
concatenated documents, one document per line, JSON lines, a bare array, pretty-printed, zipped,
with data after the document, and truncated at 30/55/80% (plain and gzipped). OUT_DIR gets the
files and expected.json: {file: records}, counted here with Python's own json and zlib.

The counting rules are the ones a user expects (ARCHITECTURE.md, "Ingest"): every record of
every document loads; a document cut short keeps the whole records before the cut; after
damage, reading goes on at the next document (a `{` or `[` at a line start, or a
`{"Records":` glued to the text before).
"""

import glob
import gzip
import io
import json
import os
import re
import sys
import zipfile
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures", "cloudtrail")
SOURCES = [
    "invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf.json",
    "invictus-ir-aws-dataset/218007301253_CloudTrail_us-east-1_20230710T1210Z_vj0QE0Tf5ZmzMsCo.json",
    "stratus-red-team/aws.discovery.ec2-download-user-data.json",
    "plaso/aws_cloudtrail.jsonl",
]


# ---- independent reading ------------------------------------------------------------------

def gunzip_all(data):
    """Every gzip member, stopping quietly where the data is cut or damaged."""
    out = bytearray()
    while data:
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(data)
        except zlib.error:
            break
        if not d.eof:
            break
        data = d.unused_data
    return bytes(out)


WS = " \t\r\n"


def skip_ws(t, i):
    while i < len(t) and t[i] in WS:
        i += 1
    return i


DEC = json.JSONDecoder()


def next_document(t, frm):
    cands = [m.start() + 1 for m in re.finditer(r"\n[\[{]", t[frm:])]
    cands = [frm + c for c in cands]
    g = t.find('{"Records":', frm)
    if g >= 0:
        cands.append(g)
    return min(cands) if cands else None


def count_array(t, i):
    """Records of the array whose `[` is at i: (count, end or None if damaged, fault pos)."""
    n = 0
    i = skip_ws(t, i + 1)
    if i < len(t) and t[i] == "]":
        return 0, i + 1, None
    while True:
        try:
            v, e = DEC.raw_decode(t, i)
        except ValueError:
            return n, None, i
        if isinstance(v, dict):
            n += 1
        i = skip_ws(t, e)
        if i < len(t) and t[i] == ",":
            i = skip_ws(t, i + 1)
            continue
        if i < len(t) and t[i] == "]":
            return n, i + 1, None
        return n, None, i


def count_document(t, i):
    """(records, end or None, fault position)."""
    if t[i] == "[":
        return count_array(t, i)
    if t[i] != "{":
        return 0, None, i
    m = re.match(r'\{\s*"(Records|Events)"\s*:\s*\[', t[i:])
    if m:
        n, end, fault = count_array(t, i + m.end() - 1)
        if end is None:
            return n, None, fault
        try:  # the rest of the wrapper object
            rest = "{" + t[end:].lstrip().lstrip(",")
            _, e = DEC.raw_decode(rest)
            return n, end + (len(t[end:]) - len(t[end:].lstrip().lstrip(","))) + e - 1, None
        except ValueError:
            return n, None, end
    try:
        _, e = DEC.raw_decode(t, i)
        return 1, e, None
    except ValueError:
        return 0, None, i


def count_text(t):
    if t.startswith("\ufeff"):
        t = t[1:]
    n, i = 0, skip_ws(t, 0)
    while i < len(t):
        c, end, fault = count_document(t, i)
        n += c
        if end is None:
            nxt = next_document(t, fault + 1)
            if nxt is None:
                break
            i = nxt
        else:
            i = skip_ws(t, end)
    return n


def count_file(path):
    data = open(path, "rb").read()
    if data[:2] == b"\x1f\x8b":
        data = gunzip_all(data)
    if data[:4] == b"PK\x03\x04":
        z = zipfile.ZipFile(io.BytesIO(data))
        return sum(count_text(z.read(n).decode("utf-8", "replace")) for n in z.namelist() if not n.endswith("/"))
    return count_text(data.decode("utf-8", "replace"))


# ---- the corpus ---------------------------------------------------------------------------

def records_of(text):
    """The records of a source, for re-shaping (sources are whole, so json reads them)."""
    text = text.strip()
    if text.startswith("{") and "\n{" in text and not text.startswith('{"Records"'):
        return [json.loads(l) for l in text.splitlines() if l.strip()]
    d = json.loads(text)
    return d["Records"] if isinstance(d, dict) and "Records" in d else d if isinstance(d, list) else [d]


def compact(v):
    return json.dumps(v, separators=(",", ":"))


def write(out, name, data):
    p = os.path.join(out, name)
    with open(p, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def gz(b):
    return gzip.compress(b if isinstance(b, bytes) else b.encode(), mtime=0)


def variants(out, tag, recs):
    half = len(recs) // 2 or 1
    a, b = recs[:half], recs[half:]
    doc = compact({"Records": recs})
    docs = [compact({"Records": a}), compact({"Records": b})]
    write(out, f"{tag}.json", doc)
    write(out, f"{tag}.json.gz", gz(doc))
    write(out, f"{tag}.multi.json.gz", gz(docs[0]) + gz(docs[1]))
    write(out, f"{tag}.concat.json", "".join(docs))
    write(out, f"{tag}.zcat.json", "\n".join(docs) + "\n")
    write(out, f"{tag}.perline.json", docs[0] + "\n" + docs[1] + "\n")
    write(out, f"{tag}.jsonl", "\n".join(compact(r) for r in recs) + "\n")
    write(out, f"{tag}.array.json", compact(recs))
    write(out, f"{tag}.arrays.json", compact(a) + "\n" + compact(b))
    write(out, f"{tag}.pretty.json", json.dumps({"Records": recs}, indent=2))
    write(out, f"{tag}.trailing.json", doc + "\n" + compact({"Records": b}) + "\n")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a/one.json", docs[0])
        z.writestr("b/two.jsonl", "\n".join(compact(r) for r in b))
    write(out, f"{tag}.zip", buf.getvalue())
    for pct in (30, 55, 80):
        write(out, f"{tag}.cut{pct}.json", doc[: len(doc) * pct // 100])
        g = gz(doc)
        write(out, f"{tag}.cut{pct}.json.gz", g[: len(g) * pct // 100])
    # Damage in the middle: a cut document, then a whole one.
    write(out, f"{tag}.cutthenwhole.json", docs[0][: len(docs[0]) * 2 // 3] + "\n" + docs[1])


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    sources = [(f"real{k}", open(os.path.join(FIXTURES, s)).read()) for k, s in enumerate(SOURCES)]
    if len(sys.argv) > 2:
        files = sorted(glob.glob(os.path.join(sys.argv[2], "**", "*.json.gz"), recursive=True))
        recs = [r for f in files for r in json.load(gzip.open(f))["Records"]]
        sources.append(("sample", compact({"Records": recs})))
    for tag, text in sources:
        variants(out, re.sub(r"[^A-Za-z0-9_-]", "_", tag), records_of(text))
    expected = {n: count_file(os.path.join(out, n)) for n in sorted(os.listdir(out))}
    with open(os.path.join(out, "expected.json"), "w") as f:
        json.dump(expected, f, indent=1, sort_keys=True)
    print(f"{len(expected)} files, {sum(expected.values())} records")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Build the benchmark data set by replicating real CloudTrail records.

Reads the public records under ../shared/data/cloudtrail (see SOURCES.md there) and writes
whole copies of them until the JSON-lines file reaches --size-mb, in three shapes:

  jsonl/all.jsonl      one compact record per line
  records/big.json     one {"Records":[...]} file
  s3/AWSLogs/<acct>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<acct>_CloudTrail_<region>_<ts>_<rand>.json.gz
                       gzipped {"Records":[...]} files of 100-300 records, as CloudTrail delivers them

All three hold the same records in the same order. Copy k gets a fresh eventID (uuid4 drawn
from the seeded RNG) and its eventTime moved k whole days later; every other byte of a record
is the compact serialisation of the source record, so the share of ConsoleLogin and
AccessDenied records is the source's share (about 0.65%), unless --denied-share sets it: the
source's records holding `AccessDenied` are then repeated (or, at 1, kept alone), so that the
blog's keyword can be measured at 25% or 100% selectivity. Same seed and size -> same bytes.

Standard library only.
"""
import argparse
import datetime
import glob
import gzip
import hashlib
import json
import os
import random
import re
import shutil
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_SRC = os.path.normpath(os.path.join(HERE, "..", "..", "shared", "data", "cloudtrail"))
if not os.path.isdir(DEFAULT_SRC):  # the checkout may sit elsewhere; shared/ has a fixed home here
    DEFAULT_SRC = "/work/shared/data/cloudtrail"

# Sentinels put in place of the two per-copy values, so each record is serialised once and
# each copy is a cheap string join (the JSON text stays byte-identical elsewhere).
ID_MARK = "\x00EVENTID\x00"
TIME_MARK = "\x00EVENTTIME\x00"


def dumps(obj):
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)


def load_records(src):
    """Return the source records, in a fixed order. Odd or bad files are skipped, with a note."""
    files = []
    for pattern in ("invictus-ir-aws-dataset/*.json", "trailscraper-fixtures/*.json",
                    "trailscraper-fixtures/*.json.gz", "stratus-red-team/*.json"):
        files += sorted(glob.glob(os.path.join(src, pattern)))
    seen, records = set(), []
    for path in files:
        opener = gzip.open if path.endswith(".gz") else open
        try:
            with opener(path, "rb") as f:
                raw = f.read()
            doc = json.loads(raw)
        except (OSError, ValueError) as e:
            print(f"skip {path}: {e}", file=sys.stderr)
            continue
        digest = hashlib.sha256(raw).hexdigest()
        if digest in seen:  # trailscraper ships one file both plain and gzipped
            print(f"skip {path}: same content as an earlier file", file=sys.stderr)
            continue
        seen.add(digest)
        recs = doc.get("Records") if isinstance(doc, dict) else doc
        if not isinstance(recs, list) or not recs or not all(isinstance(r, dict) for r in recs):
            print(f"skip {path}: not a non-empty list of records", file=sys.stderr)
            continue
        records += recs
    return records


def template(rec):
    """Split a record's compact JSON into text parts and the two marks to fill in per copy."""
    r = dict(rec)  # dict() keeps key order
    t = rec.get("eventTime")
    m = re.match(r"(\d{4})-(\d\d)-(\d\d)(.*)$", t) if isinstance(t, str) else None
    try:
        date = datetime.date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:  # not a real date: leave eventTime as it is
        date, m = None, None
    if m:
        r["eventTime"] = TIME_MARK
    if isinstance(r.get("eventID"), str):
        r["eventID"] = ID_MARK
    escaped = {dumps(k)[1:-1]: k for k in (ID_MARK, TIME_MARK)}  # the marks as they appear in JSON
    pieces = re.split("(" + "|".join(map(re.escape, escaped)) + ")", dumps(r))
    parts = [escaped.get(p, p) for p in pieces]
    tail = m[4] if m else ""
    ident = rec.get("userIdentity") if isinstance(rec.get("userIdentity"), dict) else {}
    account = str(rec.get("recipientAccountId") or ident.get("accountId") or "000000000000")
    region = str(rec.get("awsRegion") or "us-east-1")
    return parts, date, tail, re.sub(r"[^A-Za-z0-9-]", "_", account), re.sub(r"[^A-Za-z0-9-]", "_", region)


def reweight(records, share):
    """The records with those holding `AccessDenied` (the blog's keyword) repeated, or the others
    dropped at share 1, so that about `share` of them hold it; order kept."""
    denied = [r for r in records if "AccessDenied" in dumps(r)]
    others = [r for r in records if "AccessDenied" not in dumps(r)]
    if not denied:
        sys.exit("no AccessDenied records in the source")
    if share >= 1:
        return denied
    repeat = max(1, round(share * len(others) / ((1 - share) * len(denied))))
    out = []
    for r in records:
        out += [r] * (repeat if "AccessDenied" in dumps(r) else 1)
    print(f"AccessDenied records repeated {repeat}x: {len(denied) * repeat} of {len(out)}", file=sys.stderr)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--size-mb", type=float, default=1024, help="target size of all.jsonl in MiB (default 1024)")
    ap.add_argument("--out", default="/tmp/trailscope-bench", help="output folder (default /tmp/trailscope-bench)")
    ap.add_argument("--src", default=DEFAULT_SRC, help="folder of the real CloudTrail data")
    ap.add_argument("--seed", type=int, default=20240101)
    ap.add_argument("--denied-share", type=float, default=None,
                    help="make this share (0-1) of the records ones that hold the text AccessDenied, by "
                         "repeating the source's such records (default: the source's share, about 0.65%%)")
    args = ap.parse_args()

    records = load_records(args.src)
    if args.denied_share is not None:
        records = reweight(records, args.denied_share)
    # Group as CloudTrail does (one file per account and region, in time order); a stable
    # sort keeps the source order among equal keys.
    tpls = sorted((template(r) for r in records), key=lambda t: (t[3], t[4], t[1] or datetime.date.min))
    copy_bytes = sum(len("".join(p).encode()) + 1 for p, *_ in tpls) + 36 * len(tpls)
    target = int(args.size_mb * 1024 * 1024)
    copies = max(1, -(-target // copy_bytes))  # whole copies, so the mix of events stays the source's
    print(f"{len(records)} source records, ~{copy_bytes} bytes a copy, {copies} copies", file=sys.stderr)

    rng = random.Random(args.seed)
    for sub in ("jsonl", "records", "s3"):
        shutil.rmtree(os.path.join(args.out, sub), ignore_errors=True)
        os.makedirs(os.path.join(args.out, sub))
    jsonl = open(os.path.join(args.out, "jsonl", "all.jsonl"), "w", encoding="utf-8")
    big = open(os.path.join(args.out, "records", "big.json"), "w", encoding="utf-8")
    big.write('{"Records":[')
    n = nfiles = 0
    chunk, chunk_key, chunk_want = [], None, 0

    def flush():
        nonlocal nfiles
        if not chunk:
            return
        acct, region, day, hhmm = chunk_key
        d = os.path.join(args.out, "s3", "AWSLogs", acct, "CloudTrail", region, f"{day:%Y}", f"{day:%m}", f"{day:%d}")
        os.makedirs(d, exist_ok=True)
        rand = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") for _ in range(16))
        name = f"{acct}_CloudTrail_{region}_{day:%Y%m%d}T{hhmm}Z_{rand}.json.gz"
        body = ('{"Records":[' + ",".join(chunk) + "]}").encode()
        with open(os.path.join(d, name), "wb") as f:
            f.write(gzip.compress(body, compresslevel=6, mtime=0))  # mtime=0: same bytes every run
        nfiles += 1
        chunk.clear()

    for k in range(copies):
        shift = datetime.timedelta(days=k)
        for parts, date, tail, acct, region in tpls:
            day = date + shift if date else datetime.date(1970, 1, 1)
            values = {ID_MARK: str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                      TIME_MARK: f"{day:%Y-%m-%d}{tail}" if date else ""}
            line = "".join(values.get(p, p) for p in parts)
            jsonl.write(line + "\n")
            big.write(("," if n else "") + line)
            n += 1
            # A new S3 object when the account, region or day changes, or the chunk is full.
            hhmm = (tail[1:3] + f"{int(tail[4:6]) // 5 * 5:02d}") if re.match(r"T\d\d:\d\d", tail) else "0000"
            key = (acct, region, day, hhmm)
            if chunk and (key[:3] != chunk_key[:3] or len(chunk) >= chunk_want):
                flush()
            if not chunk:
                chunk_key, chunk_want = key, rng.randint(100, 300)
            chunk.append(line)
    flush()
    big.write("]}")
    jsonl.close()
    big.close()
    print(f"{n} records, {os.path.getsize(jsonl.name)} bytes jsonl, {nfiles} s3 files -> {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()

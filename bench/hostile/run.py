#!/usr/bin/env python3
"""Hostile inputs of issue 9, each run through the release CLI: time, peak memory, outcome.

    python3 bench/hostile/run.py [TRAILSCOPE]    (after `make build`; prints a markdown table)

The wasm side of the same cases is tests/differential/hostile.mjs (run by `make test`).
"""

import gzip
import json
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zlib

EXE = sys.argv[1] if len(sys.argv) > 1 else "target/release/trailscope"
GiB = 1 << 30


def gz_stream(path, parts):
    """Writes a gzip file from an iterable of byte chunks without holding them."""
    with open(path, "wb") as f:
        c = zlib.compressobj(6, zlib.DEFLATED, 31)
        for p in parts:
            f.write(c.compress(p))
        f.write(c.flush())


def repeat(unit, total, chunk=1 << 20):
    block = unit * (chunk // len(unit))
    left = total
    while left > 0:
        yield block[: min(left, len(block))]
        left -= len(block)


def overlapping_zip(path, entries, size):
    """One deflated entry of `size` spaces that `entries` directory records all point at."""
    body = zlib.compressobj(9, zlib.DEFLATED, -15)
    data = b"".join(body.compress(p) for p in repeat(b" ", size)) + body.flush()
    crc = 0
    for p in repeat(b" ", size):
        crc = zlib.crc32(p, crc)
    name = b"a.json"
    local = struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, crc, len(data), size, len(name), 0) + name
    central = b""
    for k in range(entries):
        n = b"e%02d.json" % k
        central += struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21, crc, len(data), size, len(n), 0, 0, 0, 0, 0, 0) + n
    off = len(local) + len(data)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, entries, entries, len(central), off, 0)
    with open(path, "wb") as f:
        f.write(local + data + central + end)


def run(args):
    r = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + args, capture_output=True, text=True, timeout=600)
    *rest, last = r.stderr.strip().splitlines()
    secs, kb = last.split()
    return float(secs), int(kb) / 1024, r.returncode, r.stdout, "\n".join(rest)


def main():
    tmp = tempfile.mkdtemp(prefix="hostile-")
    cases = []
    try:
        p = os.path.join(tmp, "scalars.json")
        with open(p, "wb") as f:
            f.write(b"[")
            for b in repeat(b"1,", 100 << 20):
                f.write(b)
            f.write(b"1]")
        cases.append(("100 MB of `[1,1,...]`", ["ingest", p]))
        p = os.path.join(tmp, "empty.json.gz")
        gz_stream(p, [b'{"Records":['] + list(repeat(b"{},", GiB)) + [b"{}]}"])
        cases.append((f"{os.path.getsize(p) >> 10} KB .json.gz of `{{\"Records\":[{{}},...]}}` (1 GiB inside)", ["ingest", p]))
        d = os.path.join(tmp, "bombs")
        os.mkdir(d)
        one = gzip.compress(b" " * GiB, 9)
        for k in range(2):
            with open(os.path.join(d, f"bomb{k}.json.gz"), "wb") as f:
                for _ in range(10):
                    f.write(one)
        cases.append((f"a folder of two {os.path.getsize(os.path.join(d, 'bomb0.json.gz')) >> 20} MB gzip bombs (10 GiB each)", ["ingest", d]))
        p = os.path.join(tmp, "overlap.zip")
        overlapping_zip(p, 40, GiB)
        cases.append((f"{os.path.getsize(p) >> 10} KB zip, 40 overlapping entries of 1 GiB", ["ingest", p]))
        d = os.path.join(tmp, "special")
        os.mkdir(d)
        os.mkfifo(os.path.join(d, "fifo.json"))
        os.symlink("/dev/zero", os.path.join(d, "zero.json"))
        cases.append(("a folder with a FIFO and a symlink to /dev/zero", ["ingest", d]))
        q = "* | where " + "(" * 5000 + "x = 1" + ")" * 5000 + " | count"
        cases.append(("a query with 5,000 nested `(`", ["check", q]))
        q = "(" * 8000 + "a" + ")" * 8000
        cases.append(("a scope with 8,000 nested `(`", ["check", q]))
        q = "!" * 20000 + "a"
        cases.append(("a scope with 20,000 `!`", ["check", q]))
        rows = []
        for what, args in cases:
            secs, mib, rc, out, err = run([EXE] + args)
            tail = (err.strip().splitlines() or [""])[-1][:160]
            if args[0] == "ingest":
                tail = summarize(out) or tail
            rows.append(f"| {what} | {secs:.2f} s | {mib:.0f} MiB | exit {rc}: {tail} |")
        print("| case | time | peak RSS | outcome |\n|---|---|---|---|")
        print("\n".join(rows))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def summarize(out):
    lines = [l for l in out.splitlines() if l.strip()]
    return " / ".join(l.strip()[:110] for l in lines[-2:]).replace("|", "\\|")


if __name__ == "__main__":
    main()

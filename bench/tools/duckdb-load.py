#!/usr/bin/env python3
"""Load gzipped JSON lines into a DuckDB table, then time queries on it (the issue's anchor).

usage: duckdb-load.py FILE.jsonl.gz
Prints the load time, then each query's best-of-3 time. `sample_size=-1` because DuckDB's
automatic schema fails on real CloudTrail otherwise.
"""
import sys
import time

import duckdb

QUERIES = [
    ("count by eventName", "select eventName, count(*) from t group by 1"),
    ("count by errorCode, userAgent", "select errorCode, userAgent, count(*) from t group by 1, 2"),
    ("AccessDenied by userAgent", "select userAgent, count(*) from t where errorCode = 'AccessDenied' group by 1"),
    ("count by sourceIPAddress", "select sourceIPAddress, count(*) from t group by 1 order by 2 desc limit 10"),
    ("count by userIdentity.arn", "select userIdentity.arn, count(*) from t group by 1"),
]

con = duckdb.connect()
t0 = time.perf_counter()
con.execute(f"create table t as select * from read_json('{sys.argv[1]}', format='newline_delimited', sample_size=-1)")
print(f"load {time.perf_counter() - t0:.2f} s")
for name, sql in QUERIES:
    times = []
    for _ in range(3):
        s = time.perf_counter()
        con.execute(sql).fetchall()
        times.append(time.perf_counter() - s)
    print(f"{min(times) * 1000:8.1f} ms  {name}")

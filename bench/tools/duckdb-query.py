#!/usr/bin/env python3
"""Run one bench/queries/qN.sql over a JSON-lines file with DuckDB; print the result as CSV.

usage: duckdb-query.py QUERY.sql FILE.jsonl
The SQL names the data file as '__JSONL__' so the same query runs on any slice.
"""
import csv
import sys

import duckdb

sql_path, data = sys.argv[1], sys.argv[2]
sql = open(sql_path, encoding="utf-8").read().replace("__JSONL__", data.replace("'", "''"))
con = duckdb.connect()  # in-memory; DuckDB picks its own thread count (all cores)
cur = con.execute(sql)
out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow([d[0] for d in cur.description])
out.writerows(cur.fetchall())

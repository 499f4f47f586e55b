#!/usr/bin/env bash
# Issue 3's benchmark: load ~1 GB of CloudTrail (thousands of small .json.gz as S3 holds them,
# and one large file), then time queries on common fields over what is loaded; DuckDB loads
# the same data as gzipped JSON lines and runs the same group-bys, in the same run.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp/trailscope-bench}
[ -d "$DATA/s3" ] || python3 bench/make-data.py --out "$DATA"
[ -f "$DATA/jsonl/all.jsonl.gz" ] || gzip -1 -k "$DATA/jsonl/all.jsonl"
cargo build --release --example loaded_queries >&2
Q=(
  '* | json "eventName" | count by eventName'
  '* | json "errorCode", "userAgent" nodrop | count by errorCode, userAgent'
  '* | json "errorCode", "userAgent" nodrop | where errorCode = "AccessDenied" | count by userAgent'
  '* | json "sourceIPAddress" | count by sourceIPAddress | sort by _count | limit 10'
  '* | json "userIdentity.arn" nodrop | count by userIdentity.arn'
)
for shape in s3 records/big.json jsonl/all.jsonl; do
  echo "## trailscope, $shape"
  /usr/bin/time -f "peak memory %M KB" target/release/examples/loaded_queries "$DATA/$shape" "${Q[@]}" 2>&1
done
echo "## DuckDB, jsonl/all.jsonl.gz"
/usr/bin/time -f "peak memory %M KB" python3 bench/tools/duckdb-load.py "$DATA/jsonl/all.jsonl.gz" 2>&1

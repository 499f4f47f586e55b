#!/usr/bin/env bash
# `make test-sql`: `trailscope sql` checked on a real engine. Every SQL must parse as Athena
# (sqlglot), and, written for DuckDB, answer what `trailscope query` answers over the same files
# (tests/sql/check.py), over ../shared/data/cloudtrail and a generated sample. Installs sqlglot
# and DuckDB into tests/sql/.venv once (skipped when there).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=tests/sql/.venv
if ! "$venv/bin/python" -c 'import sqlglot, duckdb' 2>/dev/null; then
  echo "test-sql: installing sqlglot and DuckDB into $venv (once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r tests/sql/requirements.txt
fi
target=${CARGO_TARGET_DIR:-target}
cargo build --release -p trailscope-cli --quiet
bin="$target/release/trailscope"
# A smaller sample than the page's (5,000 events): every query runs twice over it, and the
# shared CloudTrail is the varied half of the check.
sample="$target/sql-sample-5k"
if [ ! -d "$sample/AWSLogs" ]; then
  rm -rf "$sample"
  "$bin" generate --out "$sample" --events 5000 >/dev/null
fi
shared=${TRAILSCOPE_SHARED:-../shared}
"$venv/bin/python" tests/sql/engines.py
"$venv/bin/python" tests/sql/check.py --trailscope "$bin" --shared "$shared" "$shared/data/cloudtrail" "$sample"

#!/usr/bin/env bash
# `make test-sigma`: trailscope detect against pySigma (its rule objects evaluated by
# tests/sigma/check.py, and its DuckDB backend) over ../shared/data/cloudtrail and a generated
# sample. Installs the Python packages into tests/sigma/.venv once (skipped when there).
set -euo pipefail
cd "$(dirname "$0")/../.."
venv=tests/sigma/.venv
if ! "$venv/bin/python" -c 'import sigma, sigma_backend_duckdb, duckdb' 2>/dev/null; then
  echo "test-sigma: installing pySigma, its DuckDB backend and DuckDB into $venv (once)"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet -r tests/sigma/requirements.txt
fi
target=${CARGO_TARGET_DIR:-target}
cargo build --release -p trailscope-cli --quiet
bin="$target/release/trailscope"
sample="$target/sigma-sample"
if [ ! -d "$sample/AWSLogs" ]; then
  rm -rf "$sample"
  "$bin" generate --out "$sample" >/dev/null
fi
"$venv/bin/python" tests/sigma/check.py --trailscope "$bin" ../shared/data/cloudtrail "$sample"

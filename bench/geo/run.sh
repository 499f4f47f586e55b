#!/usr/bin/env bash
# Geo lookups per second: native, then wasm32 under node (wasm-bindgen CLI 0.2.130 on PATH or
# in ~/.cargo/bin). Random public addresses, fixed seed; `make geo-bench` runs this.
set -euo pipefail
cd "$(dirname "$0")"
table=${1:-../../data/geo/city.tsgeo}
n=${2:-1000000}
cargo build --release --quiet
./target/release/geo-bench "$table" "$n"
cargo build --release --quiet --lib --target wasm32-unknown-unknown
bindgen=$(command -v wasm-bindgen || echo ~/.cargo/bin/wasm-bindgen)
"$bindgen" --target nodejs --out-dir pkg target/wasm32-unknown-unknown/release/trailscope_geo_bench.wasm
node bench.js "$table" "$n"
for f in "$table" "$(dirname "$table")/asn.tsgeo"; do
  echo "$(basename "$f"): $(wc -c < "$f") bytes, gzip -9 $(gzip -9 -c "$f" | wc -c) bytes"
done

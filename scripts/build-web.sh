#!/usr/bin/env bash
# Builds the page: the engine for wasm32, its JS binding, then the bundles in dist/.
# Installs what is missing (wasm-bindgen CLI, npm packages), skipping what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_WASM_BINDGEN=1 scripts/setup.sh
scripts/setup-web.sh
cargo build --lib --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-dir www/build/pkg "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/trailscope.wasm"
node www/build.mjs "$@"

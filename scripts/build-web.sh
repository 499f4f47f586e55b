#!/usr/bin/env bash
# Builds the page: the engine for wasm32, its JS binding, then the bundles in dist/.
# Installs what is missing (wasm-bindgen CLI, npm packages), skipping what is there.
set -euo pipefail
cd "$(dirname "$0")/.."
NEED_WASM_BINDGEN=1 scripts/setup.sh
scripts/setup-web.sh
# The same build `wasm-pack build crates/wasm --target web --out-name trailscope` makes (its settings
# are in crates/wasm/Cargo.toml), without needing wasm-pack installed.
cargo build -p trailscope-wasm --release --target wasm32-unknown-unknown
wasm-bindgen --target web --out-name trailscope --out-dir www/build/pkg \
  "${CARGO_TARGET_DIR:-target}/wasm32-unknown-unknown/release/trailscope_wasm.wasm"
node www/build.mjs "$@"

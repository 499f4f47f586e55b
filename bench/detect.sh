#!/usr/bin/env bash
# Issue 11's benchmark: every Sigma rule and behaviour baseline over ~1 GB, natively, against one
# full-scan query on the same binary in the same run (the target: detect within 2x of the scan).
# With OLD=path-to-an-older-binary, the same runs alternate with it (before/after figures).
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${DATA:-/tmp/trailscope-bench}
FILE=${FILE:-$DATA/jsonl/all.jsonl}
[ -f "$FILE" ] || python3 bench/make-data.py --out "$DATA"
NEW=${NEW:-target/release/trailscope}
RUNS=${RUNS:-3}
[ -x "$NEW" ] || cargo build --release -p trailscope-cli >&2
bins=(new)
[ -n "${OLD:-}" ] && bins=(old new)
runs=(
  "scan|query --format csv|* | json \"eventName\" | count by eventName"
  "detect|detect --format csv|"
  "rules only|detect --format csv --no-baselines|"
  "baselines only|detect --format csv --no-builtin|"
)
declare -A t m
for r in $(seq "$RUNS"); do
  for spec in "${runs[@]}"; do
    IFS='|' read -r name args query <<<"$spec"
    for b in "${bins[@]}"; do
      bin=$NEW
      [ "$b" = old ] && bin=$OLD
      # An older binary may lack a flag: its run is left out.
      set +e
      if [ -n "$query" ]; then
        /usr/bin/time -f "%e %M" -o /tmp/detect-bench.time "$bin" $args "$query" "$FILE" >/dev/null 2>/tmp/detect-bench.err
      else
        /usr/bin/time -f "%e %M" -o /tmp/detect-bench.time "$bin" $args "$FILE" >/dev/null 2>/tmp/detect-bench.err
      fi
      ok=$?
      set -e
      [ $ok -eq 0 ] || continue
      read -r secs kb </tmp/detect-bench.time
      t["$b|$name"]+="$secs "
      m["$b|$name"]=$kb
      echo "run $r $b $name: $secs s, $((kb / 1024)) MB" >&2
    done
  done
done
median() { tr ' ' '\n' | grep . | sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
echo "| binary | run | median s ($RUNS runs) | peak MB | x scan |"
echo "|---|---|---|---|---|"
for b in "${bins[@]}"; do
  scan=$(echo "${t[$b|scan]:-}" | median)
  for spec in "${runs[@]}"; do
    IFS='|' read -r name _ _ <<<"$spec"
    [ -n "${t[$b|$name]:-}" ] || { echo "| $b | $name | (not in this binary) | | |"; continue; }
    med=$(echo "${t[$b|$name]}" | median)
    echo "| $b | $name | $med | $(( ${m[$b|$name]} / 1024 )) | $(awk -v a="$med" -v s="$scan" 'BEGIN {printf "%.2f", a / s}') |"
  done
done

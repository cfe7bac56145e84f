#!/usr/bin/env bash
# Wall time of the whole demo study end to end over gRPC (CLI -> reporting -> index and
# modeling on loopback): 2 indices, 2 baseline columns, 6 robustness checks, 3 mediations
# with 1000 entity-block bootstrap replications, 3-region comparison with 1000
# permutations, all five document formats.
#   bench/study_wall_time.sh [BUILD_DIR] [RUNS]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${1:-$ROOT/build}"
RUNS="${2:-10}"
export GOVMETRICS_BUILD_DIR="$BUILD" GOVMETRICS_RUN_DIR="$(mktemp -d)"
export GOVMETRICS_INDEX_METRICS_PORT="" GOVMETRICS_MODELING_METRICS_PORT="" GOVMETRICS_REPORTING_METRICS_PORT=""
trap '"$ROOT/deploy/local/govmetrics-local.sh" stop >/dev/null 2>&1 || true' EXIT
"$ROOT/deploy/local/govmetrics-local.sh" start >/dev/null
OUT="$(mktemp -d)"
times=()
for ((i = 0; i < RUNS; i++)); do
  start=$(date +%s.%N)
  "$BUILD/clients/cli/govmetrics" study --spec "$ROOT/data/demo/study_spec_en.json" \
    --data "$ROOT/data/demo/study_panel.csv" --out "$OUT" >/dev/null 2>&1
  end=$(date +%s.%N)
  times+=("$(awk -v a="$start" -v b="$end" 'BEGIN{printf "%.3f", b-a}')")
done
printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {printf "study wall time over %d runs: min %.3f s, median %.3f s, max %.3f s\n", NR, a[1], a[int((NR+1)/2)], a[NR]}'

#!/usr/bin/env bash
# Side by side: two-step system GMM (Windmeijer SEs, Hansen J, AR(1)/AR(2)) with
# govmetrics (FitDynamicPanel's engine) and R plm::pgmm in the same run, on EmplUK
# (Blundell-Bond 1998 table 4 specification, 140 firms, unbalanced) and on a simulated
# 5,000 x 10 panel (y on its lag and x at lags 0-1, GMM-style y and x at lags 2..all).
# Both print coefficient 1, its SE, Hansen and AR(2) so the runs can be seen to agree.
#   bench/gmm/run.sh [BUILD_DIR] [N_ENTITIES]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../.."
BUILD="${1:-$ROOT/build}"
N="${2:-5000}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
ratio() {
  local a b
  a=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$1")
  b=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$2")
  awk -v a="$a" -v b="$b" 'BEGIN{printf "%.1f", b/a}'
}
run() {
  local kind=$1 file=$2
  ours=$("$BUILD/bench/gmm_govmetrics" "$kind" "$file")
  theirs=$(Rscript "$HERE/gmm_plm.R" "$kind" "$file")
  echo "$kind: $ours"
  echo "$kind: $theirs"
  echo "$kind: ratio plm/govmetrics $(ratio "$ours" "$theirs")x"
}
run empluk "$ROOT/tests/reference/data/empluk_logs.csv"
/usr/bin/python3 "$HERE/simulate_panel.py" "$N" 10 "$TMP/panel.csv"
run simulated "$TMP/panel.csv"

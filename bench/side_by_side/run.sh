#!/usr/bin/env bash
# Side by side: two-way FE, 5 regressors, entity-clustered SEs (plm's "sss" convention in
# both, so the SEs must agree), T = 20, at 2e4 / 2e5 / 1e6 / 1e7 rows; govmetrics vs R plm
# in the same run. R at 1e7 is skipped unless PLM_MAX_ROWS allows it (it needs minutes).
#   bench/side_by_side/run.sh [BUILD_DIR]
# Needs scripts/setup.sh --reference (R plm) and a build with the bench targets.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${1:-$HERE/../../build}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
PLM_MAX_ROWS="${PLM_MAX_ROWS:-1000000}"
for rows in 20000 200000 1000000 10000000; do
  /usr/bin/python3 "$HERE/make_panel.py" "$rows" "$TMP/panel.bin"
  ours=$("$BUILD/bench/fit_govmetrics" "$TMP/panel.bin")
  echo "$ours"
  if (( rows <= PLM_MAX_ROWS )); then
    theirs=$(Rscript "$HERE/fit_plm.R" "$TMP/panel.bin" $([[ $rows -le 200000 ]] && echo estimatr))
    echo "$theirs"
    a=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$ours")
    b=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$(head -1 <<<"$theirs")")
    echo "ratio plm/govmetrics at $rows rows: $(awk -v a="$a" -v b="$b" 'BEGIN{printf "%.1f", b/a}')x"
  fi
done

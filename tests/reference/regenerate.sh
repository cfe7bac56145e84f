#!/usr/bin/env bash
# Regenerates every golden file under tests/reference/golden from the
# committed reference scripts (R via /usr/bin/Rscript, Python via
# /usr/bin/python3 — the python3 first on PATH may lack statsmodels).
#
#   tests/reference/regenerate.sh            # everything
#   tests/reference/regenerate.sh panel      # only tests/reference/panel
#
# Order: data export first (the goldens are computed from the CSVs in
# tests/reference/data), then each area folder. Within an area folder every
# *.R and *.py script is run in name order, except helpers (common.R, files
# starting with "_") and the panel data exporter, which runs up front.
# Stops at the first failing script: the panel scripts cross-check their
# numbers against independent computations and fail rather than write a
# wrong golden.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"
RSCRIPT="${RSCRIPT:-/usr/bin/Rscript}"
PYTHON="${PYTHON:-/usr/bin/python3}"

run() {
  echo "== $*"
  "$@"
}

if [[ -f "$here/export_plm_datasets.R" ]]; then
  run "$RSCRIPT" "$here/export_plm_datasets.R"
fi
run "$RSCRIPT" "$here/panel/export_if_missing.R"

areas=("$@")
if [[ ${#areas[@]} -eq 0 ]]; then
  areas=()
  for d in "$here"/*/; do
    name="$(basename "$d")"
    case "$name" in data|golden) continue ;; esac
    areas+=("$name")
  done
fi

# panel first among areas: it has explicit ordering needs (statsmodels script
# compares against the R goldens, so R runs before Python).
for area in "${areas[@]}"; do
  dir="$here/$area"
  [[ -d "$dir" ]] || { echo "no such area: $area" >&2; exit 2; }
  shopt -s nullglob
  for f in "$dir"/*.R; do
    base="$(basename "$f")"
    case "$base" in common.R|_*|export_if_missing.R) continue ;; esac
    run "$RSCRIPT" "$f"
  done
  for f in "$dir"/*.py; do
    base="$(basename "$f")"
    case "$base" in _*) continue ;; esac
    run "$PYTHON" "$f"
  done
  shopt -u nullglob
done
echo "== all reference scripts ran; golden files in tests/reference/golden"

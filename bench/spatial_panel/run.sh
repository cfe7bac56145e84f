#!/usr/bin/env bash
# Two-way fixed-effects SDM on simulated counties (N = 3000 x T = 10, symmetrised 6-NN W),
# govmetrics vs R spatialreg on the same transformed data, one after the other in one
# run; prints both timings (fit only, the fastest of 5 govmetrics and 3 spatialreg fits, the
# least disturbed figure on a shared machine) and the ratio. Usage:
#   bench/spatial_panel/run.sh [BUILD_DIR] [N] [T]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${1:-$root/build}"; n="${2:-3000}"; t="${3:-10}"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
/usr/bin/python3 "$root/bench/spatial_panel/make_counties.py" "$work" "$n" "$t"
ours=$("$build/bench/spatial_panel_govmetrics" "$work/counties_panel.csv" "$work/counties_edges.csv")
theirs=$(Rscript "$root/bench/spatial_panel/fit_spatialreg.R" "$work/counties_panel.csv" "$work/counties_edges.csv")
echo "govmetrics (wall s, cpu s, rho, se(rho) | methods): $ours"
echo "spatialreg (wall s, cpu s, rho, se(rho)):           $theirs"
read -r ours_wall ours_cpu _ <<< "$ours"
read -r theirs_wall theirs_cpu _ <<< "$theirs"
awk -v a="$ours_wall" -v b="$theirs_wall" -v c="$ours_cpu" -v d="$theirs_cpu" \
  'BEGIN { printf "spatialreg / govmetrics = %.2f (wall), %.2f (cpu)\n", b / a, d / c }'

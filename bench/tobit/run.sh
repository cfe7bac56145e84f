#!/usr/bin/env bash
# Side by side in one run: the Tobit censored to [0, 1] on simulated panels with five
# regressors (simulate_panel.py).
#   pooled: govmetrics (FitCensoredModel's compute: fit, null fit, covariance, marginal
#           effects) vs AER::tobit (fit, vcov, null fit, summary) at N_POOLED entities x 10;
#   random effects (12-point adaptive Gauss-Hermite): govmetrics vs the independent
#           numpy/scipy implementation behind the golden values (no R package for it is
#           in Debian) at N_RE entities x 10.
# Each side prints its first slope, its SE and the log-likelihood, so the runs can be seen
# to agree. govmetrics: best of 3; the others: one run. Reading the CSV is not timed.
#   bench/tobit/run.sh [BUILD_DIR] [N_POOLED] [N_RE]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$HERE/../.."
BUILD="${1:-$ROOT/build}"
N_POOLED="${2:-100000}"
N_RE="${3:-1000}"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
ratio() {
  local a b
  a=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$1")
  b=$(sed -E 's/.*seconds=([0-9.]+).*/\1/' <<<"$2")
  awk -v a="$a" -v b="$b" 'BEGIN{printf "%.1f", b/a}'
}
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
/usr/bin/python3 "$HERE/simulate_panel.py" "$N_POOLED" 10 "$TMP/pooled.csv"
ours=$("$BUILD/bench/tobit_govmetrics" pooled "$TMP/pooled.csv")
theirs=$(Rscript "$HERE/tobit_aer.R" "$TMP/pooled.csv")
echo "pooled: $ours"
echo "pooled: $theirs"
echo "pooled: ratio AER/govmetrics $(ratio "$ours" "$theirs")x"
/usr/bin/python3 "$HERE/simulate_panel.py" "$N_RE" 10 "$TMP/re.csv"
ours=$("$BUILD/bench/tobit_govmetrics" re "$TMP/re.csv")
theirs=$(/usr/bin/python3 "$HERE/tobit_re_numpy.py" "$TMP/re.csv" 2>/dev/null)
echo "re: $ours"
echo "re: $theirs"
echo "re: ratio numpy/govmetrics $(ratio "$ours" "$theirs")x"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"

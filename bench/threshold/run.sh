#!/usr/bin/env bash
# Threshold regression bench: the 300-replication bootstrap on the 31-province demo panel
# (govmetrics, 1-3 thresholds, 2 threads) side by side with the numpy reference
# implementation (tests/reference/threshold/threshold_reference.py, single threshold; it
# solves every candidate's regression, so it is the slow, obviously-correct yardstick),
# then the size of the F1 bootstrap test under the null by simulation.
#   bench/threshold/run.sh [BUILD_DIR] [SIZE_DATASETS]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
build="${1:-$root/build}"
datasets="${2:-500}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$root" "$tmp/demo.txt" <<'PY'
import sys, pandas as pd
root, out = sys.argv[1], sys.argv[2]
df = pd.read_csv(f"{root}/data/demo/study_panel.csv").sort_values(["entity", "year"], kind="mergesort")
cols = ["ln_gdp_per_capita", "digital_infrastructure", "openness", "urbanization", "internet_penetration"]
with open(out, "w") as f:
    f.write(f"{df.entity.nunique()} {df.year.nunique()} 1 2\n")
    for row in df[cols].itertuples(index=False):
        f.write(" ".join(repr(float(v)) for v in row) + "\n")
PY
for m in 1 2 3; do "$build/bench/threshold_govmetrics" "$tmp/demo.txt" "$m" 300 2; done
/usr/bin/python3 - "$root" <<'PY'
import sys, time
sys.path.insert(0, f"{sys.argv[1]}/tests/reference/threshold")
import numpy as np, pandas as pd
import threshold_reference as ref
df = pd.read_csv(f"{sys.argv[1]}/data/demo/study_panel.csv").sort_values(["entity", "year"], kind="mergesort")
p = ref.Panel(df["ln_gdp_per_capita"].to_numpy(float), df[["digital_infrastructure"]].to_numpy(float),
              df[["openness", "urbanization"]].to_numpy(float), df["internet_penetration"].to_numpy(float), 31, 7)
g = ref.grid(p.q, 400, 0.01)
start = time.perf_counter()
s = ref.sequential(p, p.y, g, 400, [0.01, 0.01, 0.05], 1)
fstar = ref.bootstrap(p, g, 400, [0.01, 0.01, 0.05], s, 1, 300, 1)
print(f"numpy reference: thresholds=1 replications=300 seconds={time.perf_counter() - start:.3f} "
      f"F1={s['f'][0]:.4f} p={(fstar >= s['f'][0]).mean():.3f}")
PY
"$build/bench/threshold_govmetrics" --size "$datasets" 300 20261203

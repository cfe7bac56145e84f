#!/usr/bin/env bash
# Reading a 1e6-row x 30-column panel: govmetrics (common/files) vs pandas, side by side in
# one run on the same files (docs/performance.md, "Reading data files").
#   bench/files/run.sh BUILD_DIR [ROWS=1000000]
# Columns: entity (text), year, 28 doubles (normal draws, %.17g in the CSV; float64 in the
# .dta, written by pandas to_stata version 118). Times are the best of 3 reads of a warm
# file; govmetrics builds the full Panel (entity strings, periods, columns), pandas a
# DataFrame (read_csv with the C engine; read_stata with defaults).
set -euo pipefail
build="${1:?usage: run.sh BUILD_DIR [ROWS]}"
rows="${2:-1000000}"
work="$(mktemp -d /tmp/govmetrics_read_bench_XXXXXX)"
trap 'rm -rf "$work"' EXIT

/usr/bin/python3 - "$work" "$rows" <<'PY'
import sys
import numpy as np
import pandas as pd
work, rows = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(1)
entities = 1000
df = pd.DataFrame({"entity": np.repeat([f"e{i:04d}" for i in range(entities)], rows // entities),
                   "year": np.tile(np.arange(rows // entities, dtype=np.int32) + 1000, entities)})
for j in range(28):
    df[f"x{j}"] = rng.standard_normal(len(df))
df.to_csv(f"{work}/panel.csv", index=False, float_format="%.17g")
df.to_stata(f"{work}/panel.dta", write_index=False, version=118)
PY
ls -l "$work"

py_time() {  # best of 3 pandas reads
  /usr/bin/python3 - "$1" "$2" <<'PY'
import sys, time
import pandas as pd
path, kind = sys.argv[1], sys.argv[2]
best = 1e300
for _ in range(3):
    t = time.perf_counter()
    df = pd.read_csv(path) if kind == "csv" else pd.read_stata(path)
    best = min(best, time.perf_counter() - t)
print(f"seconds={best:.3f} rows={len(df)} columns={df.shape[1]}")
PY
}

printf "%-6s %-28s %-28s %s\n" file govmetrics pandas ratio
for ext in csv dta; do
  ours="$("$build/bench/read_govmetrics" "$work/panel.$ext" entity year 3)"
  theirs="$(py_time "$work/panel.$ext" "$ext")"
  a="${ours#seconds=}"; a="${a%% *}"
  b="${theirs#seconds=}"; b="${b%% *}"
  printf "%-6s %-28s %-28s %s\n" "$ext" "$ours" "$theirs" "$(/usr/bin/python3 -c "print(f'{$b/$a:.2f}x (pandas/govmetrics)')")"
done

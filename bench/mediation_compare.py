#!/usr/bin/python3
"""Side-by-side timing of the mediation bootstrap: govmetrics vs statsmodels vs R boot.

Same data for all three: the simulated 31 x 7 panel with three mediators that
bench/mediation_bench writes when GOVMETRICS_MEDIATION_CSV is set:

  GOVMETRICS_MEDIATION_CSV=/tmp/med.csv build/bench/mediation_bench \
      --benchmark_filter=MediationEntityBootstrap/5000/2/0
  /usr/bin/python3 bench/mediation_compare.py /tmp/med.csv [reps]

What is timed (per bootstrap replicate, then scaled to 5000 replicates x 3
mediators, the workload of the govmetrics benchmark):
  * statsmodels: statsmodels.stats.mediation.Mediation with OLS models that
    carry entity and year dummies (two-way FE), fit(method="bootstrap"): it
    resamples OBSERVATIONS (statsmodels has no cluster bootstrap), one
    mediator per Mediation object.
  * R boot: boot::boot over entities (entity-block resampling, duplicated
    entities get new ids), statistic = a*b for the three mediators from
    lm(M ~ x + c + entity + year) and lm(y ~ x + m + c + entity + year).
Prints seconds and the ratio to govmetrics (the median of the Google Benchmark
run, read from its JSON output if given as GOVMETRICS_BENCH_JSON, else run here).
"""
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np
import pandas as pd
import statsmodels.formula.api as smf
from statsmodels.stats.mediation import Mediation

MEDIATORS = ["m1", "m2", "m3"]
TARGET_REPS = 5000


def time_statsmodels(d, reps):
    start = time.perf_counter()
    for m in MEDIATORS:
        outcome = smf.ols(f"y ~ x + {m} + c + C(entity) + C(period)", data=d)
        mediator = smf.ols(f"{m} ~ x + c + C(entity) + C(period)", data=d)
        Mediation(outcome, mediator, "x", m).fit(method="bootstrap", n_rep=reps)
    return time.perf_counter() - start


R_SCRIPT = r"""
suppressPackageStartupMessages(library(boot))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); reps <- as.integer(args[2])
ents <- unique(d$entity)
rows <- split(seq_len(nrow(d)), d$entity)
stat <- function(e, idx) {
  pick <- e[idx]
  r <- unlist(rows[as.character(pick)], use.names = FALSE)
  dd <- d[r, ]
  dd$entity <- rep(seq_along(pick), times = lengths(rows[as.character(pick)]))
  dd$entity <- factor(dd$entity); dd$period <- factor(dd$period)
  sapply(c("m1", "m2", "m3"), function(m) {
    a <- coef(lm(as.formula(paste(m, "~ x + c + entity + period")), dd))["x"]
    b <- coef(lm(as.formula(paste("y ~ x +", m, "+ c + entity + period")), dd))[m]
    a * b
  })
}
set.seed(1)
t0 <- proc.time()[["elapsed"]]
b <- boot(ents, stat, R = reps)
cat(proc.time()[["elapsed"]] - t0, "\n")
"""


def time_r_boot(csv, reps):
    with tempfile.NamedTemporaryFile("w", suffix=".R", delete=False) as f:
        f.write(R_SCRIPT)
        script = f.name
    try:
        out = subprocess.run(["/usr/bin/Rscript", script, csv, str(reps)], check=True,
                             capture_output=True, text=True).stdout
        return float(out.split()[-1])
    finally:
        os.unlink(script)


def govmetrics_seconds(csv):
    path = os.environ.get("GOVMETRICS_BENCH_JSON")
    if not path:
        exe = os.environ.get("GOVMETRICS_MEDIATION_BENCH", "build/bench/mediation_bench")
        path = tempfile.mktemp(suffix=".json")
        subprocess.run([exe, "--benchmark_filter=MediationEntityBootstrap/5000/2/0",
                        "--benchmark_repetitions=5", f"--benchmark_out={path}",
                        "--benchmark_out_format=json"], check=True, capture_output=True)
    runs = json.load(open(path))["benchmarks"]
    times = [r["real_time"] for r in runs if r.get("run_type") == "iteration"]
    unit = runs[0]["time_unit"]
    scale = {"ms": 1e-3, "us": 1e-6, "ns": 1e-9, "s": 1.0}[unit]
    return float(np.median(times)) * scale


def main():
    csv = sys.argv[1]
    reps = int(sys.argv[2]) if len(sys.argv) > 2 else 100
    d = pd.read_csv(csv)
    gm = govmetrics_seconds(csv)
    sm = time_statsmodels(d, reps) * TARGET_REPS / reps
    rb = time_r_boot(csv, reps) * TARGET_REPS / reps
    print(f"workload: {TARGET_REPS} bootstrap replicates x 3 mediators, two-way FE, 217 rows")
    print(f"govmetrics (entity blocks, 2 threads): {gm:8.3f} s")
    print(f"statsmodels Mediation (observations, 1 thread, {reps} reps timed, scaled): "
          f"{sm:8.1f} s  ratio {sm / gm:7.0f}x")
    print(f"R boot + lm (entity blocks, 1 thread, {reps} reps timed, scaled): "
          f"{rb:8.1f} s  ratio {rb / gm:7.0f}x")


if __name__ == "__main__":
    main()

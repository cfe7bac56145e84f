# spatialreg side of bench/spatial_panel/run.sh: the same two-way fixed-effects SDM
# through the same transformation (docs/methods/spatial_panel.md): y, X and WX demeaned
# by entity and period, stacked period by period, lagsarlm on the N T observations with
# I_T kron W (style "W" of T copies of the symmetric neighbour graph). method = "Matrix"
# (sparse Cholesky log-determinant: "eigen" would need a dense N T x N T matrix), which
# gives standard errors from a numerical Hessian (spatialreg's default for large n).
# Prints "wall_seconds cpu_seconds rho rho_se" for lagsarlm (reading and demeaning excluded), the fastest of
# `repeats` fits (argument 3, default 3).
suppressPackageStartupMessages({ library(spatialreg); library(spdep) })
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
source(file.path(here, "counties_data.R"))
cd <- counties_data(args[1], args[2]); d <- cd$d; lw <- cd$lw
repeats <- if (length(args) >= 3) as.integer(args[3]) else 3
times <- sapply(seq_len(repeats), function(r) {
  tm <- system.time(fit <<- lagsarlm(y ~ x1 + x2 + w_x1 + w_x2 - 1, data = d, listw = lw, method = "Matrix"))
  c(tm[["elapsed"]], tm[["user.self"]] + tm[["sys.self"]])
})
secs <- min(times[1, ]); cpu <- min(times[2, ])
cat(sprintf("%.3f %.3f %.10f %.6f\n", secs, cpu, fit$rho, fit$rho.se))

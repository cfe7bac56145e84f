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
panel <- read.csv(args[1]); edges <- read.csv(args[2])
ids <- sort(unique(panel$entity)); periods <- sort(unique(panel$year))
n <- length(ids); t <- length(periods)
mat <- function(v) { m <- matrix(NA_real_, n, t); m[cbind(match(panel$entity, ids), match(panel$year, periods))] <- panel[[v]]; m }
a <- match(edges$entity_a, ids); b <- match(edges$entity_b, ids)
nb <- lapply(seq_len(n), function(i) sort(c(b[a == i], a[b == i])))
class(nb) <- "nb"; attr(nb, "region.id") <- ids; attr(nb, "sym") <- TRUE
W <- as(nb2listw(nb, style = "W"), "CsparseMatrix")
big <- unlist(lapply(seq_len(t), function(k) lapply(nb, function(v) as.integer(v + (k - 1) * n))), recursive = FALSE)
class(big) <- "nb"; attr(big, "region.id") <- as.character(seq_len(n * t)); attr(big, "sym") <- TRUE
lw <- nb2listw(big, style = "W")
demean <- function(m) sweep(m - rowMeans(m), 2, colMeans(m)) + mean(m)
d <- data.frame(y = as.vector(demean(mat("y"))), x1 = as.vector(demean(mat("x1"))), x2 = as.vector(demean(mat("x2"))),
                w_x1 = as.vector(demean(as.matrix(W %*% mat("x1")))), w_x2 = as.vector(demean(as.matrix(W %*% mat("x2")))))
repeats <- if (length(args) >= 3) as.integer(args[3]) else 3
times <- sapply(seq_len(repeats), function(r) {
  tm <- system.time(fit <<- lagsarlm(y ~ x1 + x2 + w_x1 + w_x2 - 1, data = d, listw = lw, method = "Matrix"))
  c(tm[["elapsed"]], tm[["user.self"]] + tm[["sys.self"]])
})
secs <- min(times[1, ]); cpu <- min(times[2, ])
cat(sprintf("%.3f %.3f %.10f %.6f\n", secs, cpu, fit$rho, fit$rho.se))

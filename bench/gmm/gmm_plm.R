#!/usr/bin/env Rscript
# bench/gmm/run.sh: two-step system GMM with plm::pgmm on a CSV, timed with what
# FitDynamicPanel computes in one call: the fit, Windmeijer vcovHC, sargan (Hansen J)
# and mtest AR(1)/AR(2). Prints "plm seconds=S coef1=... hansen=...".
#   gmm_plm.R empluk|simulated FILE.csv
suppressPackageStartupMessages(library(plm))
args <- commandArgs(trailingOnly = TRUE)
kind <- args[1]
d <- read.csv(args[2])
if (kind == "empluk") {
  p <- pdata.frame(d, index = c("firm", "year"))
  f <- lemp ~ lag(lemp, 1) + lag(lwage, 0:1) + lag(lcapital, 0:1) |
    lag(lemp, 2:99) + lag(lwage, 2:99) + lag(lcapital, 2:99)
} else {
  p <- pdata.frame(d, index = c("entity", "year"))
  f <- y ~ lag(y, 1) + lag(x, 0:1) | lag(y, 2:99) + lag(x, 2:99)
}
t0 <- proc.time()[["elapsed"]]
m <- pgmm(f, data = p, effect = "twoways", model = "twosteps", transformation = "ld")
V <- vcovHC(m)
J <- sargan(m)
ar1 <- mtest(m, 1, vcov = V)
ar2 <- mtest(m, 2, vcov = V)
secs <- proc.time()[["elapsed"]] - t0
cat(sprintf("plm seconds=%.3f coef1=%.10f se1=%.10f hansen=%.6f ar2=%.6f instruments=%d\n", secs,
            m$coefficients[[2]][1], sqrt(V[1, 1]), J$statistic, ar2$statistic, ncol(m$W[[1]])))

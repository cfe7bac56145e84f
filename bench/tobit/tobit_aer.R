#!/usr/bin/env Rscript
# bench/tobit/run.sh: pooled Tobit with AER::tobit (survival::survreg) on a CSV from
# simulate_panel.py, censored to [0, 1], timed with what FitCensoredModel reports for the
# pooled model short of the marginal effects: the fit and its covariance (vcov), the
# intercept-only fit for the LR test, and summary() (z tests, Wald test). Prints
# "AER seconds=S coef1=... se1=... loglik=..." (reading the CSV is not timed).
#   tobit_aer.R FILE.csv
suppressPackageStartupMessages(library(AER))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
t0 <- proc.time()[["elapsed"]]
fit <- tobit(y ~ x1 + x2 + x3 + x4 + x5, left = 0, right = 1, data = d)
V <- vcov(fit)
null <- tobit(y ~ 1, left = 0, right = 1, data = d)
lr <- 2 * (logLik(fit) - logLik(null))
s <- summary(fit)
secs <- proc.time()[["elapsed"]] - t0
cat(sprintf("AER seconds=%.4f coef1=%.10f se1=%.10f loglik=%.6f sigma=%.10f rows=%d\n", secs, coef(fit)[["x1"]],
            sqrt(V["x1", "x1"]), as.numeric(logLik(fit)), fit$scale, nrow(d)))

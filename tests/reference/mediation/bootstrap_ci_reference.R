#!/usr/bin/env Rscript
# Golden bootstrap confidence intervals for fixed replicate vectors (no random
# numbers): writes tests/reference/golden/bootstrap_ci.json.
#
# Replicates: a skewed cloud t_r = qgamma(ppoints(R), shape = 3, rate = 10)
# (R = 199 and R = 1000), point estimate 0.25, jackknife values
# jk_i = 0.25 + 0.02 * qchisq(ppoints(31), 3) - 0.06 (skewed: a != 0).
#   percentile  quantile(t, c(a/2, 1-a/2), type = 7)
#   BC          z0 = qnorm(mean(t < est) + mean(t == est)/2), bounds at
#               pnorm(2 z0 + qnorm(q)), type 7
#   BCa         a = sum(d^3) / (6 sum(d^2)^1.5), d = mean(jk) - jk; bounds at
#               pnorm(z0 + (z0 + zq) / (1 - a (z0 + zq))), type 7
# and boot::boot.ci's bca with the same empirical influence L = (n-1)(mean - jk)
# acceleration for comparison of `a` (boot's a = sum(L^3)/(6 sum(L^2)^1.5)).
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "..", "panel", "common.R"))
})
root <- normalizePath(file.path(script_dir(), "..", "..", ".."))
est <- 0.25
jk <- 0.25 + 0.02 * qchisq(ppoints(31), 3) - 0.06
d <- mean(jk) - jk
a <- sum(d^3) / (6 * sum(d^2)^1.5)
L <- (length(jk) - 1) * (mean(jk) - jk)
a_boot <- sum(L^3) / (6 * sum(L^2)^1.5)  # boot:::bca.ci's formula on influence values
stopifnot(abs(a - a_boot) < 1e-12)
cases <- list()
for (R in c(199, 1000)) {
  t <- qgamma(ppoints(R), shape = 3, rate = 10)
  for (level in c(0.9, 0.95)) {
    q <- c((1 - level) / 2, 1 - (1 - level) / 2)
    z0 <- qnorm(mean(t < est) + mean(t == est) / 2)
    zq <- qnorm(q)
    pct <- unname(quantile(t, q, type = 7))
    bc <- unname(quantile(t, pnorm(2 * z0 + zq), type = 7))
    bca <- unname(quantile(t, pnorm(z0 + (z0 + zq) / (1 - a * (z0 + zq))), type = 7))
    cases[[length(cases) + 1]] <- list(replications = R, level = level, estimate = est,
                                       std_error = sd(t), z0 = z0, acceleration = a,
                                       percentile = I(pct), bias_corrected = I(bc), bca = I(bca))
  }
}
out <- list(generated_by = "tests/reference/mediation/bootstrap_ci_reference.R",
            replicates = "qgamma(ppoints(R), shape = 3, rate = 10)",
            jackknife = I(jk), versions = pkg_versions(character(0)), cases = cases)
write_json17(out, file.path(root, "tests/reference/golden/bootstrap_ci.json"))
cat("wrote tests/reference/golden/bootstrap_ci.json\n")

#!/usr/bin/env Rscript
# Golden p-values of the wild cluster restricted (WCR) bootstrap with Rademacher
# weights, computed by brute force: Grunfeld has G = 10 firms, so all 2^10 = 1024
# sign vectors are enumerated and the p-value is exact (no random numbers), which
# makes it comparable digit for digit with any implementation that enumerates.
# Writes tests/reference/golden/wild_bootstrap_grunfeld.json.
#
# For coefficient j and null value beta0:
#   restricted fit   lm(inv - beta0 * x_j ~ other slope + factor(firm) [+ factor(year)])
#   y~ = fitted + beta0 * x_j, u~ = inv - y~
#   for each sign vector v (one sign per firm): y* = y~ + v[firm] * u~,
#     refit lm(y* ~ value + capital + FE), t* = (b*_j - beta0) / se*_j with
#     se* from sandwich::vcovCL(type = "HC0", cadjust = FALSE) clustered by firm
#   t = (b_j - beta0) / se_j on the original data, same vcov
#   p = share of v with |t*| >= |t| (relative slack 1e-9 for the v = all-ones
#       draw, which reproduces the original data exactly).
# Every refit is a full lm + vcovCL (independent of the cross-product algebra
# the C++ code uses).
suppressPackageStartupMessages(library(sandwich))
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "..", "panel", "common.R"))
})
root <- normalizePath(file.path(script_dir(), "..", "..", ".."))
csv <- "tests/reference/data/grunfeld.csv"
d <- read.csv(file.path(root, csv))
d$firm_f <- factor(d$firm)
d$year_f <- factor(d$year)
slopes <- c("value", "capital")
G <- nlevels(d$firm_f)
signs <- as.matrix(expand.grid(rep(list(c(-1, 1)), G)))
fid <- as.integer(d$firm_f)

t_stat <- function(y, fe, j, beta0) {
  dd <- d
  dd$yy <- y
  m <- lm(as.formula(paste("yy ~ value + capital +", fe)), data = dd)
  V <- vcovCL(m, cluster = ~firm, type = "HC0", cadjust = FALSE)
  (coef(m)[j] - beta0) / sqrt(V[j, j])
}

wcr_p <- function(fe, j, beta0) {
  other <- setdiff(slopes, j)
  dd <- d
  dd$yr <- d$inv - beta0 * d[[j]]
  mr <- lm(as.formula(paste("yr ~", other, "+", fe)), data = dd)
  y_tilde <- fitted(mr) + beta0 * d[[j]]
  u_tilde <- d$inv - y_tilde
  t0 <- t_stat(d$inv, fe, j, beta0)
  tb <- apply(signs, 1, function(v) t_stat(y_tilde + v[fid] * u_tilde, fe, j, beta0))
  list(t = unname(t0), p = mean(abs(tb) >= abs(t0) * (1 - 1e-9)), draws = length(tb))
}

cases <- list()
for (fe in c("factor(firm)", "factor(firm) + factor(year)")) {
  m <- lm(as.formula(paste("inv ~ value + capital +", fe)), data = d)
  V <- vcovCL(m, cluster = ~firm, type = "HC0", cadjust = FALSE)
  for (j in slopes) {
    b <- unname(coef(m)[j]); se <- sqrt(V[j, j])
    for (null in c(0, b - 2.5 * se, b + 1.5 * se)) {
      r <- wcr_p(fe, j, null)
      cases[[length(cases) + 1]] <- list(
        fixed_effects = if (grepl("year", fe)) "two_way" else "entity",
        coefficient = j, estimate = b, cr0_std_error = se, null_value = null,
        t_statistic = r$t, p_value = r$p, replications = r$draws)
    }
  }
}
out <- list(dataset = "grunfeld", data = csv, entity = "firm", period = "year",
            dependent = "inv", regressors = I(slopes), cluster_by = "entity",
            weights = "rademacher", enumerated = TRUE,
            generated_by = "tests/reference/mediation/wild_bootstrap_reference.R",
            versions = pkg_versions(c("sandwich")), cases = cases)
write_json17(out, file.path(root, "tests/reference/golden/wild_bootstrap_grunfeld.json"))
cat("wrote tests/reference/golden/wild_bootstrap_grunfeld.json\n")

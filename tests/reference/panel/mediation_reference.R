#!/usr/bin/env Rscript
# Golden values for stepwise mediation with two-way fixed effects.
# Writes tests/reference/golden/mediation_produc.json.
#
# Data: tests/reference/data/produc_logs.csv (Produc, 48 states x 17 years).
# Treatment X = lpcap, outcome Y = lgsp, control unemp, mediators lpc and lemp,
# state + year fixed effects (plm within, effect = "twoways"):
#   path c  (total):      Y ~ X + unemp           -> c  = coef X
#   path a:               M ~ X + unemp           -> a  = coef X
#   paths b, c' (direct): Y ~ X + M + unemp       -> b  = coef M, c' = coef X
# indirect = a*b; with one common sample and the same FE and controls the
# identity c = c' + a*b holds exactly (checked below).
# Tests of a*b use sa, sb from the chosen variance:
#   Sobel   z = ab / sqrt(b^2 sa^2 + a^2 sb^2)
#   Aroian  z = ab / sqrt(b^2 sa^2 + a^2 sb^2 + sa^2 sb^2)
#   Goodman z = ab / sqrt(b^2 sa^2 + a^2 sb^2 - sa^2 sb^2)  (null if radicand <= 0)
# with two-sided standard normal p-values 2 * pnorm(-|z|).
# Variance variants (same names as the panel goldens):
#   iid            plm vcov: sigma^2 = RSS/(N - 48 - 17 + 1 - k); path t df = df_resid
#   cluster/none   vcovHC(m, method = "arellano", type = "HC0"); t df = df_resid
#   cluster/stata  HC0 * G/(G-1)*(N-1)/(N-K), G = 48, N = 816,
#                  K = slopes + 1 + (17 - 1) = slopes + 17 (the year FE is not
#                  nested in the state clusters: xtreg y x i.year, fe
#                  vce(cluster state); = fixest default); path t df = G - 1.
suppressPackageStartupMessages({
  library(plm)
  library(sandwich)
  library(lmtest)
})
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "common.R"))
})
root <- repo_root()
csv <- "tests/reference/data/produc_logs.csv"
d <- read.csv(file.path(root, csv), stringsAsFactors = FALSE)
pd <- pdata.frame(d, index = c("state", "year"))

X <- "lpcap"; Y <- "lgsp"; controls <- c("unemp"); mediators <- c("lpc", "lemp")

fit <- function(dep, regs) {
  f <- as.formula(paste(dep, "~", paste(regs, collapse = " + ")))
  m <- plm(f, data = pd, model = "within", effect = "twoways")
  list(m = m, f = f)
}

variances <- list(
  iid = list(spec = list(type = "iid", small_sample = "none"),
             V = function(m) vcov(m), df = function(m) df.residual(m),
             factor = function(m) NULL,
             txt = c("vcov(m), df = df.residual(m)", "t df = df_resid")),
  cluster_none = list(spec = list(type = "cluster", cluster_by = I("entity"), small_sample = "none"),
                      V = function(m) vcovHC(m, method = "arellano", type = "HC0"),
                      df = function(m) df.residual(m), factor = function(m) 1,
                      txt = c("vcovHC(m, method = \"arellano\", type = \"HC0\"), df = df.residual(m)", "factor 1; t df = df_resid")),
  cluster_stata = list(spec = list(type = "cluster", cluster_by = I("entity"), small_sample = "stata"),
                       V = function(m) vcovHC(m, method = "arellano", type = "HC0") * ssc_stata(m),
                       df = function(m) pdim(m)$nT$n - 1, factor = function(m) ssc_stata(m),
                       txt = c("vcovHC(m, method = \"arellano\", type = \"HC0\") * G/(G-1)*(N-1)/(N-K), df = G - 1", "G = 48, N = 816, K = slopes + 17 (year FE not nested in state clusters); factor in small_sample_factor; t df = G - 1 = 47")))

ssc_stata <- function(m) {
  N <- nobs(m); G <- pdim(m)$nT$n; T <- pdim(m)$nT$T
  K <- length(coef(m)) + 1 + (T - 1)
  G / (G - 1) * (N - 1) / (N - K)
}

path <- function(fm, var, v) {
  ct <- coeftest(fm$m, vcov. = v$V(fm$m), df = v$df(fm$m))
  res <- list(estimate = ct[var, 1], std_error = ct[var, 2], statistic = ct[var, 3],
       p_value = ct[var, 4], t_df = v$df(fm$m), n_obs = nobs(fm$m))
  res$small_sample_factor <- v$factor(fm$m)  # NULL (omitted) for iid
  res$r_call <- sprintf("m <- plm(%s, data = pdata.frame(d, index = c(\"state\", \"year\")), model = \"within\", effect = \"twoways\"); coeftest(m, vcov. = %s)[\"%s\", ]  # %s",
                        paste(deparse(fm$f, width.cutoff = 500L), collapse = " "), v$txt[1], var, v$txt[2])
  res
}

ztest <- function(ab, rad) {
  if (!is.finite(rad) || rad <= 0) return(list(std_error = NA, statistic = NA, p_value = NA))
  se <- sqrt(rad); z <- ab / se
  list(std_error = se, statistic = z, p_value = 2 * pnorm(-abs(z)))
}

results <- list()
for (M in mediators) {
  fc <- fit(Y, c(X, controls))
  fa <- fit(M, c(X, controls))
  fb <- fit(Y, c(X, M, controls))
  a <- coef(fa$m)[[X]]; b <- coef(fb$m)[[M]]; c <- coef(fc$m)[[X]]; cp <- coef(fb$m)[[X]]
  stopifnot(isTRUE(all.equal(c, cp + a * b, tolerance = 1e-10)))
  for (vn in names(variances)) {
    v <- variances[[vn]]
    pa <- path(fa, X, v); pb <- path(fb, M, v); pc <- path(fc, X, v); pcp <- path(fb, X, v)
    sa <- pa$std_error; sb <- pb$std_error; ab <- a * b
    base <- b^2 * sa^2 + a^2 * sb^2
    results[[length(results) + 1]] <- list(
      name = sprintf("mediator_%s_%s", M, vn),
      mediator = M,
      variance = v$spec,
      paths = list(a = pa, b = pb, c = pc, c_prime = pcp),
      indirect = ab, direct = cp, total = c,
      proportion_mediated = ab / c,
      sobel = ztest(ab, base),
      aroian = ztest(ab, base + sa^2 * sb^2),
      goodman = ztest(ab, base - sa^2 * sb^2))
  }
}

out <- list(dataset = "produc", data = csv, entity = "state", period = "year",
            fixed_effects = "two_way", estimator = "within",
            treatment = X, outcome = Y, controls = I(controls),
            mediators = I(mediators),
            generated_by = "tests/reference/panel/mediation_reference.R",
            versions = pkg_versions(c("plm", "sandwich", "lmtest")),
            mediations = results)
path_out <- file.path(root, "tests", "reference", "golden", "mediation_produc.json")
write_json17(out, path_out)
cat(sprintf("wrote %s (%d mediation cases)\n", path_out, length(results)))

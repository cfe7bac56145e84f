#!/usr/bin/env Rscript
# Golden values for the IV diagnostics of FitPanelModel (ESTIMATOR_IV), from
# AER::ivreg's summary(diagnostics = TRUE) on the least-squares-dummy-variable
# form of the fixed-effects model (factor(entity) [+ factor(year)] among both
# the regressors and the instruments, which gives the within 2SLS estimates
# exactly), plus two statistics AER does not print, computed here from lm fits:
#   Cragg-Donald Wald F: min eigenvalue of Sigma_VV^-1 (X_e' M_W1 Z2 (Z2' M_W1 Z2)^-1
#     Z2' M_W1 X_e) / L2 with Sigma_VV = V'V / (N - L - df_absorbed), V the
#     first-stage residuals (Cragg and Donald 1993; Stock and Yogo 2005, eq. 3.4;
#     the scaling of ivreg2's "Cragg-Donald Wald F"); with one endogenous
#     regressor it is AER's "Weak instruments" F (checked below).
#   Anderson-Rubin (1949) F of H0: beta_endog = 0: the F test of the excluded
#     instruments in lm(y ~ W) (anova of nested lm fits), and for one endogenous
#     regressor its confidence set {b : AR F(y - x b) <= qf(0.95, L2, df)}, from
#     the closed-form quadratic in b with every quadratic form taken from lm
#     residuals, each bound then checked against the anova F of lm(y - x b ~ W).
# Writes tests/reference/golden/iv_diagnostics.json and the derived data
# tests/reference/data/produc_iv.csv (log hwy/water/util of Produc) and
# empluk_iv.csv (EmplUK with within-firm first lags, rows without a lag
# dropped: unbalanced, 140 firms x 6-8 years).
suppressPackageStartupMessages({
  library(AER)
  library(plm)
})
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "common.R"))
})
root <- repo_root()
data_dir <- file.path(root, "tests", "reference", "data")
VERSIONS <- pkg_versions(c("AER", "plm"))

raw <- read.csv(file.path(data_dir, "produc.csv"), stringsAsFactors = FALSE)
logs <- read.csv(file.path(data_dir, "produc_logs.csv"), stringsAsFactors = FALSE)
produc <- data.frame(logs[, c("state", "year", "lgsp", "lpcap", "lpc", "lemp", "unemp")],
                     lhwy = log(raw$hwy), lwater = log(raw$water), lutil = log(raw$util))
write_csv17(produc, file.path(data_dir, "produc_iv.csv"))
produc <- read.csv(file.path(data_dir, "produc_iv.csv"), stringsAsFactors = FALSE)

em <- read.csv(file.path(data_dir, "empluk_logs.csv"), stringsAsFactors = FALSE)
em <- em[order(em$firm, em$year), ]
lag1 <- function(v) ave(v, em$firm, FUN = function(s) c(NA, head(s, -1)))
em$lwage_l1 <- lag1(em$lwage)
em$lcapital_l1 <- lag1(em$lcapital)
consecutive <- ave(em$year, em$firm, FUN = function(s) c(NA, diff(s))) == 1
em <- em[!is.na(em$lwage_l1) & consecutive, c("firm", "year", "lemp", "lwage", "lcapital",
                                              "loutput", "lwage_l1", "lcapital_l1")]
write_csv17(em, file.path(data_dir, "empluk_iv.csv"))
empluk <- read.csv(file.path(data_dir, "empluk_iv.csv"), stringsAsFactors = FALSE)

same <- function(a, b, what, tol = 1e-9) {
  if (!isTRUE(all.equal(unname(as.numeric(a)), unname(as.numeric(b)), tolerance = tol)))
    stop("cross-check failed: ", what, ": ", paste(a, collapse = " "), " vs ", paste(b, collapse = " "))
}

rss <- function(y, w) sum(lm.fit(w, y)$residuals^2)
resid_of <- function(y, w) lm.fit(w, y)$residuals

iv_case <- function(name, d, dataset, entity, dep, exog, endog, inst, effects) {
  fe <- switch(effects, none = character(0), entity = sprintf("factor(%s)", entity),
               two_way = c(sprintf("factor(%s)", entity), "factor(year)"))
  rhs_x <- c(endog, exog, fe)
  rhs_z <- c(exog, inst, fe)
  f <- as.formula(paste(dep, "~", paste(rhs_x, collapse = " + "), "|", paste(rhs_z, collapse = " + ")))
  m <- ivreg(f, data = d)
  s <- summary(m, diagnostics = TRUE)
  diag <- s$diagnostics
  y <- d[[dep]]
  w1 <- model.matrix(as.formula(paste("~", paste(c(exog, fe, if (length(c(exog, fe)) == 0) "1"), collapse = " + "))), d)
  if (effects == "none") w1 <- model.matrix(as.formula(paste("~", paste(c("1", exog), collapse = " + "))), d)
  z2 <- as.matrix(d[, inst, drop = FALSE])
  w <- cbind(w1, z2)
  xe <- as.matrix(d[, endog, drop = FALSE])
  n <- nrow(d); L <- qr(w)$rank; L2 <- L - qr(w1)$rank; K1 <- length(endog)
  df <- n - L
  # Degrees of freedom absorbed by the fixed effects (xtivreg2's dofminus):
  # the rank of the dummy block, 0 when pooled.
  absorbed <- if (effects == "none") 0 else
    qr(model.matrix(as.formula(paste("~ 0 +", paste(fe, collapse = " + "))), d))$rank
  # plm's fixed-effects IV gives the same slopes as the LSDV ivreg.
  if (effects != "none") {
    pf <- as.formula(paste(dep, "~", paste(c(endog, exog), collapse = " + "), "|",
                           paste(c(exog, inst), collapse = " + ")))
    pm <- plm(pf, data = d, index = c(entity, "year"), model = "within",
              effect = if (effects == "two_way") "twoways" else "individual")
    same(coef(pm)[c(endog, exog)], coef(m)[c(endog, exog)], "plm FE-IV vs LSDV ivreg")
  }
  # First-stage tables: lm of each endogenous regressor on every instrument
  # (LSDV), coefficients of the exogenous regressors and excluded instruments
  # with classical standard errors.
  first_stages <- lapply(endog, function(e) {
    fs <- lm(as.formula(paste(e, "~", paste(c(exog, inst, fe), collapse = " + "))), data = d)
    tab <- summary(fs)$coefficients
    keep <- c(exog, inst)
    list(endogenous = e, r_call = paste(deparse(formula(fs), width.cutoff = 500L), collapse = ""),
         coefficients = lapply(keep, function(k) list(name = k, estimate = unname(tab[k, 1]),
                                                      std_error = unname(tab[k, 2]))))
  })
  # Cragg-Donald.
  v <- apply(xe, 2, resid_of, w = w)
  xt <- apply(xe, 2, resid_of, w = w1)
  zt <- apply(z2, 2, resid_of, w = w1)
  pxt <- zt %*% solve(crossprod(zt), crossprod(zt, xt))
  a <- crossprod(xt, pxt) / L2
  b <- crossprod(as.matrix(v)) / df
  cd <- min(Re(eigen(solve(b, a), only.values = TRUE)$values))
  if (K1 == 1) same(cd, diag[1, "statistic"], "Cragg-Donald vs AER weak-instruments F")
  # Anderson-Rubin at beta = 0.
  ar_f <- function(e) ((rss(e, w1) - rss(e, w)) / L2) / (rss(e, w) / df)
  ar0 <- anova(lm(y ~ 0 + w1), lm(y ~ 0 + w))
  same(ar_f(y), ar0$F[2], "AR F vs anova")
  out <- list(name = name, dataset = dataset, dependent = dep, regressors = I(c(endog, exog)),
              endogenous = I(endog), instruments = I(inst), fixed_effects = effects,
              r_call = paste(deparse(f, width.cutoff = 500L), collapse = ""),
              n_obs = n, coefficients = lapply(c(endog, exog), function(k) list(name = k, estimate = unname(coef(m)[k]))),
              first_stage_f = I(unname(diag[seq_len(K1), "statistic"])),
              cragg_donald_f = cd, df_resid = df, df_absorbed = absorbed,
              first_stages = first_stages,
              wu_hausman = list(statistic = unname(diag["Wu-Hausman", "statistic"]),
                                df1 = unname(diag["Wu-Hausman", "df1"]), df2 = unname(diag["Wu-Hausman", "df2"]),
                                p_value = unname(diag["Wu-Hausman", "p-value"])),
              anderson_rubin = list(statistic = ar0$F[2], df1 = L2, df2 = df, p_value = ar0$`Pr(>F)`[2]))
  if (L2 > K1) {
    out$sargan <- list(statistic = unname(diag["Sargan", "statistic"]), df = L2 - K1,
                       p_value = unname(diag["Sargan", "p-value"]))
    # xtivreg2 divides e'P e by sigma2 = e'e / (N - dofminus), AER by e'e / N.
    sx <- unname(diag["Sargan", "statistic"]) * (n - absorbed) / n
    out$sargan_xtivreg2 <- list(statistic = sx, df = L2 - K1,
                                p_value = pchisq(sx, L2 - K1, lower.tail = FALSE))
  }
  if (K1 == 1) {
    crit <- qf(0.95, L2, df)
    x <- xe[, 1]
    pz <- function(p, q) sum(resid_of(p, w1) * (resid_of(q, w1) - resid_of(q, w)))
    mw <- function(p, q) sum(resid_of(p, w) * resid_of(q, w))
    k <- function(p, q) (df / L2) * pz(p, q) - crit * mw(p, q)
    a2 <- k(x, x); a1 <- -2 * k(x, y); a0 <- k(y, y)
    disc <- a1^2 - 4 * a2 * a0
    if (disc <= 0) {
      out$anderson_rubin_set <- list(kind = if (a2 > 0) "empty" else "everything")
    } else {
      r <- sort((-a1 + c(-1, 1) * sqrt(disc)) / (2 * a2))
      for (b0 in r) same(ar_f(y - x * b0), crit, "AR bound F = critical value", tol = 1e-7)
      out$anderson_rubin_set <- list(kind = if (a2 > 0) "interval" else "outside",
                                     lower = r[1], upper = r[2])
    }
  }
  out
}

cases <- list(
  iv_case("produc_pooled", produc, "produc", "state", "lgsp", c("lemp"), c("lpc"), c("lpcap", "unemp"), "none"),
  iv_case("produc_entity", produc, "produc", "state", "lgsp", c("lemp"), c("lpc"), c("lpcap", "unemp"), "entity"),
  iv_case("produc_two_way", produc, "produc", "state", "lgsp", c("lemp"), c("lpc"), c("lpcap", "unemp"), "two_way"),
  iv_case("produc_entity_two_endogenous", produc, "produc", "state", "lgsp", c("unemp"),
          c("lpc", "lemp"), c("lhwy", "lwater", "lutil"), "entity"),
  iv_case("empluk_entity", empluk, "empluk", "firm", "lemp", c("loutput", "lcapital"), c("lwage"),
          c("lwage_l1", "lcapital_l1"), "entity"),
  iv_case("empluk_two_way", empluk, "empluk", "firm", "lemp", c("loutput", "lcapital"), c("lwage"),
          c("lwage_l1", "lcapital_l1"), "two_way")
)
golden <- list(
  description = "IV diagnostics (AER::ivreg summary(diagnostics = TRUE) on the LSDV form; Cragg-Donald and Anderson-Rubin from lm fits)",
  generated_by = "tests/reference/panel/iv_diagnostics_reference.R", versions = VERSIONS,
  confidence_level = 0.95, cases = cases)
out <- file.path(root, "tests", "reference", "golden", "iv_diagnostics.json")
write_json17(golden, out)
cat("wrote:", out, "\n")

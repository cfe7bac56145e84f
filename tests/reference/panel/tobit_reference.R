#!/usr/bin/env Rscript
# Golden values for FitCensoredModel's pooled Tobit, from AER::tobit (survival::survreg,
# gaussian, ML) on two real panels:
#   Produc (48 states x 17 years, balanced): unemp, the state unemployment rate, censored
#     to [4, 10] ("unemp_c" = pmin(pmax(unemp, 4), 10): the rate as a survey top- and
#     bottom-coded at 4% and 10% would record it); 10.4% left- and 7.6% right-censored.
#   EmplUK (140 firms, 7-9 years, unbalanced): lemp, log employment in thousands,
#     left-censored at 0 ("lemp_c" = pmax(lemp, 0): firms under 1,000 employees recorded
#     as 1,000); 20% censored.
# Both derived columns are written to tests/reference/data/{produc,empluk}_tobit.csv with
# the raw ones (one case fits the raw unemp with the limits, so values beyond a limit are
# taken as censored at it, as AER::tobit does).
# Per case: coefficients and log(scale) with the inverse observed information (vcov of the
# survreg fit, parameterised in log sigma), sandwich::sandwich (= survreg's robust = TRUE,
# no small-sample factor, checked) and sandwich::vcovCL clustered by entity (HC0 with the
# G / (G - 1) adjustment); the log-likelihood and the LR test against the intercept-only
# model (survreg's fit$loglik[1]); counts of censored observations; and marginal effects
# (McDonald and Moffitt 1980; two-limit formulas in docs/methods/tobit.md) at the means
# and averaged, on E[y|x], E[y|x, a<y<b] and Pr(a<y<b), with delta-method SEs whose
# Jacobian comes from numDeriv::jacobian (Richardson extrapolation).
suppressPackageStartupMessages({
  library(AER)
  library(sandwich)
  library(numDeriv)
})
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "common.R"))
})
root <- repo_root()
data_dir <- file.path(root, "tests", "reference", "data")
VERSIONS <- pkg_versions(c("AER", "survival", "sandwich", "numDeriv"))

produc <- read.csv(file.path(data_dir, "produc_logs.csv"), stringsAsFactors = FALSE)
produc <- produc[, c("state", "year", "unemp", "lgsp", "lpcap", "lpc", "lemp")]
produc$unemp_c <- pmin(pmax(produc$unemp, 4), 10)
write_csv17(produc, file.path(data_dir, "produc_tobit.csv"))
produc <- read.csv(file.path(data_dir, "produc_tobit.csv"), stringsAsFactors = FALSE)

em <- read.csv(file.path(data_dir, "empluk_logs.csv"), stringsAsFactors = FALSE)
em <- em[, c("firm", "year", "lemp", "lwage", "lcapital", "loutput")]
em$lemp_c <- pmax(em$lemp, 0)
write_csv17(em, file.path(data_dir, "empluk_tobit.csv"))
empluk <- read.csv(file.path(data_dir, "empluk_tobit.csv"), stringsAsFactors = FALSE)

same <- function(a, b, what, tol = 1e-9) {
  if (!isTRUE(all.equal(unname(as.numeric(a)), unname(as.numeric(b)), tolerance = tol)))
    stop("cross-check failed: ", what, ": ", paste(a, collapse = " "), " vs ", paste(b, collapse = " "))
}

# Marginal effects of every regressor but the intercept, at theta = (beta, log sigma).
# kind: "unconditional" dE[y|x]/dx, "conditional" dE[y|x, a<y<b]/dx, "probability"
# dPr(a<y<b)/dx. at: "means" (x = column means of the model matrix) or "average".
marginal <- function(theta, X, a, b, kind, at) {
  k <- ncol(X)
  beta <- theta[1:k]
  s <- exp(theta[k + 1])
  if (at == "means") X <- matrix(colMeans(X), nrow = 1)
  xb <- drop(X %*% beta)
  al <- (a - xb) / s
  be <- (b - xb) / s
  Pa <- pnorm(al); Pb <- pnorm(be); fa <- dnorm(al); fb <- dnorm(be)
  afa <- ifelse(is.finite(al), al * fa, 0)
  bfb <- ifelse(is.finite(be), be * fb, 0)
  D <- Pb - Pa
  N <- fa - fb
  scale <- switch(kind,
    unconditional = D,
    conditional = 1 + (afa - bfb) / D - (N / D)^2,
    probability = N / s)
  slopes <- beta[-1]
  mean(scale) * slopes
}

marginal_table <- function(fit, V, X, a, b, names) {
  theta <- c(coef(fit), log(fit$scale))
  out <- list()
  for (at in c("means", "average")) {
    for (kind in c("unconditional", "conditional", "probability")) {
      est <- marginal(theta, X, a, b, kind, at)
      J <- jacobian(function(t) marginal(t, X, a, b, kind, at), theta)
      se <- sqrt(diag(J %*% V %*% t(J)))
      out[[length(out) + 1]] <- list(at = at, kind = kind, names = I(names),
                                     estimate = I(unname(est)), std_error = I(unname(se)))
    }
  }
  out
}

tobit_case <- function(name, d, dataset, entity, dep, regressors, left, right, period_effects) {
  rhs <- c(regressors, if (period_effects) "factor(year)")
  f <- as.formula(paste(dep, "~", paste(rhs, collapse = " + ")))
  # survreg stops at a relative log-likelihood change of 1e-9 by default; a tighter
  # tolerance makes the golden the maximum to ~1e-12 rather than to survreg's stopping rule.
  tight <- survreg.control(rel.tolerance = 1e-13, iter.max = 100)
  fit <- tobit(f, left = left, right = right, data = d, control = tight)
  theta <- c(coef(fit), "Log(scale)" = log(fit$scale))
  V_oim <- vcov(fit)
  V_rob <- sandwich(fit)
  V_rob_survreg <- vcov(tobit(f, left = left, right = right, data = d, robust = TRUE, control = tight))
  same(V_rob, V_rob_survreg, "sandwich::sandwich vs survreg robust = TRUE", tol = 1e-7)
  V_cl <- vcovCL(fit, cluster = d[[entity]], type = "HC0", cadjust = TRUE)
  X <- model.matrix(fit)
  names_x <- sub("^factor\\(year\\)", "period=", colnames(X))
  y <- d[[dep]]
  lo <- if (is.finite(left)) y <= left else rep(FALSE, length(y))
  hi <- if (is.finite(right)) y >= right else rep(FALSE, length(y))
  ll <- fit$loglik
  same(ll[2], logLik(fit), "loglik")
  se_of <- function(V) unname(sqrt(diag(V)))
  me_names <- names_x[-1]
  list(
    name = name, dataset = dataset, entity = entity, dependent = dep,
    regressors = I(regressors), period_effects = period_effects,
    left = if (is.finite(left)) left else NULL,
    right = if (is.finite(right)) right else NULL,
    names = I(names_x),
    coefficients = I(unname(coef(fit))),
    log_sigma = log(fit$scale), sigma = fit$scale,
    std_error_oim = I(se_of(V_oim)), std_error_robust = I(se_of(V_rob)),
    std_error_cluster = I(se_of(V_cl)),
    log_likelihood = ll[2], log_likelihood_null = ll[1],
    lr_statistic = 2 * (ll[2] - ll[1]), lr_df = ncol(X) - 1L,
    lr_p_value = pchisq(2 * (ll[2] - ll[1]), ncol(X) - 1, lower.tail = FALSE),
    observations = nrow(d), left_censored = sum(lo), right_censored = sum(hi),
    uncensored = sum(!lo & !hi), iterations = fit$iter,
    marginal_effects_oim = marginal_table(fit, V_oim, X, left, right, me_names),
    marginal_effects_cluster = marginal_table(fit, V_cl, X, left, right, me_names)
  )
}

cases <- list(
  tobit_case("produc_two_limits", produc, "produc", "state", "unemp_c",
             c("lgsp", "lpcap", "lpc", "lemp"), 4, 10, FALSE),
  tobit_case("produc_raw_two_limits_period", produc, "produc", "state", "unemp",
             c("lgsp", "lpcap", "lpc", "lemp"), 4, 10, TRUE),
  tobit_case("produc_right_only", produc, "produc", "state", "unemp_c",
             c("lgsp", "lpc", "lemp"), -Inf, 10, FALSE),
  tobit_case("empluk_left", empluk, "empluk", "firm", "lemp_c",
             c("lwage", "lcapital", "loutput"), 0, Inf, FALSE),
  tobit_case("empluk_left_period", empluk, "empluk", "firm", "lemp_c",
             c("lwage", "lcapital", "loutput"), 0, Inf, TRUE)
)
golden <- list(
  description = "Pooled Tobit (AER::tobit / survival::survreg ML; sandwich and vcovCL; McDonald-Moffitt marginal effects with numDeriv delta-method SEs)",
  generated_by = "tests/reference/panel/tobit_reference.R", versions = VERSIONS, cases = cases)
out <- file.path(root, "tests", "reference", "golden", "tobit.json")
write_json17(golden, out)
cat("wrote:", out, "\n")

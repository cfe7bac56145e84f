#!/usr/bin/env Rscript
# Golden values for dynamic panel GMM (FitDynamicPanel; docs/methods/gmm.md) from
# plm::pgmm, plm::sargan, plm::mtest and plm::vcovHC (Windmeijer 2005).
# Writes tests/reference/golden/gmm.json.
#
# Data, read back from the exact CSVs (tests/reference/README.md):
# - empluk_logs.csv: plm EmplUK in logs, unbalanced (140 firms, 7-9 years of 1976-1984).
#   The first two cases are the Arellano-Bond (1991) table 4 column b and the
#   Blundell-Bond (1998) table 4 equations exactly as plm's ?pgmm example writes them.
# - produc_logs.csv: plm Produc in logs, balanced (48 states x 17 years).
#
# pgmm conventions these values carry (and the engine reproduces):
# - The panel is completed to the full entity x period grid; lags are positional on
#   that grid, missing cells give NA, and a row of the (differenced or level) equation
#   with any NA in y or X is zeroed in y, X and the instruments; NA instruments are 0.
# - TL1 = max(max model lag + 1, min GMM lag): differenced equations for periods
#   TL1 + 1 .. T; level equations (system, transformation = "ld") for TL2 + 1 .. T with
#   TL2 = TL1 - 1.
# - GMM-style instruments of the differenced equation at period t: levels at lags
#   min..max (one column per period and lag; collapse = one column per lag). Level
#   equations (system): the first difference at t - 1 of each GMM variable, one column
#   per period (collapse: one column), whatever its lag range.
# - IV-style instruments: by default every model variable that is not a GMM variable,
#   at its model lags; differenced in the differenced equation, levels in the level
#   equation (block diagonal).
# - effect = "twoways": period dummies for periods TL1 + 1 .. T, differenced, in X and
#   as instruments (difference GMM); system GMM: an intercept and dummies for TL2 + 2
#   .. T in the level equation (and as its instruments), differenced in X of the
#   differenced equation.
# - Step one weights (sum_i Z_i' H Z_i)^-1 with H = 2 on the diagonal, -1 next to it
#   (difference) and plm's "full" FSM for system; step two (sum_i Z_i' u_i u_i' Z_i)^-1
#   with the one-step residuals.
# - "hansen" = plm's sargan(object) (default weights "twosteps"): the residuals of the
#   reported step, the step-two weighting matrix. Robust standard errors: one-step
#   sandwich, two-step Windmeijer (vcovHC); conventional: vcov(object) (two-step only).
#   mtest uses the same covariance as the standard errors (summary.pgmm).
# - Difference-in-Hansen for a group of GMM instruments: the Hansen statistic of the
#   model minus that of the same model refitted without the group, df the difference
#   in instrument counts.
suppressPackageStartupMessages(library(plm))
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "..", "panel", "common.R"))
})
root <- repo_root()
data_dir <- file.path(root, "tests", "reference", "data")
VERSIONS <- pkg_versions(c("plm"))

empluk <- read.csv(file.path(data_dir, "empluk_logs.csv"), stringsAsFactors = FALSE)
produc <- read.csv(file.path(data_dir, "produc_logs.csv"), stringsAsFactors = FALSE)
datasets <- list(
  empluk = pdata.frame(empluk, index = c("firm", "year")),
  produc = pdata.frame(produc, index = c("state", "year")))

lag_term <- function(column, lags) {
  if (length(lags) == 1 && lags == 0) return(column)
  rng <- if (length(lags) == 1) as.character(lags) else paste0(min(lags), ":", max(lags))
  paste0("lag(", column, ", ", rng, ")")
}

# Engine names: "L<k>.<column>" for lag k > 0, the column for lag 0.
lag_names <- function(column, lags) {
  vapply(lags, function(l) if (l == 0) column else paste0("L", l, ".", column), "")
}

model_formula <- function(spec, drop_gmm = NULL) {
  rhs <- c(lag_term(spec$dependent, spec$dependent_lags),
           vapply(spec$regressors, function(r) lag_term(r$column, r$lags), ""))
  gmm <- Filter(function(g) !(g$column %in% drop_gmm), spec$gmm)
  inst <- vapply(gmm, function(g) lag_term(g$column, g$min_lag:g$max_lag), "")
  f <- paste(spec$dependent, "~", paste(rhs, collapse = " + "), "|", paste(inst, collapse = " + "))
  if (!is.null(spec$iv)) {
    iv <- vapply(spec$iv, function(r) lag_term(r$column, r$lags), "")
    f <- paste(f, "|", paste(iv, collapse = " + "))
  }
  as.formula(f)
}

fit <- function(spec, drop_gmm = NULL) {
  gmm <- Filter(function(g) !(g$column %in% drop_gmm), spec$gmm)
  collapse <- vapply(gmm, function(g) isTRUE(g$collapse), TRUE)
  names(collapse) <- vapply(gmm, function(g) g$column, "")
  m <- withCallingHandlers(pgmm(model_formula(spec, drop_gmm), data = datasets[[spec$dataset]],
            effect = spec$effect, model = if (spec$steps == 2) "twosteps" else "onestep",
            transformation = if (spec$transformation == "system") "ld" else "d",
            collapse = if (all(collapse == collapse[1])) unname(collapse[1]) else collapse),
            warning = function(w) {
              # A singular weighting matrix makes pgmm use MASS::ginv: golden values
              # would then depend on a rank cut-off, so cases must avoid it.
              stop(spec$name, ": pgmm warned: ", conditionMessage(w))
            })
  m
}

# Hansen statistic of the model re-estimated (same steps) without the GMM-style columns
# of `drop` (both equations of a system): pgmm's formulas on pgmm's own W and model
# matrices, so the restricted model keeps every other column, the sample and H. A
# refit with pgmm would instead turn a dropped GMM variable into an IV-style one.
# Checked against sargan(m) with nothing dropped.
restricted_hansen <- function(spec, m, drop) {
  T <- pdim(m)$nT$T
  gmm_form <- formula(Formula::Formula(model_formula(spec)), rhs = 2, lhs = 0)
  gmm_lags <- plm:::dynterms(gmm_form)
  main_max <- max(c(spec$dependent_lags, unlist(lapply(spec$regressors, function(r) r$lags))))
  TL1 <- max(main_max + 1, min(unlist(gmm_lags)))
  collapse <- vapply(names(gmm_lags), function(v) isTRUE(Filter(function(g) g$column == v, spec$gmm)[[1]]$collapse), TRUE)
  width <- vapply(names(gmm_lags), function(v) ncol(plm:::makegmm(seq_len(T), gmm_lags[[v]], TL1, collapse[[v]])), 0)
  system <- spec$transformation == "system"
  twoways <- spec$effect == "twoways"
  diff_cols <- c(unlist(lapply(names(gmm_lags), function(v) rep(v, width[[v]]))),
                 if (twoways && !system) rep("", T - TL1))
  level_cols <- if (system) c(unlist(lapply(names(gmm_lags), function(v) rep(v, if (collapse[[v]]) 1 else T - 2))),
                              if (twoways) rep("", T - TL1 + 1))
  owner <- c(diff_cols, level_cols)
  L <- ncol(m$W[[1]])
  owner <- c(owner, rep("", L - length(owner)))
  keep <- !(owner %in% drop)
  H <- if (system) plm:::FSM(T - TL1 + 1, "full") else tcrossprod(diff(diag(1, T - TL1 + 1)))
  W <- lapply(m$W, function(w) as.matrix(w)[, keep, drop = FALSE])
  y <- lapply(m$model, function(x) x[, 1])
  X <- lapply(m$model, function(x) x[, -1, drop = FALSE])
  WX <- Reduce("+", mapply(crossprod, W, X, SIMPLIFY = FALSE))
  Wy <- Reduce("+", mapply(crossprod, W, y, SIMPLIFY = FALSE))
  gmm_step <- function(A) solve(t(WX) %*% A %*% WX, t(WX) %*% A %*% Wy)
  pgmm_inverse <- function(M) if (min(eigen(M)$values) < 1e-9) MASS::ginv(M) else solve(M)
  A1 <- pgmm_inverse(Reduce("+", lapply(W, function(w) t(w) %*% H %*% w)))
  b <- gmm_step(A1)
  Wu <- function(b) mapply(function(w, yy, xx) crossprod(w, yy - xx %*% b), W, y, X, SIMPLIFY = FALSE)
  A2 <- pgmm_inverse(Reduce("+", lapply(Wu(b), tcrossprod)))
  if (spec$steps == 2) b <- gmm_step(A2)
  z <- Reduce("+", Wu(b))
  list(statistic = as.numeric(t(z) %*% A2 %*% z), df = sum(keep) - ncol(WX))
}

test_list <- function(h) list(statistic = unname(h$statistic), p_value = unname(h$p.value))

coef_names <- function(spec, m) {
  base <- c(lag_names(spec$dependent, spec$dependent_lags),
            unlist(lapply(spec$regressors, function(r) lag_names(r$column, r$lags))))
  time <- m$args$namest
  if (spec$effect == "twoways") {
    time <- ifelse(time == "(Intercept)", "(Intercept)", paste0("period=", time))
  } else {
    time <- character(0)
  }
  c(base, time)
}

run_case <- function(spec) {
  m <- fit(spec)
  robust <- isTRUE(spec$robust)
  vcov_ginv <- FALSE
  V <- if (robust) withCallingHandlers(vcovHC(m), warning = function(w) {
    # vcovHC.pgmm inverts A2 back with ginv when its smallest eigenvalue is below 1e-9
    # (large moments); recorded, and the engine does the same.
    vcov_ginv <<- TRUE
    invokeRestart("muffleWarning")
  }) else vcov(m)
  b <- if (spec$steps == 2) m$coefficients[[2]] else m$coefficients
  se <- sqrt(diag(V))
  z <- b / se
  nm <- coef_names(spec, m)
  stopifnot(length(nm) == length(b))
  coefs <- lapply(seq_along(b), function(i) list(
    name = nm[i], plm_name = names(b)[i], estimate = unname(b[i]), std_error = unname(se[i]),
    statistic = unname(z[i]), p_value = unname(2 * pnorm(-abs(z[i])))))
  J <- sargan(m)
  out <- list(name = spec$name, dataset = spec$dataset, spec = spec[setdiff(names(spec), c("name", "dataset", "diff_hansen"))],
              n_groups = pdim(m)$nT$n, n_instruments = ncol(m$W[[1]]),
              n_obs = sum(unlist(m$residuals, use.names = FALSE) != 0),
              vcov_generalized_inverse = vcov_ginv,
              coefficients = coefs,
              hansen = list(statistic = unname(J$statistic), df = unname(J$parameter), p_value = unname(J$p.value)),
              ar1 = test_list(mtest(m, order = 1, vcov = V)),
              ar2 = test_list(mtest(m, order = 2, vcov = V)))
  if (!is.null(spec$diff_hansen)) {
    check <- restricted_hansen(spec, m, character(0))$statistic
    if (abs(check - J$statistic) > 1e-7 * J$statistic) stop(spec$name, ": restricted_hansen ", check, " != sargan ", J$statistic)
    out$difference_in_hansen <- lapply(spec$diff_hansen, function(column) {
      r <- restricted_hansen(spec, m, column)
      stat <- unname(J$statistic - r$statistic)
      df <- unname(J$parameter - r$df)
      list(excluded_gmm = column, hansen_excluded = r$statistic, df_excluded = r$df,
           statistic = stat, df = df, p_value = pchisq(stat, df, lower.tail = FALSE))
    })
  }
  out
}

reg <- function(column, lags) list(column = column, lags = I(lags))
gmm <- function(column, min_lag, max_lag, collapse = FALSE) {
  list(column = column, min_lag = min_lag, max_lag = max_lag, collapse = collapse)
}

ab91 <- list(dataset = "empluk", dependent = "lemp", dependent_lags = I(1:2),
             regressors = list(reg("lwage", 0:1), reg("lcapital", 0), reg("loutput", 0:1)),
             gmm = list(gmm("lemp", 2, 99)), transformation = "difference", effect = "twoways")
bb98 <- list(dataset = "empluk", dependent = "lemp", dependent_lags = I(1),
             regressors = list(reg("lwage", 0:1), reg("lcapital", 0:1)),
             gmm = list(gmm("lemp", 2, 99), gmm("lwage", 2, 99), gmm("lcapital", 2, 99)),
             transformation = "system", effect = "twoways")
munnell <- list(dataset = "produc", dependent = "lgsp", dependent_lags = I(1),
                regressors = list(reg("lpcap", 0), reg("lpc", 0), reg("lemp", 0)),
                gmm = list(gmm("lgsp", 2, 99, TRUE)), transformation = "difference", effect = "twoways")
variant <- function(spec, ...) {
  v <- list(...)
  spec[names(v)] <- v
  spec
}
collapse_all <- function(spec) variant(spec, gmm = lapply(spec$gmm, function(g) modifyList(g, list(collapse = TRUE))))

specs <- list(
  # ?pgmm: "Arellano and Bond (1991), table 4 col. b", summary(z1, robust = FALSE)
  variant(ab91, name = "empluk_ab91_table4b_twostep", steps = 2, robust = FALSE),
  variant(ab91, name = "empluk_ab91_twostep_windmeijer", steps = 2, robust = TRUE),
  variant(ab91, name = "empluk_ab91_onestep_robust", steps = 1, robust = TRUE),
  variant(ab91, name = "empluk_ab91_individual_twostep", steps = 2, robust = TRUE, effect = "individual"),
  variant(collapse_all(ab91), name = "empluk_ab91_collapsed_twostep", steps = 2, robust = TRUE),
  variant(ab91, name = "empluk_ab91_lags_2_4_twostep", steps = 2, robust = TRUE, gmm = list(gmm("lemp", 2, 4))),
  variant(ab91, name = "empluk_ab91_explicit_iv_twostep", steps = 2, robust = TRUE,
       iv = list(reg("lwage", 0:1), reg("lcapital", 0), reg("loutput", 0:2))),
  # ?pgmm: "Blundell and Bond (1998) table 4 (cf. DPD for OX p. 12 col. 4)", summary(z2, robust = TRUE)
  variant(bb98, name = "empluk_bb98_table4_onestep", steps = 1, robust = TRUE),
  variant(bb98, name = "empluk_bb98_twostep_windmeijer", steps = 2, robust = TRUE,
       diff_hansen = list("lwage", "lcapital")),
  variant(bb98, name = "empluk_bb98_individual_twostep", steps = 2, robust = TRUE, effect = "individual"),
  variant(collapse_all(bb98), name = "empluk_bb98_collapsed_twostep", steps = 2, robust = TRUE,
       diff_hansen = list("lcapital")),
  variant(munnell, name = "produc_difference_collapsed_twostep", steps = 2, robust = TRUE),
  variant(munnell, name = "produc_difference_collapsed_onestep", steps = 1, robust = TRUE),
  variant(munnell, name = "produc_system_collapsed_twostep", steps = 2, robust = TRUE, transformation = "system",
          effect = "individual", gmm = list(gmm("lgsp", 2, 4, TRUE), gmm("lpcap", 2, 4, TRUE)),
          diff_hansen = list("lpcap")))

cases <- lapply(specs, run_case)

# Anchors: the coefficients plm's documentation prints for z1 and z2.
z1 <- cases[[1]]$coefficients
stopifnot(abs(z1[[1]]$estimate - 0.4742) < 5e-4, abs(z1[[3]]$estimate - -0.5132) < 5e-4)
z2 <- cases[[8]]$coefficients
stopifnot(abs(z2[[1]]$estimate - 0.9356) < 5e-4)

out <- list(versions = VERSIONS, cases = cases)
path <- file.path(root, "tests", "reference", "golden", "gmm.json")
writeLines(to_json(out), path)
cat("wrote", path, "with", length(cases), "cases\n")

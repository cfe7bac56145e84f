#!/usr/bin/env Rscript
# Golden values for the panel econometrics engine (common/stats), from R plm,
# sandwich, lmtest and estimatr on three public panels shipped with plm:
#   Grunfeld (firm x year, balanced 10 x 20), Produc (state x year, balanced
#   48 x 17), EmplUK (firm x year, unbalanced: 140 firms, 7-9 years).
# Writes tests/reference/golden/panel_{grunfeld,produc,empluk}.json.
#
# Every model is fitted on the CSV files in tests/reference/data (read back
# with read.csv), so the C++ tests see bit-identical inputs. Each case's
# "r_call" holds the exact R call and, for small-sample conventions that R
# has no single call for, the scale factor applied (also stored numerically
# in "small_sample_factor"). Conventions, in brief (full text in
# tests/reference/README.md):
#   none   : the bare sandwich (HC0 meat), factor 1.
#   plm    : plm's own choices: vcovHC(type = "sss") for clusters, i.e.
#            G/(G-1) * (N-1)/(N-k) with k = columns of plm's model matrix
#            (slopes only for within models: FE never counted); for
#            white1 HC1 N/(N-k); HC2/HC3 leverages from the demeaned X.
#   stata  : Stata xtreg, fe vce(cluster c) (one-way FE) / xtreg + i.year
#            (two-way): G/(G-1) * (N-1)/(N-K), K = slopes + 1 + levels-1 of
#            every FE not nested in the cluster variable; t with G-1 df.
#   fixest : fixest ssc() defaults (adj, fixef.K = "nested", cluster.adj,
#            cluster.df = "min", t.df = "min"): identical to "stata" for
#            every case here (derivation in the README).
# Internal cross-checks (stopifnot) tie each convention to an independent
# computation (LSDV lm + sandwich, estimatr) so a wrong golden cannot be
# written silently.
suppressPackageStartupMessages({
  library(plm)
  library(sandwich)
  library(lmtest)
  library(estimatr)
})
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "common.R"))
})
root <- repo_root()
golden_dir <- file.path(root, "tests", "reference", "golden")
dir.create(golden_dir, showWarnings = FALSE, recursive = TRUE)
VERSIONS <- pkg_versions(c("plm", "sandwich", "lmtest", "estimatr"))

TOL <- 1e-9  # for internal cross-checks between independent computations
same <- function(a, b, what) {
  ok <- isTRUE(all.equal(unname(as.numeric(a)), unname(as.numeric(b)),
                         tolerance = TOL))
  if (!ok) stop("cross-check failed: ", what, "\n  ", paste(a, collapse = " "),
                "\n  ", paste(b, collapse = " "))
  invisible(TRUE)
}

fml <- function(dep, regs) as.formula(paste(dep, "~", paste(regs, collapse = " + ")))
fml_iv <- function(dep, regs, exog, inst) {
  as.formula(paste(dep, "~", paste(regs, collapse = " + "), "|",
                   paste(c(exog, inst), collapse = " + ")))
}
ftxt <- function(f) paste(deparse(f, width.cutoff = 500L), collapse = " ")

# Coefficient table via lmtest::coeftest with an explicit t reference df
# (df = Inf gives z). Returns the golden list form.
coef_table <- function(m, V, t_df) {
  ct <- coeftest(m, vcov. = V, df = t_df)
  lapply(seq_len(nrow(ct)), function(i) {
    list(name = rownames(ct)[i], estimate = ct[i, 1], std_error = ct[i, 2],
         statistic = ct[i, 3], p_value = ct[i, 4])
  })
}

vspec <- function(type, small_sample, cluster_by = NULL, max_lag = NULL) {
  v <- list(type = type)
  if (!is.null(cluster_by)) v$cluster_by <- I(cluster_by)
  if (!is.null(max_lag)) v$max_lag <- max_lag
  v$small_sample <- small_sample
  v
}

new_case <- function(name, r_call, dependent, regressors, fixed_effects,
                     estimator, variance, m, V, t_df, n_obs, df_resid,
                     n_groups = NULL, r2 = NULL, r2_within = NULL,
                     f_stat = NULL, factor = NULL, endogenous = character(0),
                     instruments = character(0), extra = list()) {
  cs <- list(name = name, r_call = r_call, dependent = dependent,
             regressors = I(regressors), fixed_effects = fixed_effects,
             estimator = estimator, endogenous = I(endogenous),
             instruments = I(instruments), variance = variance)
  if (!is.null(factor)) cs$small_sample_factor <- factor
  cs$t_df <- if (is.infinite(t_df)) 0 else t_df
  cs$coefficients <- coef_table(m, V, t_df)
  cs$n_obs <- n_obs
  if (!is.null(n_groups)) cs$n_groups <- n_groups
  cs$df_resid <- df_resid
  if (!is.null(r2)) cs$r_squared <- r2
  if (!is.null(r2_within)) cs$r_squared_within <- r2_within
  if (!is.null(f_stat)) {
    if (isTRUE(f_stat$chisq)) {
      # plm reports a Wald chi-square (not an F) for random-effects models.
      cs$wald_chisq <- list(statistic = f_stat$value, df = f_stat$df,
                            p_value = f_stat$p_value)
    } else {
      cs$f_statistic <- f_stat$value
      cs$f_df <- I(f_stat$df)
    }
  }
  for (k in names(extra)) cs[[k]] <- extra[[k]]
  cs
}

plm_f <- function(m) {
  fs <- summary(m)$fstatistic
  list(value = unname(fs$statistic), df = unname(as.numeric(fs$parameter)),
       p_value = unname(fs$p.value),
       chisq = identical(names(fs$statistic), "Chisq"))
}
plm_r2 <- function(m) unname(summary(m)$r.squared["rsq"])

# ---------------------------------------------------------------------------
# Case families. Each takes a dataset context `ds`:
#   ds$d (data.frame), ds$pd (pdata.frame), ds$entity, ds$period, ds$dep,
#   ds$regs.
# ---------------------------------------------------------------------------

pooled_cases <- function(ds, hc_types = c("HC0", "HC1", "HC2", "HC3"),
                         cluster = TRUE) {
  f <- fml(ds$dep, ds$regs)
  m <- lm(f, data = ds$d)
  s <- summary(m)
  N <- nobs(m); K <- length(coef(m)); dfr <- df.residual(m)
  regs <- ds$regs
  fstat <- list(value = unname(s$fstatistic["value"]),
                df = unname(s$fstatistic[c("numdf", "dendf")]))
  out <- list(new_case(
    "pooled_ols_iid",
    sprintf("m <- lm(%s, data = d); coeftest(m)  # t with df = N - K", ftxt(f)),
    ds$dep, regs, "none", "pooled_ols", vspec("iid", "none"), m, vcov(m), dfr,
    N, dfr, r2 = s$r.squared, f_stat = fstat))
  for (ty in hc_types) {
    V <- vcovHC(m, type = ty)
    ss <- if (ty == "HC0") "none" else "stata"
    fac <- if (ty == "HC1") N / (N - K) else NULL
    out[[length(out) + 1]] <- new_case(
      paste0("pooled_ols_", tolower(ty)),
      sprintf("m <- lm(%s, data = d); coeftest(m, vcov. = sandwich::vcovHC(m, type = \"%s\"))  # t with df = N - K%s",
              ftxt(f), ty, if (ty == "HC1") "; HC1 = HC0 * N/(N-K), K incl. intercept (Stata vce(robust))" else ""),
      ds$dep, regs, "none", "pooled_ols", vspec(tolower(ty), ss), m, V, dfr,
      N, dfr, r2 = s$r.squared, factor = fac)
  }
  if (cluster) {
    cl <- ds$d[[ds$entity]]
    G <- length(unique(cl))
    V <- vcovCL(m, cluster = cl, type = "HC1")
    fac <- G / (G - 1) * (N - 1) / (N - K)
    same(V, vcovCL(m, cluster = cl, type = "HC0", cadjust = FALSE) * fac,
         "vcovCL HC1 factor")
    # plm pooling with type = "sss" uses the same factor (k includes the intercept).
    pm <- plm(f, data = ds$pd, model = "pooling")
    same(V, vcovHC(pm, method = "arellano", type = "sss"), "plm pooling sss")
    out[[length(out) + 1]] <- new_case(
      "pooled_ols_cluster_entity_stata",
      sprintf("m <- lm(%s, data = d); coeftest(m, vcov. = sandwich::vcovCL(m, cluster = ~%s, type = \"HC1\"), df = G - 1)  # factor G/(G-1)*(N-1)/(N-K), K = %d incl. intercept; = plm vcovHC(pooling, arellano, sss); t df = G-1 = %d (Stata reg, vce(cluster))",
              ftxt(f), ds$entity, K, G - 1),
      ds$dep, regs, "none", "pooled_ols",
      vspec("cluster", "stata", cluster_by = "entity"), m, V, G - 1, N, dfr,
      r2 = s$r.squared, factor = fac)
    V0 <- vcovCL(m, cluster = cl, type = "HC0", cadjust = FALSE)
    out[[length(out) + 1]] <- new_case(
      "pooled_ols_cluster_entity_none",
      sprintf("m <- lm(%s, data = d); coeftest(m, vcov. = sandwich::vcovCL(m, cluster = ~%s, type = \"HC0\", cadjust = FALSE))  # bare cluster sandwich, t df = N - K",
              ftxt(f), ds$entity),
      ds$dep, regs, "none", "pooled_ols",
      vspec("cluster", "none", cluster_by = "entity"), m, V0, dfr, N, dfr,
      r2 = s$r.squared, factor = 1)
  }
  out
}

# LSDV dummy regression equivalent of a within model (used for cross-checks
# and for the conventions that count FE dummies).
lsdv <- function(ds, effect, regs = ds$regs) {
  rhs <- regs
  if (effect %in% c("individual", "twoways")) rhs <- c(rhs, sprintf("factor(%s)", ds$entity))
  if (effect %in% c("time", "twoways")) rhs <- c(rhs, sprintf("factor(%s)", ds$period))
  lm(fml(ds$dep, rhs), data = ds$d)
}

fe_label <- c(individual = "entity", time = "period", twoways = "two_way")

# Within estimator with one effect ("individual" or "time") or two-way.
within_cases <- function(ds, effect, clusters = list(), plm_hc1 = FALSE,
                         hc = FALSE, dk_lags = NULL, twoway_cluster = FALSE,
                         prefix = NULL) {
  f <- fml(ds$dep, ds$regs)
  m <- plm(f, data = ds$pd, model = "within", effect = effect)
  N <- nobs(m); k <- length(coef(m)); dfr <- df.residual(m)
  n_ent <- pdim(m)$nT$n; n_per <- pdim(m)$nT$T
  fe <- fe_label[[effect]]
  pre <- if (is.null(prefix)) paste0("within_", fe) else prefix
  call0 <- sprintf("m <- plm(%s, data = pdata.frame(d, index = c(\"%s\", \"%s\")), model = \"within\", effect = \"%s\")",
                   ftxt(f), ds$entity, ds$period, effect)
  r2 <- plm_r2(m)
  # Cross-check: slopes and iid SEs equal the LSDV dummy regression.
  ld <- lsdv(ds, effect)
  same(coef(m), coef(ld)[names(coef(m))], paste(pre, "LSDV coefficients"))
  same(sqrt(diag(vcov(m))), sqrt(diag(vcov(ld)))[names(coef(m))], paste(pre, "LSDV iid SE"))
  same(dfr, df.residual(ld), paste(pre, "LSDV df"))
  mk <- function(name, r_call, variance, V, t_df, factor = NULL, f_stat = NULL) {
    new_case(paste0(pre, "_", name), r_call, ds$dep, ds$regs, fe, "within",
             variance, m, V, t_df, N, dfr, n_groups = n_ent, r2 = r2,
             r2_within = r2, f_stat = f_stat, factor = factor)
  }
  out <- list(mk("iid", paste0(call0, "; coeftest(m)  # sigma^2 = RSS/df_resid, df_resid = N - FE levels - k (plm/lm LSDV); t df = df_resid"),
                 vspec("iid", "none"), vcov(m), dfr, f_stat = plm_f(m)))

  for (cb in clusters) {
    # cb: "entity", "period" or a column name.
    ccol <- switch(cb, entity = ds$entity, period = ds$period, cb)
    cl <- ds$d[[ccol]]
    G <- length(unique(cl))
    plm_cl <- switch(cb, entity = "group", period = "time", NA)
    # HC0 cluster meat on the within-transformed design (bare sandwich).
    V0 <- vcovCL(ld, cluster = cl, type = "HC0", cadjust = FALSE)[names(coef(m)), names(coef(m))]
    if (!is.na(plm_cl)) {
      same(V0, vcovHC(m, method = "arellano", type = "HC0", cluster = plm_cl),
           paste(pre, cb, "plm HC0 vs LSDV vcovCL HC0"))
    }
    # FE nested in the cluster variable are not counted (xtreg / fixest nested).
    nested_ent <- all(tapply(cl, ds$d[[ds$entity]], function(v) length(unique(v)) == 1))
    nested_per <- all(tapply(cl, ds$d[[ds$period]], function(v) length(unique(v)) == 1))
    K <- k + 1
    if (effect %in% c("individual", "twoways") && !nested_ent) K <- K + n_ent - 1
    if (effect %in% c("time", "twoways") && !nested_per) K <- K + n_per - 1
    fac <- G / (G - 1) * (N - 1) / (N - K)
    vcall <- if (!is.na(plm_cl)) sprintf("vcovHC(m, method = \"arellano\", type = \"HC0\", cluster = \"%s\")", plm_cl)
             else sprintf("sandwich::vcovCL(lm(<LSDV dummies>), cluster = ~%s, type = \"HC0\", cadjust = FALSE)[slopes, slopes]", ccol)
    out[[length(out) + 1]] <- mk(
      paste0("cluster_", cb, "_none"),
      sprintf("%s; V <- %s; coeftest(m, vcov. = V)  # factor 1, t df = df_resid", call0, vcall),
      vspec("cluster", "none", cluster_by = cb), V0, dfr, factor = 1)
    for (conv in c("stata", "fixest")) {
      out[[length(out) + 1]] <- mk(
        paste0("cluster_", cb, "_", conv),
        sprintf("%s; V <- %s * %s; coeftest(m, vcov. = V, df = G - 1)  # factor G/(G-1)*(N-1)/(N-K), G = %d, N = %d, K = %d (= slopes %d + 1%s); t df = G-1 = %d. %s",
                call0, vcall, json_num(fac), G, N, K, k,
                if (K > k + 1) sprintf(" + %d levels-1 of the FE not nested in the cluster", K - k - 1) else "; FE nested in the cluster not counted",
                G - 1,
                if (conv == "stata") "Stata convention: xtreg y x, fe vce(cluster c) (two-way: xtreg y x i.period, fe vce(cluster c)); Stata not run here: factor from Stata's documented formula."
                else "fixest: feols(y ~ x | fe, vcov = ~c) default ssc(adj=TRUE, fixef.K=\"nested\", cluster.adj=TRUE, t.df=\"min\"): K = nparams - sum(nested FE sizes - 1) (+1 if all FE nested), identical to stata here."),
        vspec("cluster", conv, cluster_by = cb), V0 * fac, G - 1, factor = fac)
    }
    if (!is.na(plm_cl)) {
      fac_plm <- G / (G - 1) * (N - 1) / (N - k)
      Vs <- vcovHC(m, method = "arellano", type = "sss", cluster = plm_cl)
      same(Vs, V0 * fac_plm, paste(pre, cb, "plm sss factor"))
      out[[length(out) + 1]] <- mk(
        paste0("cluster_", cb, "_plm"),
        sprintf("%s; V <- vcovHC(m, method = \"arellano\", type = \"sss\", cluster = \"%s\"); coeftest(m, vcov. = V)  # plm sss: G/(G-1)*(N-1)/(N-k), k = %d slopes only (FE never counted); t df = df_resid",
                call0, plm_cl, k),
        vspec("cluster", "plm", cluster_by = cb), Vs, dfr, factor = fac_plm)
      if (plm_hc1) {
        V1 <- vcovHC(m, method = "arellano", type = "HC1", cluster = plm_cl)
        fac1 <- N / (N - k)
        same(V1, V0 * fac1, paste(pre, cb, "plm HC1 factor"))
        out[[length(out) + 1]] <- mk(
          paste0("cluster_", cb, "_plm_hc1"),
          sprintf("%s; V <- vcovHC(m, method = \"arellano\", type = \"HC1\", cluster = \"%s\"); coeftest(m, vcov. = V)  # plm HC1: N/(N-k), k = %d slopes (no G/(G-1)); t df = df_resid",
                  call0, plm_cl, k),
          vspec("cluster", "plm_hc1", cluster_by = cb), V1, dfr, factor = fac1)
      }
    }
  }

  if (twoway_cluster) {
    # Cameron-Gelbach-Miller: V_entity + V_period - V_(entity,period); the
    # intersection is the observation itself in a panel (white).
    Vdc <- vcovDC(m, type = "HC0")
    ce <- ds$d[[ds$entity]]; cp <- ds$d[[ds$period]]
    Vcl <- vcovCL(ld, cluster = ds$d[, c(ds$entity, ds$period)], type = "HC0",
                  cadjust = FALSE, multi0 = FALSE)[names(coef(m)), names(coef(m))]
    same(Vdc, Vcl, paste(pre, "vcovDC vs vcovCL two-way"))
    out[[length(out) + 1]] <- mk(
      "cluster_entity_period_none",
      sprintf("%s; V <- vcovDC(m, type = \"HC0\"); coeftest(m, vcov. = V)  # V_entity + V_period - V_white, no factors; = sandwich::vcovCL(lm(<LSDV>), cluster = ~%s + %s, type = \"HC0\", cadjust = FALSE, multi0 = FALSE); t df = df_resid",
              call0, ds$entity, ds$period),
      vspec("cluster", "none", cluster_by = c("entity", "period")), Vdc, dfr, factor = 1)
    Gmin <- min(n_ent, n_per)
    K <- k + 1  # both FE nested in one of the two cluster dimensions
    fac <- Gmin / (Gmin - 1) * (N - 1) / (N - K)
    for (conv in c("stata", "fixest")) {
      out[[length(out) + 1]] <- mk(
        paste0("cluster_entity_period_", conv),
        sprintf("%s; V <- vcovDC(m, type = \"HC0\") * %s; coeftest(m, vcov. = V, df = Gmin - 1)  # one factor Gmin/(Gmin-1)*(N-1)/(N-K), Gmin = min(G_entity, G_period) = %d, N = %d, K = slopes + 1 = %d (every FE nested in a cluster dimension); t df = Gmin-1 = %d. fixest ssc(cluster.df = \"min\", t.df = \"min\") default (fixest documents reghdfe as the same).",
                call0, json_num(fac), Gmin, N, K, Gmin - 1),
        vspec("cluster", conv, cluster_by = c("entity", "period")), Vdc * fac, Gmin - 1, factor = fac)
    }
    Vdcs <- vcovDC(m, type = "sss")
    out[[length(out) + 1]] <- mk(
      "cluster_entity_period_plm",
      sprintf("%s; V <- vcovDC(m, type = \"sss\"); coeftest(m, vcov. = V)  # plm: each term scaled on its own: V_e*G_e/(G_e-1)*(N-1)/(N-k) + V_p*G_p/(G_p-1)*(N-1)/(N-k) - V_white*N/(N-1)*(N-1)/(N-k), k = %d slopes; t df = df_resid",
              call0, k),
      vspec("cluster", "plm", cluster_by = c("entity", "period")), Vdcs, dfr)
  }

  for (L in dk_lags) {
    Tmax <- max(pdim(m)$Tint$Ti)
    if (is.na(L)) {
      V <- vcovSCC(m)
      lag <- floor(Tmax^(1 / 4))
      same(V, vcovSCC(m, maxlag = lag), "vcovSCC default lag")
      nm <- "driscoll_kraay_default_lag"; ml <- 0
      note <- sprintf("maxlag = NULL -> floor(max(T_i)^(1/4)) = floor(%d^0.25) = %d; golden max_lag 0 means this default", Tmax, lag)
      rc <- "vcovSCC(m)"
    } else {
      V <- vcovSCC(m, maxlag = L)
      nm <- sprintf("driscoll_kraay_lag%d", L); ml <- L
      note <- sprintf("maxlag = %d", L)
      rc <- sprintf("vcovSCC(m, maxlag = %d)", L)
    }
    out[[length(out) + 1]] <- mk(
      nm,
      sprintf("%s; V <- %s; coeftest(m, vcov. = V)  # Driscoll-Kraay: type HC0 (no small-sample factor), cluster = \"time\", Bartlett weights 1 - j/(maxlag+1), %s; h_t = sum_i xdemeaned_it * u_it; t df = df_resid",
              call0, rc, note),
      vspec("driscoll_kraay", "none", max_lag = ml), V, dfr, factor = 1)
  }

  if (hc) {
    for (ty in c("HC0", "HC1", "HC2", "HC3")) {
      V <- vcovHC(m, method = "white1", type = ty)
      fac <- switch(ty, HC0 = 1, HC1 = N / (N - k), NULL)
      ss <- if (ty == "HC0") "none" else "plm"
      out[[length(out) + 1]] <- mk(
        paste0(tolower(ty), "_", ss),
        sprintf("%s; V <- vcovHC(m, method = \"white1\", type = \"%s\"); coeftest(m, vcov. = V)  # %s; t df = df_resid",
                call0, ty,
                switch(ty, HC0 = "no factor",
                       HC1 = sprintf("N/(N-k), k = %d slopes (FE not counted)", k),
                       HC2 = "u/sqrt(1-h), h = leverage of the demeaned X only (FE dummies not in h)",
                       HC3 = "u/(1-h), h = leverage of the demeaned X only (FE dummies not in h)")),
        vspec(tolower(ty), ss), V, dfr, factor = fac)
    }
    # LSDV conventions (Stata: reg y x i.entity, vce(robust|hc2|hc3); areg
    # for robust): FE dummies count in K and in the leverage.
    Kall <- length(coef(ld))
    for (ty in c("HC1", "HC2", "HC3")) {
      V <- vcovHC(ld, type = ty)[names(coef(m)), names(coef(m))]
      fac <- if (ty == "HC1") N / (N - Kall) else NULL
      out[[length(out) + 1]] <- mk(
        paste0(tolower(ty), "_stata"),
        sprintf("ld <- %s; V <- sandwich::vcovHC(ld, type = \"%s\")[slopes, slopes]; coeftest(m, vcov. = V)  # LSDV: %s; t df = df_resid",
                ftxt(formula(ld)), ty,
                if (ty == "HC1") sprintf("N/(N-K), K = %d = all LSDV columns (slopes + intercept + dummies) = Stata areg/reg i.fe, vce(robust)", Kall)
                else "h = full LSDV hat values (include 1/T_i from the entity dummies) = Stata reg y x i.fe, vce(hc2/hc3)"),
        vspec(tolower(ty), "stata"), V, dfr, factor = fac)
    }
  }
  list(model = m, cases = out)
}

re_cases <- function(ds, hausman_aux = TRUE) {
  f <- fml(ds$dep, ds$regs)
  m <- plm(f, data = ds$pd, model = "random", random.method = "swar")
  fe <- plm(f, data = ds$pd, model = "within")
  N <- nobs(m); dfr <- df.residual(m); n_ent <- pdim(m)$nT$n
  call0 <- sprintf("m <- plm(%s, data = pdata.frame(d, index = c(\"%s\", \"%s\")), model = \"random\", random.method = \"swar\")",
                   ftxt(f), ds$entity, ds$period)
  ec <- ercomp(m)
  # theta depends on the entity's T_i only; record one value per T_i.
  ent <- as.character(index(m)[[1]])
  T_obs <- as.vector(table(ent)[ent])
  theta_obs <- rep_len(as.numeric(ec$theta), length(ent))
  theta_by_T <- tapply(theta_obs, T_obs, function(v) v[1])
  comps <- list(sigma2_idios = unname(ec$sigma2["idios"]),
                sigma2_entity = unname(ec$sigma2["id"]),
                theta_by_T = as.list(theta_by_T))
  h <- phtest(fe, m)
  hz <- list(method = "classic", compare = "within_vs_random_effects",
             statistic = unname(h$statistic), df = unname(h$parameter),
             p_value = unname(h$p.value))
  r2 <- plm_r2(m)
  out <- list(new_case(
    "random_effects_iid",
    sprintf("%s; coeftest(m)  # Swamy-Arora; t df = N - K; hausman: phtest(plm(..., model = \"within\"), m) on the slopes with both models' iid vcov", call0),
    ds$dep, ds$regs, "entity", "random_effects", vspec("iid", "none"), m,
    vcov(m), dfr, N, dfr, n_groups = n_ent, r2 = r2, f_stat = plm_f(m),
    extra = list(random_effects = comps, hausman = hz)))
  V0 <- vcovHC(m, method = "arellano", type = "HC0")
  extra <- list(random_effects = comps)
  if (hausman_aux) {
    ha <- phtest(f, data = ds$pd, method = "aux",
                 vcov = function(x) vcovHC(x, method = "arellano", type = "HC0"))
    extra$hausman <- list(method = "aux", compare = "within_vs_random_effects",
                          vcov = "arellano_hc0_cluster_entity",
                          statistic = unname(ha$statistic), df = unname(ha$parameter),
                          p_value = unname(ha$p.value))
  }
  out[[2]] <- new_case(
    "random_effects_cluster_entity_none",
    sprintf("%s; V <- vcovHC(m, method = \"arellano\", type = \"HC0\"); coeftest(m, vcov. = V)  # cluster sandwich on the quasi-demeaned design, factor 1, t df = N - K; hausman: phtest(%s, data = pd, method = \"aux\", vcov = function(x) vcovHC(x, method = \"arellano\", type = \"HC0\")) = Wald test of the within-demeaned X in the pooled OLS of y* on [1, X*, Xdemeaned] (y*, X* quasi-demeaned with theta), cluster-robust by entity, no small-sample factor",
            call0, ftxt(f)),
    ds$dep, ds$regs, "entity", "random_effects",
    vspec("cluster", "none", cluster_by = "entity"), m, V0, dfr, N, dfr,
    n_groups = n_ent, r2 = r2, factor = 1, extra = extra)
  out
}

fd_cases <- function(ds) {
  f <- fml(ds$dep, ds$regs)
  m <- plm(f, data = ds$pd, model = "fd")
  N <- nobs(m); dfr <- df.residual(m); n_ent <- pdim(m)$nT$n
  # Cross-check: OLS of the within-entity first differences with an intercept.
  dd <- do.call(rbind, lapply(split(ds$d, ds$d[[ds$entity]]), function(g) {
    g <- g[order(g[[ds$period]]), ]
    as.data.frame(lapply(g[c(ds$dep, ds$regs)], diff))
  }))
  lmfd <- lm(fml(ds$dep, ds$regs), data = dd)
  same(coef(m), coef(lmfd), "fd vs lm on differences")
  call0 <- sprintf("m <- plm(%s, data = pdata.frame(d, index = c(\"%s\", \"%s\")), model = \"fd\")",
                   ftxt(f), ds$entity, ds$period)
  V0 <- vcovHC(m, method = "arellano", type = "HC0")
  r2 <- plm_r2(m)
  list(
    new_case("first_difference_iid",
             sprintf("%s; coeftest(m)  # OLS of Delta y on an intercept and Delta x (plm keeps the intercept); n_obs = differenced rows = N - entities; t df = n_obs - K", call0),
             ds$dep, ds$regs, "entity", "first_difference", vspec("iid", "none"),
             m, vcov(m), dfr, N, dfr, n_groups = n_ent, r2 = r2, f_stat = plm_f(m)),
    new_case("first_difference_cluster_entity_none",
             sprintf("%s; V <- vcovHC(m, method = \"arellano\", type = \"HC0\"); coeftest(m, vcov. = V)  # cluster sandwich on differenced rows, factor 1; t df = n_obs - K", call0),
             ds$dep, ds$regs, "entity", "first_difference",
             vspec("cluster", "none", cluster_by = "entity"), m, V0, dfr, N, dfr,
             n_groups = n_ent, r2 = r2, factor = 1),
    local({
      K <- length(coef(m)); G <- n_ent
      fac <- G / (G - 1) * (N - 1) / (N - K)
      same(sqrt(diag(V0 * fac)),
           sqrt(diag(vcovCL(lmfd, cluster = rep(seq_len(G), times = as.vector(table(ds$d[[ds$entity]])) - 1), type = "HC1"))),
           "fd stata factor vs vcovCL HC1 on differences")
      new_case("first_difference_cluster_entity_stata",
               sprintf("%s; V <- vcovHC(m, method = \"arellano\", type = \"HC0\") * %s; coeftest(m, vcov. = V, df = G - 1)  # Stata reg D.y D.x, vce(cluster entity): G/(G-1)*(N-1)/(N-K) with N = %d differenced rows, K = %d incl. intercept, G = %d; = sandwich::vcovCL(lm on differences, type = \"HC1\"); t df = G-1",
                       call0, json_num(fac), N, K, G),
               ds$dep, ds$regs, "entity", "first_difference",
               vspec("cluster", "stata", cluster_by = "entity"), m, V0 * fac, G - 1, N, dfr,
               n_groups = n_ent, r2 = r2, factor = fac)
    }))
}

between_cases <- function(ds) {
  f <- fml(ds$dep, ds$regs)
  m <- plm(f, data = ds$pd, model = "between")
  N <- nobs(m); dfr <- df.residual(m)
  # Cross-check: OLS on entity means.
  mm <- aggregate(ds$d[c(ds$dep, ds$regs)], by = list(e = ds$d[[ds$entity]]), FUN = mean)
  same(coef(m), coef(lm(f, data = mm)), "between vs lm on means")
  list(new_case("between_iid",
                sprintf("m <- plm(%s, data = pdata.frame(d, index = c(\"%s\", \"%s\")), model = \"between\"); coeftest(m)  # OLS of entity means (unweighted); n_obs = entities; t df = entities - K",
                        ftxt(f), ds$entity, ds$period),
                ds$dep, ds$regs, "none", "between", vspec("iid", "none"), m,
                vcov(m), dfr, N, dfr, n_groups = N, r2 = plm_r2(m),
                f_stat = plm_f(m)))
}

# 2SLS with absorbed fixed effects. regs = all structural regressors (the
# endogenous ones included), endog subset, inst = excluded instruments.
iv_cases <- function(ds, regs, endog, inst, effect) {
  exog <- setdiff(regs, endog)
  f <- fml_iv(ds$dep, regs, exog, inst)
  m <- plm(f, data = ds$pd, model = "within", effect = effect)
  N <- nobs(m); k <- length(coef(m)); dfr <- df.residual(m)
  n_ent <- pdim(m)$nT$n; n_per <- pdim(m)$nT$T
  fe <- fe_label[[effect]]
  fe_rhs <- switch(effect, individual = sprintf("~%s", ds$entity),
                   twoways = sprintf("~%s + %s", ds$entity, ds$period))
  # estimatr captures fixed_effects / clusters unevaluated: build the calls.
  fe_f <- as.formula(fe_rhs)
  ivr <- eval(bquote(iv_robust(.(f), data = ds$d, fixed_effects = .(fe_f),
                               se_type = "classical")))
  same(coef(m), coef(ivr), "plm IV vs estimatr iv_robust coefficients")
  same(sqrt(diag(vcov(m))), ivr$std.error, "plm IV vs iv_robust classical SE")
  same(dfr, ivr$df[1], "IV df")
  call0 <- sprintf("m <- plm(%s, data = pdata.frame(d, index = c(\"%s\", \"%s\")), model = \"within\", effect = \"%s\")",
                   ftxt(f), ds$entity, ds$period, effect)
  # First stage F for the excluded instruments (iid, LSDV dummies).
  fe_terms <- switch(effect, individual = sprintf("factor(%s)", ds$entity),
                     twoways = c(sprintf("factor(%s)", ds$entity), sprintf("factor(%s)", ds$period)))
  fs <- lapply(endog, function(en) {
    fu <- lm(fml(en, c(exog, inst, fe_terms)), data = ds$d)
    fr <- lm(fml(en, c(exog, fe_terms)), data = ds$d)
    a <- anova(fr, fu)
    list(endogenous = en, statistic = a$F[2], df1 = a$Df[2],
         df2 = a$Res.Df[2], p_value = a[["Pr(>F)"]][2],
         r_call = sprintf("anova(lm(%s), lm(%s))  # iid F of the excluded instruments, FE as dummies",
                          ftxt(formula(fr)), ftxt(formula(fu))))
  })
  extra <- list(first_stage = fs)
  pre <- paste0("iv_", fe)
  mk <- function(name, r_call, variance, V, t_df, factor = NULL) {
    new_case(paste0(pre, "_", name), r_call, ds$dep, regs, fe, "iv", variance,
             m, V, t_df, N, dfr, n_groups = n_ent, factor = factor,
             endogenous = endog, instruments = inst, extra = extra)
  }
  out <- list(mk("iid", sprintf("%s; coeftest(m)  # 2SLS on demeaned data; sigma^2 = RSS/df_resid with residuals y - X b (structural X, not fitted); df_resid = N - FE levels - k; t df = df_resid (plm's summary prints z; estimatr::iv_robust(%s, fixed_effects = %s, se_type = \"classical\") gives these t/p exactly)",
                                call0, ftxt(f), fe_rhs),
                 vspec("iid", "none"), vcov(m), dfr))
  V0 <- vcovHC(m, method = "arellano", type = "HC0")
  cl <- ds$d[[ds$entity]]
  ivc <- eval(bquote(iv_robust(.(f), data = ds$d, fixed_effects = .(fe_f),
                               clusters = .(as.name(ds$entity)), se_type = "CR0")))
  same(sqrt(diag(V0)), ivc$std.error, "plm IV cluster HC0 vs iv_robust CR0")
  G <- n_ent
  K <- k + 1 + if (effect == "twoways") n_per - 1 else 0
  fac <- G / (G - 1) * (N - 1) / (N - K)
  out[[2]] <- mk("cluster_entity_none",
                 sprintf("%s; V <- vcovHC(m, method = \"arellano\", type = \"HC0\"); coeftest(m, vcov. = V)  # bread (Xhat'Xhat)^-1 with Xhat = demeaned X projected on demeaned Z, scores Xhat*u; factor 1; = estimatr::iv_robust(..., fixed_effects = %s, clusters = %s, se_type = \"CR0\"); t df = df_resid",
                         call0, fe_rhs, ds$entity),
                 vspec("cluster", "none", cluster_by = "entity"), V0, dfr, factor = 1)
  out[[3]] <- mk("cluster_entity_stata",
                 sprintf("%s; V <- vcovHC(m, method = \"arellano\", type = \"HC0\") * %s; coeftest(m, vcov. = V, df = G - 1)  # factor G/(G-1)*(N-1)/(N-K), G = %d, N = %d, K = %d (slopes %d + 1%s); t df = G-1 (the xtreg convention applied to 2SLS; Stata not run here). NB estimatr se_type = \"stata\" with fixed_effects counts every FE dummy in K (areg-like) and differs",
                         call0, json_num(fac), G, N, K, k,
                         if (effect == "twoways") sprintf(" + %d period levels-1", n_per - 1) else ""),
                 vspec("cluster", "stata", cluster_by = "entity"), V0 * fac, G - 1, factor = fac)
  out
}

# ---------------------------------------------------------------------------
write_dataset <- function(name, csv, entity, period, dep, regs, build) {
  d <- read.csv(file.path(root, csv), stringsAsFactors = FALSE)
  pd <- pdata.frame(d, index = c(entity, period))
  ds <- list(d = d, pd = pd, entity = entity, period = period, dep = dep, regs = regs)
  cases <- build(ds)
  names_seen <- vapply(cases, function(x) x$name, "")
  if (anyDuplicated(names_seen)) stop("duplicate case names in ", name)
  out <- list(dataset = name, data = csv, entity = entity, period = period,
              generated_by = "tests/reference/panel/panel_reference.R",
              versions = VERSIONS, cases = cases)
  path <- file.path(golden_dir, sprintf("panel_%s.json", name))
  write_json17(out, path)
  cat(sprintf("wrote %s (%d cases)\n", path, length(cases)))
  invisible(cases)
}

# Grunfeld: inv ~ value + capital. Textbook within: value 0.1101238, capital 0.3100653.
g_cases <- write_dataset(
  "grunfeld", "tests/reference/data/grunfeld.csv", "firm", "year", "inv",
  c("value", "capital"),
  function(ds) {
    w1 <- within_cases(ds, "individual", clusters = list("entity"),
                       plm_hc1 = TRUE, hc = TRUE, dk_lags = c(NA))
    w2 <- within_cases(ds, "twoways", clusters = list("entity"),
                       twoway_cluster = TRUE, dk_lags = c(NA, 4))
    stopifnot(abs(coef(w1$model)[["value"]] - 0.1101238) < 5e-8,
              abs(coef(w1$model)[["capital"]] - 0.3100653) < 5e-8)
    c(pooled_cases(ds), w1$cases, w2$cases, re_cases(ds), fd_cases(ds),
      between_cases(ds))
  })

# Produc (Munnell 1990): log gsp ~ log pcap + log pc + log emp + unemp.
p_cases <- write_dataset(
  "produc", "tests/reference/data/produc_logs.csv", "state", "year", "lgsp",
  c("lpcap", "lpc", "lemp", "unemp"),
  function(ds) {
    w1 <- within_cases(ds, "individual", clusters = list("entity", "region"))
    w2 <- within_cases(ds, "twoways", clusters = list("entity", "region"),
                       twoway_cluster = TRUE, dk_lags = c(NA, 3))
    wt <- within_cases(ds, "time", clusters = list("period"))
    # Baltagi (2013) Table 3.? within estimates for Produc: lpcap -0.0261, lpc 0.2920, lemp 0.7682, unemp -0.0053.
    b <- coef(w1$model)
    stopifnot(abs(b[["lpcap"]] + 0.02615) < 5e-5, abs(b[["lpc"]] - 0.29201) < 5e-5,
              abs(b[["lemp"]] - 0.76816) < 5e-5, abs(b[["unemp"]] + 0.00530) < 5e-5)
    c(pooled_cases(ds, hc_types = c("HC1")), w1$cases, w2$cases, wt$cases,
      re_cases(ds), fd_cases(ds), between_cases(ds),
      iv_cases(ds, c("lpc", "lemp"), "lpc", c("lpcap", "unemp"), "individual"),
      iv_cases(ds, c("lpc", "lemp"), "lpc", c("lpcap", "unemp"), "twoways"))
  })

# EmplUK (Arellano-Bond firms, unbalanced): log emp ~ log wage + log capital + log output.
e_cases <- write_dataset(
  "empluk", "tests/reference/data/empluk_logs.csv", "firm", "year", "lemp",
  c("lwage", "lcapital", "loutput"),
  function(ds) {
    w1 <- within_cases(ds, "individual", clusters = list("entity", "sector"),
                       hc = TRUE, dk_lags = c(NA))
    w2 <- within_cases(ds, "twoways", clusters = list("entity"),
                       twoway_cluster = TRUE, dk_lags = c(NA, 2))
    c(pooled_cases(ds, hc_types = c("HC1", "HC3")), w1$cases, w2$cases,
      re_cases(ds), fd_cases(ds), between_cases(ds))
  })

#!/usr/bin/env Rscript
# Golden values for moderation (interaction terms, simple slopes, Johnson-Neyman)
# in the panel estimators, from R lm / plm with interaction terms and sandwich.
# Writes tests/reference/golden/moderation.json.
#
# Data: tests/reference/data/produc_logs.csv (balanced, 48 states x 17 years) and
# empluk_logs.csv (unbalanced, 140 firms x 7-9 years), read back from the CSVs.
#
# Conventions (docs/methods/moderation.md):
# - The product x:z is formed on the estimation sample before the estimator's
#   transformation (what a formula y ~ x + z + x:z does in lm and plm: the model
#   matrix is built, then demeaned / quasi-demeaned / differenced).
# - Centring ("center": true) subtracts the estimation-sample mean from the focal
#   variable and a continuous moderator before forming the product.
# - A label moderator enters as 0/1 dummies of its non-reference levels (the
#   first level in sorted order is the reference; R's factor() default here) and
#   their products with the focal variable. R names factor(region)2 are renamed
#   region=2 (the engine's names); everything else keeps R's names.
# - Simple slope of the focal x at moderator value m (on the scale the product was
#   formed on): b_x + b_xz m, SE sqrt(V_xx + 2 m V_x,xz + m^2 V_xz,xz) from the
#   model's covariance V; t reference with the model's residual df (df.residual),
#   as coeftest. Defaults m = mean - SD, mean, mean + SD of the moderator over the
#   estimation sample (sd(): n - 1 denominator); reported at raw-scale values.
#   A label moderator: the reference level's slope is b_x; level l's is
#   b_x + b_{x:l}.
# - Johnson-Neyman: the roots of (b_x + b_xz m)^2 - c^2 (V_xx + 2 m V_x,xz +
#   m^2 V_xz,xz) = 0 with c = qt(0.975, df), found here with polyroot (an
#   independent root finder from the engine's closed form), region "outside" when
#   the leading coefficient is positive (significant beyond the roots), "inside"
#   when negative; bounds on the raw scale.
# - Variance: iid = vcov(m) (plm: SSR / df.residual); cluster/plm = plm vcovHC(m,
#   method = "arellano", type = "sss") = G/(G-1) (N-1)/(N-k), k = columns of plm's
#   model matrix; hc1/stata for lm = sandwich vcovHC(m, type = "HC1") = N/(N-K).
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
data_dir <- file.path(root, "tests", "reference", "data")
VERSIONS <- pkg_versions(c("plm", "sandwich", "lmtest"))

produc <- read.csv(file.path(data_dir, "produc_logs.csv"), stringsAsFactors = FALSE)
empluk <- read.csv(file.path(data_dir, "empluk_logs.csv"), stringsAsFactors = FALSE)

rename <- function(n) gsub("factor\\(region\\)", "region=", n)

coef_list <- function(b, V, df) {
  se <- sqrt(diag(V))
  t <- b / se
  lapply(seq_along(b), function(i) list(
    name = rename(names(b)[i]), estimate = unname(b[i]), std_error = unname(se[i]),
    statistic = unname(t[i]), p_value = 2 * pt(-abs(unname(t[i])), df)))
}

slope_at <- function(b, V, x, xz, m, df, label, at) {
  s <- b[x] + b[xz] * m
  se <- sqrt(V[x, x] + 2 * m * V[x, xz] + m^2 * V[xz, xz])
  crit <- qt(0.975, df)
  list(at_label = label, at = at, slope = unname(s), std_error = unname(se),
       statistic = unname(s / se), p_value = unname(2 * pt(-abs(s / se), df)),
       ci_lower = unname(s - crit * se), ci_upper = unname(s + crit * se))
}

johnson_neyman <- function(b, V, x, xz, df, shift) {
  c2 <- qt(0.975, df)^2
  a <- unname(b[xz]^2 - c2 * V[xz, xz])
  bb <- unname(2 * (b[x] * b[xz] - c2 * V[x, xz]))
  c0 <- unname(b[x]^2 - c2 * V[x, x])
  if (bb^2 - 4 * a * c0 <= 0) {
    return(list(region = if (a > 0) "everywhere" else "nowhere"))
  }
  r <- sort(Re(polyroot(c(c0, bb, a))))
  # polyroot is accurate to a few ulps of the coefficients; one Newton step on
  # the quadratic polishes each root to full precision.
  r <- r - (a * r^2 + bb * r + c0) / (2 * a * r + bb)
  list(region = if (a > 0) "outside" else "inside", lower = r[1] + shift,
       upper = r[2] + shift)
}

# One case. spec: list(data, entity, period, dep, regs, focal, moderator,
# label (bool), center, at, model ("within"/"random"/"fd"/"pooling"/"lm"),
# effect, variance (list for the golden), vfun (function(m) -> V)).
moderation_case <- function(name, s) {
  d <- s$data
  vars <- c(s$dep, s$regs, s$moderator)
  d <- d[complete.cases(d[, intersect(vars, names(d))]), ]
  mod_mean <- if (s$label) NA else mean(d[[s$moderator]])
  mod_sd <- if (s$label) NA else sd(d[[s$moderator]])
  shift <- 0
  if (isTRUE(s$center)) {
    d[[s$focal]] <- d[[s$focal]] - mean(d[[s$focal]])
    if (!s$label) {
      shift <- mod_mean
      d[[s$moderator]] <- d[[s$moderator]] - mod_mean
    }
  }
  mod_term <- if (s$label) sprintf("factor(%s)", s$moderator) else s$moderator
  rhs <- unique(c(s$regs, if (!s$label || s$model %in% c("lm", "pooling")) mod_term,
                  paste0(s$focal, ":", mod_term)))
  f <- as.formula(paste(s$dep, "~", paste(rhs, collapse = " + ")))
  if (s$model == "lm") {
    m <- lm(f, data = d)
  } else {
    pd <- pdata.frame(d, index = c(s$entity, s$period))
    m <- plm(f, data = pd, model = s$model, effect = s$effect)
  }
  b <- coef(m)
  V <- s$vfun(m)
  df <- df.residual(m)
  x <- s$focal
  slopes <- list()
  jn <- NULL
  if (s$label) {
    lv <- sort(unique(as.character(d[[s$moderator]])))
    slopes[[1]] <- slope_at(b, V, x, x, 0, df, lv[1], NA)  # m = 0: b_x alone
    for (l in lv[-1]) {
      xz <- paste0(x, ":factor(", s$moderator, ")", l)
      slopes[[length(slopes) + 1]] <- slope_at(b, V, x, xz, 1, df, l, NA)
    }
  } else {
    xz <- paste0(x, ":", s$moderator)
    at <- if (is.null(s$at)) c(mod_mean - mod_sd, mod_mean, mod_mean + mod_sd) else s$at
    labels <- if (is.null(s$at)) c("mean-1SD", "mean", "mean+1SD") else format(s$at)
    for (i in seq_along(at)) {
      slopes[[i]] <- slope_at(b, V, x, xz, at[i] - shift, df, trimws(labels[i]), at[i])
    }
    jn <- johnson_neyman(b, V, x, xz, df, shift)
  }
  out <- list(name = name, dataset = s$dataset, estimator = s$estimator,
              fixed_effects = s$fixed_effects, variance = s$variance,
              dependent = s$dep, regressors = I(s$regs),
              interaction = list(focal = s$focal, moderator = s$moderator,
                                 label = s$label, at = I(if (is.null(s$at)) numeric(0) else s$at)),
              center = isTRUE(s$center), r_call = paste(deparse(f, width.cutoff = 500L), collapse = ""),
              n_obs = nobs(m), t_df = df,
              coefficients = coef_list(b, V, df), simple_slopes = slopes)
  if (!s$label) {
    out$moderator_mean <- mod_mean
    out$moderator_sd <- mod_sd
    out$johnson_neyman <- jn
  }
  out
}

v_iid <- function(m) vcov(m)
v_cluster_plm <- function(m) vcovHC(m, method = "arellano", type = "sss", cluster = "group")
v_hc1 <- function(m) vcovHC(m, type = "HC1")
produc_base <- list(data = produc, dataset = "produc", entity = "state", period = "year",
                    dep = "lgsp")
empluk_base <- list(data = empluk, dataset = "empluk", entity = "firm", period = "year",
                    dep = "lemp")
with_ <- function(base, ...) modifyList(base, list(...))

cases <- list(
  moderation_case("produc_within_twoway_cluster_plm", with_(produc_base,
    regs = c("lpcap", "lpc", "lemp", "unemp"), focal = "lpcap", moderator = "unemp",
    label = FALSE, model = "within", effect = "twoways", estimator = "within",
    fixed_effects = "two_way", vfun = v_cluster_plm,
    variance = list(type = "cluster", small_sample = "plm"))),
  moderation_case("produc_within_entity_centered_iid_at", with_(produc_base,
    regs = c("lpcap", "lpc", "lemp", "unemp"), focal = "lpcap", moderator = "unemp",
    label = FALSE, center = TRUE, at = c(4, 6, 8, 12), model = "within",
    effect = "individual", estimator = "within", fixed_effects = "entity", vfun = v_iid,
    variance = list(type = "iid", small_sample = "plm"))),
  moderation_case("produc_pooled_region_label_hc1", with_(produc_base,
    regs = c("lpcap", "unemp"), focal = "lpcap", moderator = "region", label = TRUE,
    model = "lm", estimator = "pooled_ols", fixed_effects = "none", vfun = v_hc1,
    variance = list(type = "hc1", small_sample = "stata"))),
  moderation_case("produc_within_region_label_cluster_plm", with_(produc_base,
    regs = c("lpcap", "unemp"), focal = "lpcap", moderator = "region", label = TRUE,
    model = "within", effect = "individual", estimator = "within",
    fixed_effects = "entity", vfun = v_cluster_plm,
    variance = list(type = "cluster", small_sample = "plm"))),
  moderation_case("empluk_within_cluster_plm", with_(empluk_base,
    regs = c("lwage", "lcapital", "loutput"), focal = "lwage", moderator = "lcapital",
    label = FALSE, model = "within", effect = "individual", estimator = "within",
    fixed_effects = "entity", vfun = v_cluster_plm,
    variance = list(type = "cluster", small_sample = "plm"))),
  moderation_case("empluk_within_centered_iid", with_(empluk_base,
    regs = c("lwage", "lcapital", "loutput"), focal = "lwage", moderator = "lcapital",
    label = FALSE, center = TRUE, model = "within", effect = "individual",
    estimator = "within", fixed_effects = "entity", vfun = v_iid,
    variance = list(type = "iid", small_sample = "plm"))),
  moderation_case("empluk_random_effects_iid", with_(empluk_base,
    regs = c("lwage", "lcapital", "loutput"), focal = "lwage", moderator = "lcapital",
    label = FALSE, model = "random", effect = "individual", estimator = "random_effects",
    fixed_effects = "entity", vfun = v_iid,
    variance = list(type = "iid", small_sample = "plm"))),
  moderation_case("empluk_first_difference_iid", with_(empluk_base,
    regs = c("lwage", "lcapital", "loutput"), focal = "lwage", moderator = "lcapital",
    label = FALSE, model = "fd", effect = "individual", estimator = "first_difference",
    fixed_effects = "none", vfun = v_iid,
    variance = list(type = "iid", small_sample = "plm"))),
  moderation_case("empluk_pooled_centered_hc1", with_(empluk_base,
    regs = c("lwage", "lcapital", "loutput"), focal = "lwage", moderator = "lcapital",
    label = FALSE, center = TRUE, model = "lm", estimator = "pooled_ols",
    fixed_effects = "none", vfun = v_hc1,
    variance = list(type = "hc1", small_sample = "stata")))
)

golden <- list(
  description = paste("Moderation: interaction terms, simple slopes and Johnson-Neyman",
                      "intervals; conventions in tests/reference/panel/moderation_reference.R"),
  generated_by = "tests/reference/panel/moderation_reference.R",
  versions = VERSIONS, confidence_level = 0.95, cases = cases)
out <- file.path(root, "tests", "reference", "golden", "moderation.json")
write_json17(golden, out)
cat("wrote:", out, "\n")

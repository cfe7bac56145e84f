#!/usr/bin/env Rscript
# Golden values for CompareGroups' two analytic tests (the permutation test is
# random and checked by properties instead). Writes
# tests/reference/golden/groups_produc.json.
#
# Data: tests/reference/data/produc_logs.csv; groups from the Census region
# code: 1-3 -> "A", 4-6 -> "B", 7-9 -> "C" (every state in one group).
# Model per group: lgsp ~ lpcap + lpc + lemp + unemp + state FE + year FE,
# fitted here as an LSDV lm with dummies (independent of plm and of our code).
#
# 1. Interacted Wald: ONE lm with every slope interacted with the group
#    (x:g), state dummies (nested in groups) and year-by-group dummies;
#    V = sandwich::vcovCL(type = "HC0", cadjust = FALSE) (bare CR0) times the
#    convention's factor: "none" 1; "stata" G/(G-1) (N-1)/(N-K) with
#    K = rank(lm) - (state dummies) + 1 (slopes, non-redundant year-by-group
#    dummies, constant: xtreg y x i.year#i.group, fe vce(cluster)).
#    W = (b_g - b_h)^2 / (V_gg + V_hh - 2 V_gh), chi2(1).
# 2. Seemingly unrelated (suest): per group lm; influence rows
#    IF_i = (X'X)^-1 x_i e_i (sandwich: estfun(m) %*% bread(m) / n), slope
#    entries only, stacked over groups, summed by cluster, V = C/(C-1) S'S.
#    Clusters: state (nested in groups: zero cross-covariance) or year
#    (crossing groups: non-zero cross-covariance). chi2(1).
suppressPackageStartupMessages({
  library(sandwich)
})
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "..", "panel", "common.R"))
})
root <- normalizePath(file.path(script_dir(), "..", "..", ".."))
csv <- "tests/reference/data/produc_logs.csv"
d <- read.csv(file.path(root, csv), stringsAsFactors = FALSE)
d$grp <- ifelse(d$region <= 3, "A", ifelse(d$region <= 6, "B", "C"))
d$state_f <- factor(d$state)
d$year_f <- factor(d$year)
slopes <- c("lpcap", "lpc", "lemp", "unemp")
compare <- c("lpcap", "lemp")
groups <- c("A", "B", "C")

group_fit <- function(g) {
  dg <- d[d$grp == g, ]
  dg$state_f <- droplevels(dg$state_f)
  f <- as.formula(paste("lgsp ~", paste(slopes, collapse = " + "), "+ state_f + year_f"))
  m <- lm(f, data = dg)
  list(m = m, data = dg)
}
fits <- lapply(groups, group_fit)
names(fits) <- groups

# Interacted model.
for (g in groups) for (s in slopes) d[[paste0(s, "_", g)]] <- ifelse(d$grp == g, d[[s]], 0)
inter_terms <- as.vector(outer(slopes, groups, paste, sep = "_"))
d$year_grp <- factor(paste(d$year, d$grp))
fi <- as.formula(paste("lgsp ~ 0 +", paste(inter_terms, collapse = " + "), "+ state_f + year_grp"))
mi <- lm(fi, data = d)
stopifnot(all(!is.na(coef(mi)[inter_terms])))
# The interacted slopes equal the per-group slopes (separate FE per group).
for (g in groups) for (s in slopes) {
  stopifnot(abs(coef(mi)[paste0(s, "_", g)] - coef(fits[[g]]$m)[s]) < 1e-9 * (1 + abs(coef(mi)[paste0(s, "_", g)])))
}

interacted_v <- function(cluster, convention) {
  V0 <- vcovCL(mi, cluster = d[[cluster]], type = "HC0", cadjust = FALSE)[inter_terms, inter_terms]
  if (convention == "none") return(list(V = V0, factor = 1, K = NA))
  G <- length(unique(d[[cluster]]))
  N <- nrow(d)
  K <- mi$rank - nlevels(d$state_f) + 1
  fac <- G / (G - 1) * (N - 1) / (N - K)
  list(V = V0 * fac, factor = fac, K = K)
}

stacked_v <- function(cluster) {
  k <- length(slopes)
  cl <- factor(d[[cluster]])
  S <- matrix(0, nlevels(cl), k * length(groups))
  for (gi in seq_along(groups)) {
    m <- fits[[groups[gi]]]$m
    inf <- (estfun(m) %*% bread(m) / nobs(m))[, slopes, drop = FALSE]
    sums <- rowsum(inf, as.character(fits[[groups[gi]]]$data[[cluster]]))
    S[match(rownames(sums), levels(cl)), (gi - 1) * k + seq_len(k)] <- sums
  }
  C <- nlevels(cl)
  V <- C / (C - 1) * crossprod(S)
  nm <- as.vector(outer(slopes, groups, paste, sep = "_"))
  dimnames(V) <- list(nm, nm)
  list(V = V, clusters = C)
}

make_case <- function(cluster, convention) {
  iv <- interacted_v(cluster, convention)
  sv <- stacked_v(cluster)
  diffs <- list()
  for (a in 1:2) for (b in (a + 1):3) for (s in compare) {
    ga <- groups[a]; gb <- groups[b]
    na <- paste0(s, "_", ga); nb <- paste0(s, "_", gb)
    dif <- unname(coef(fits[[ga]]$m)[s] - coef(fits[[gb]]$m)[s])
    vi <- iv$V[na, na] + iv$V[nb, nb] - 2 * iv$V[na, nb]
    vs <- sv$V[na, na] + sv$V[nb, nb] - 2 * sv$V[na, nb]
    diffs[[length(diffs) + 1]] <- list(
      coefficient = s, group_a = ga, group_b = gb, difference = dif,
      interacted_wald = list(statistic = dif^2 / vi, std_error = sqrt(vi),
                             p_value = pchisq(dif^2 / vi, 1, lower.tail = FALSE)),
      seemingly_unrelated = list(statistic = dif^2 / vs, std_error = sqrt(vs),
                                 p_value = pchisq(dif^2 / vs, 1, lower.tail = FALSE),
                                 cross_covariance = unname(sv$V[na, nb])))
  }
  list(name = paste0("two_way_cluster_", cluster, "_", convention),
       cluster_by = I(if (cluster == "state") "entity" else "period"),
       small_sample = convention,
       interacted_factor = iv$factor,
       interacted_K = if (is.na(iv$K)) NULL else iv$K,
       stacked_clusters = sv$clusters,
       differences = diffs)
}

slopes_by_group <- lapply(groups, function(g) {
  cf <- coef(fits[[g]]$m)[slopes]
  list(group = g, n_obs = nobs(fits[[g]]$m), coefficients = as.list(cf))
})

out <- list(
  dataset = "produc", data = csv, entity = "state", period = "year",
  dependent = "lgsp", regressors = I(slopes), compare = I(compare),
  groups_from = "region: 1-3 A, 4-6 B, 7-9 C", fixed_effects = "two_way", estimator = "within",
  generated_by = "tests/reference/mediation/groups_reference.R",
  versions = pkg_versions(c("sandwich")),
  group_slopes = slopes_by_group,
  cases = list(make_case("state", "none"), make_case("state", "stata"),
               make_case("year", "none")))
write_json17(out, file.path(root, "tests/reference/golden/groups_produc.json"))
cat("wrote tests/reference/golden/groups_produc.json\n")

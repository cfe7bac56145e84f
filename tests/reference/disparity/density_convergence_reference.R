# Golden values for the disparity analysis from R:
#  - kernel density estimates per period with stats::density (Gaussian kernel,
#    bw.nrd0 default; also bw.nrd, a fixed bw with adjust, and n = 100 / 1000
#    grid points, which exercise R's grid rules); and one common grid for several
#    periods (density(from =, to =), the smallest min - 3 bw and largest max + 3 bw
#    over the periods, each period's own bw.nrd0; AnalyzeDisparity's common_grid);
#  - beta-convergence regressions of ln(y_{t+1}/y_t) on ln(y_t):
#    absolute = lm (pooled OLS) with sandwich::vcovCL(type = "HC1") clustered by
#    entity, t(G-1) (Stata reg, vce(cluster)); conditional = plm within two-way
#    (+ controls) with vcovHC(arellano, HC0) * G/(G-1) (N-1)/(N-K), K = slopes +
#    number of growth periods (entity FE nested in the cluster not counted, as
#    xtreg y x i.year, fe vce(cluster id)), t(G-1); slope checked against lm with
#    entity and year dummies.
# Writes tests/reference/golden/disparity_density_convergence.json.
suppressPackageStartupMessages({ library(plm); library(sandwich); library(lmtest) })
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])),
                 "..", "panel", "common.R"))
root <- repo_root()

density_cases <- function(d, value, period, periods) {
  out <- list()
  for (t in periods) {
    x <- d[[value]][d[[period]] == t]
    specs <- list(list(rule = "nrd0", n = 512L), list(rule = "nrd", n = 100L),
                  list(rule = "fixed", bw = 0.25 * sd(x), adjust = 1.5, n = 1000L, cut = 2))
    for (s in specs) {
      args <- list(x = x, n = s$n)
      if (s$rule == "fixed") { args$bw <- s$bw; args$adjust <- s$adjust; args$cut <- s$cut }
      else args$bw <- s$rule
      k <- do.call(density, args)
      out[[length(out) + 1]] <- list(period = t, rule = s$rule,
        bandwidth_in = if (is.null(s$bw)) NA else s$bw, adjust = if (is.null(s$adjust)) 1 else s$adjust,
        cut = if (is.null(s$cut)) 3 else s$cut, grid_points = s$n,
        bandwidth = k$bw, x = I(k$x), y = I(k$y))
    }
  }
  out
}

common_grid_case <- function(d, value, period, periods, n = 64L) {
  xs <- lapply(periods, function(t) d[[value]][d[[period]] == t])
  bws <- sapply(xs, bw.nrd0)
  from <- min(mapply(function(x, bw) min(x) - 3 * bw, xs, bws))
  to <- max(mapply(function(x, bw) max(x) + 3 * bw, xs, bws))
  list(periods = I(periods), grid_points = n, from = from, to = to,
       densities = lapply(seq_along(periods), function(i) {
         k <- density(xs[[i]], bw = "nrd0", from = from, to = to, n = n)
         list(period = periods[[i]], bandwidth = k$bw, x = I(k$x), y = I(k$y))
       }))
}

growth_data <- function(d, value, entity, period, controls) {
  d <- d[order(d[[entity]], d[[period]]), ]
  nxt <- ave(d[[value]], d[[entity]], FUN = function(v) c(v[-1], NA))
  nper <- ave(d[[period]], d[[entity]], FUN = function(v) c(v[-1], NA))
  periods <- sort(unique(d[[period]]))
  consecutive <- !is.na(nper) & match(nper, periods) == match(d[[period]], periods) + 1
  g <- data.frame(entity = d[[entity]], period = d[[period]],
                  growth = log(nxt) - log(d[[value]]), lny = log(d[[value]]))
  for (c in controls) g[[c]] <- d[[c]]
  g[consecutive, ]
}

coef_row <- function(est, V, df, name = "lny") {
  se <- sqrt(V[name, name]); t <- est[[name]] / se
  list(estimate = est[[name]], std_error = se, statistic = t, p_value = 2 * pt(-abs(t), df))
}

convergence_case <- function(d, value, entity, period, controls) {
  g <- growth_data(d, value, entity, period, controls)
  G <- length(unique(g$entity)); N <- nrow(g)
  a <- lm(growth ~ lny, data = g)
  Va <- sandwich::vcovCL(a, cluster = ~entity, type = "HC1")
  f <- as.formula(paste("growth ~", paste(c("lny", controls), collapse = " + ")))
  m <- plm(f, data = pdata.frame(g, index = c("entity", "period")), model = "within", effect = "twoways")
  lsdv <- lm(update(f, . ~ . + factor(entity) + factor(period)), data = g)
  stopifnot(abs(coef(lsdv)[["lny"]] - coef(m)[["lny"]]) < 1e-9 * abs(coef(m)[["lny"]]))
  K <- length(coef(m)) + length(unique(g$period))
  Vc <- vcovHC(m, method = "arellano", type = "HC0", cluster = "group") * G / (G - 1) * (N - 1) / (N - K)
  list(controls = I(controls), n_obs = N, clusters = G,
       absolute = coef_row(coef(a), Va, G - 1),
       conditional = coef_row(coef(m), Vc, G - 1))
}

produc <- read.csv(file.path(root, "tests/reference/data/produc.csv"))
demo <- read.csv(file.path(root, "data/demo/study_panel.csv"))
golden <- list(
  versions = pkg_versions(c("stats", "plm", "sandwich")),
  note = "stats::density (R < 4.4 grid, old.coords) and beta-convergence regressions; script tests/reference/disparity/density_convergence_reference.R",
  produc = list(data = "tests/reference/data/produc.csv", value = "gsp", entity = "state", period = "year",
                density = density_cases(produc, "gsp", "year", c(1970L, 1986L)),
                common_grid = common_grid_case(produc, "gsp", "year", c(1970L, 1978L, 1986L)),
                convergence = convergence_case(produc, "gsp", "state", "year", c("unemp"))),
  demo = list(data = "data/demo/study_panel.csv", value = "broadband_ports", entity = "entity", period = "year",
              density = density_cases(demo, "broadband_ports", "year", c(2015L, 2021L)),
              common_grid = common_grid_case(demo, "broadband_ports", "year", c(2015L, 2018L, 2021L)),
              convergence = convergence_case(demo, "broadband_ports", "entity", "year", c("mobile_penetration")))
)
write_json17(golden, file.path(root, "tests/reference/golden/disparity_density_convergence.json"))
cat("wrote disparity_density_convergence.json\n")

# Golden values for the fixed-effects spatial panel models (SAR, SEM, SDM, SAC) from R
# spatialreg through the transformation approach (the "direct approach" of Lee and Yu
# 2010, govmetrics' bias_correction = NONE):
#  1. y, X and WX (W applied period by period to the raw X) are demeaned by entity, by
#     period, or both (balanced panels: x_it - xbar_i. - xbar_.t + xbar_..).
#  2. The N T observations are stacked period by period and fitted by spatialreg's
#     cross-sectional ML with the block-diagonal weights I_T kron W (an nb list with T
#     copies of the contiguity, style "W", so W is similar to symmetric), method "eigen",
#     no intercept: lagsarlm (SAR; SDM = SAR with the demeaned WX columns), errorsarlm
#     (SEM), sacsarlm (SAC), with the asymptotic (information matrix) covariance.
#  3. lm.LMtests (spdep; lm.RStests in newer spatialreg) on the OLS fit of the same data:
#     LMlag, LMerr, RLMlag, RLMerr (Elhorst's panel LM tests).
#  4. impacts() for SAR / SAC; for SDM the LeSage-Pace formula with a dense solve in R
#     (impacts() of lagsarlm type = "mixed" on entity-demeaned data, where W Xtilde is
#     the demeaned WX, is checked to agree).
# The optimisers are run with tight tolerances; the spatial parameter is then polished
# by uniroot on the score of the same profile likelihood (flat likelihoods stop R's
# optimize about 1e-8 from the maximiser) and must agree with spatialreg's to 1e-6.
# Data: plm's Produc (48 US states 1970-1986, log gsp on log pcap, log pc, log emp,
# unemp; US states queen contiguity from tests/reference/data/us_states_contiguity.csv)
# and the 31-province demo panel (data/demo/study_panel.csv; internet_penetration on
# broadband_ports, ln_gdp_per_capita, urbanization; shipped contiguity, Hainan linked
# to Guangdong).
# Writes tests/reference/golden/spatial_panel.json.
suppressPackageStartupMessages({ library(spatialreg); library(spdep) })
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])),
                 "..", "panel", "common.R"))
root <- repo_root()
source(file.path(root, "tests/reference/spatial_panel/spatial_panel_common.R"))

coef_table <- function(est, se) lapply(setNames(seq_along(est), names(est)), function(i) list(estimate = unname(est[i]), std_error = unname(se[i])))

lm_tests <- function(d, lw) {
  fit <- lm(as.formula(paste("y ~", paste(setdiff(names(d), "y"), collapse = " + "), "- 1")), data = d)
  t <- lm.LMtests(fit, lw, test = c("LMlag", "LMerr", "RLMlag", "RLMerr"))
  list(LM_LAG = unname(t$LMlag$statistic), LM_ERROR = unname(t$LMerr$statistic),
       ROBUST_LM_LAG = unname(t$RLMlag$statistic), ROBUST_LM_ERROR = unname(t$RLMerr$statistic),
       LM_LAG_p = t$LMlag$p.value, LM_ERROR_p = t$LMerr$p.value)
}

lesage_pace <- function(W, rho, beta, theta = NULL) {
  n <- nrow(W); S <- solve(diag(n) - rho * W)
  direct <- beta * sum(diag(S)) / n; total <- beta * sum(S) / n
  if (!is.null(theta)) { direct <- direct + theta * sum(diag(S %*% W)) / n; total <- total + theta * sum(S %*% W) / n }
  list(direct = I(unname(direct)), indirect = I(unname(total - direct)), total = I(unname(total)))
}

# Wald tests of the SDM restrictions from spatialreg's covariance (rho, beta, theta):
# theta = 0, and theta + rho beta = 0 by the delta method (Jacobian [beta, rho I, I]).
durbin_wald <- function(m, xs) {
  v <- m$resvar[-1, -1]; cf <- c(m$rho, m$coefficients); k <- length(xs)
  beta <- cf[1 + seq_len(k)]; theta <- cf[1 + k + seq_len(k)]
  vt <- v[1 + k + seq_len(k), 1 + k + seq_len(k)]
  jac <- cbind(beta, m$rho * diag(k), diag(k))
  g <- theta + m$rho * beta
  list(WALD_SDM_SAR = as.numeric(t(theta) %*% solve(vt, theta)),
       WALD_SDM_SEM = as.numeric(t(g) %*% solve(jac %*% v %*% t(jac), g)))
}

# Simulated SEs of the effects (spatialreg impacts, R = 4000 draws, R's generator): a
# Monte Carlo check of govmetrics' seeded simulation, compared within 10 %.
simulated_se <- function(m, lw) {
  set.seed(20261203)
  s <- summary(impacts(m, listw = lw, R = 4000), zstats = TRUE)
  list(draws = 4000, direct = I(unname(s$semat[, 1])), indirect = I(unname(s$semat[, 2])), total = I(unname(s$semat[, 3])))
}

ctl <- list(tol.opt = .Machine$double.eps)
fit_case <- function(p, model, effects) {
  durbin <- model == "SDM"
  d <- stacked(p, effects, durbin)
  f <- as.formula(paste("y ~", paste(setdiff(names(d), "y"), collapse = " + "), "- 1"))
  n <- nrow(d); xs <- names(p$X)
  eig <- eigenw(p$lw)
  if (model %in% c("SAR", "SDM")) {
    m <- lagsarlm(f, data = d, listw = p$lw, method = "eigen", control = c(ctl, list(pre_eig = eig)))
    X <- as.matrix(d[, -1]); wy <- lag.listw(p$lw, d$y)
    prof <- function(r) { e <- residuals(lm.fit(X, d$y - r * wy)); sum(log(1 - r * eig)) - n / 2 * log(sum(e^2) / n) }
    rho <- polish(prof, unname(m$rho), m$interval[1], m$interval[2])
    beta <- coef(lm.fit(X, d$y - rho * wy)); s2 <- sum(residuals(lm.fit(X, d$y - rho * wy))^2) / n
    est <- c(rho = rho, beta); se <- c(m$rho.se, m$rest.se)
    ll <- prof(rho) - n / 2 * (log(2 * pi) + 1)
    imp <- if (durbin) lesage_pace(p$W, rho, beta[xs], beta[paste0("W_", xs)]) else {
      i <- impacts(m, listw = p$lw); lp <- lesage_pace(p$W, rho, beta)
      stopifnot(max(abs(unname(i$direct) - lp$direct)) < 1e-6 * max(1, abs(lp$direct))); lp }
  } else if (model == "SEM") {
    m <- errorsarlm(f, data = d, listw = p$lw, method = "eigen", control = c(ctl, list(pre_eig = eig)))
    X <- as.matrix(d[, -1]); WX <- apply(X, 2, function(v) lag.listw(p$lw, v)); wy <- lag.listw(p$lw, d$y)
    fitl <- function(l) lm.fit(X - l * WX, d$y - l * wy)
    prof <- function(l) sum(log(1 - l * eig)) - n / 2 * log(sum(residuals(fitl(l))^2) / n)
    lambda <- polish(prof, unname(m$lambda), m$interval[1], m$interval[2])
    beta <- coef(fitl(lambda)); s2 <- sum(residuals(fitl(lambda))^2) / n
    est <- c(lambda = lambda, beta); se <- c(m$lambda.se, m$rest.se)
    ll <- prof(lambda) - n / 2 * (log(2 * pi) + 1); imp <- NULL
  } else {
    m <- sacsarlm(f, data = d, listw = p$lw, method = "eigen",
                  control = list(pre_eig1 = eig, pre_eig2 = eig, opt_control = list(rel.tol = 1e-15, x.tol = 1e-12)))
    X <- as.matrix(d[, -1]); WX <- apply(X, 2, function(v) lag.listw(p$lw, v))
    wy <- lag.listw(p$lw, d$y); w2y <- lag.listw(p$lw, wy)
    inner <- function(l) {  # max over rho for fixed lambda
      pr <- function(r) { e <- residuals(lm.fit(X - l * WX, d$y - r * wy - l * wy + r * l * w2y))
        sum(log(1 - r * eig)) + sum(log(1 - l * eig)) - n / 2 * log(sum(e^2) / n) }
      o <- optimize(pr, c(-0.99, 0.99), maximum = TRUE, tol = 1e-12); list(rho = o$maximum, value = pr(o$maximum), pr = pr)
    }
    lambda <- polish(function(l) inner(l)$value, unname(m$lambda), -0.99, 0.99)
    pr <- inner(lambda)$pr; rho <- polish(pr, inner(lambda)$rho, -0.99, 0.99)
    stopifnot(abs(rho - m$rho) < 1e-5)
    fitf <- lm.fit(X - lambda * WX, d$y - rho * wy - lambda * wy + rho * lambda * w2y)
    beta <- coef(fitf); s2 <- sum(residuals(fitf)^2) / n
    est <- c(rho = rho, lambda = lambda, beta); se <- c(m$rho.se, m$lambda.se, m$rest.se)
    ll <- pr(rho) - n / 2 * (log(2 * pi) + 1)
    i <- impacts(m, listw = p$lw); imp <- lesage_pace(p$W, rho, beta)
    stopifnot(max(abs(unname(i$direct) - imp$direct)) < 1e-4 * max(1, abs(imp$direct)))
  }
  stopifnot(abs(ll - as.numeric(logLik(m))) < 1e-6 * abs(ll))
  names(est) <- sub("^W_", "W*", names(est))
  out <- list(model = model, effects = effects, coefficients = coef_table(est, se),
              sigma2 = s2, spatialreg_sigma2 = m$s2, log_likelihood = ll, spatialreg_log_likelihood = as.numeric(logLik(m)),
              spatialreg_estimates = as.list(setNames(unname(c(if (!is.null(m$rho)) m$rho, if (!is.null(m$lambda)) m$lambda, m$coefficients)),
                                                      sub("^W_", "W*", names(est)))))
  if (!is.null(imp)) out$impacts <- c(list(names = I(xs)), imp)
  if (durbin) out$wald <- durbin_wald(m, xs)
  if (model == "SAR" && effects == "ENTITY") out$simulated_impact_se <- simulated_se(m, p$lw)
  if (model == "SAR") out$lm_tests <- lm_tests(stacked(p, effects, FALSE), p$lw)
  out
}

cases <- list()
run <- function(name, p, models, effects_list, data) {
  for (effects in effects_list) for (model in models) {
    cat(name, model, effects, "\n")
    cases[[length(cases) + 1]] <<- c(list(name = paste(name, tolower(model), tolower(effects), sep = "_"), data = data), fit_case(p, model, effects))
  }
}

p_us <- produc_panel(root)
run("produc", p_us, c("SAR", "SEM", "SDM", "SAC"), c("ENTITY", "PERIOD", "TWO_WAY"), "produc")

p_cn <- demo_panel(root)
run("demo", p_cn, c("SAR", "SEM", "SDM", "SAC"), c("ENTITY", "TWO_WAY"), "demo")

# SDM impacts straight from spatialreg: type = "mixed" on entity-demeaned data.
d <- stacked(p_us, "ENTITY", FALSE)
mx <- lagsarlm(y ~ lpcap + lpc + lemp + unemp - 1, data = d, listw = p_us$lw, type = "mixed", method = "eigen", control = ctl)
imx <- impacts(mx, listw = p_us$lw)
sdm <- cases[[which(vapply(cases, function(c) c$name, "") == "produc_sdm_entity")]]
stopifnot(max(abs(unname(imx$direct) - sdm$impacts$direct)) < 1e-6, max(abs(unname(imx$indirect) - sdm$impacts$indirect)) < 1e-6)

write_json17(list(generated_by = "tests/reference/spatial_panel/spatial_panel_reference.R",
                  versions = pkg_versions(c("spatialreg", "spdep")), cases = cases),
             file.path(root, "tests/reference/golden/spatial_panel.json"))

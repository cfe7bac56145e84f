# Golden values for the observed-information covariance of the fixed-effects spatial
# panel models (govmetrics' covariance = OBSERVED_HESSIAN; docs/methods/spatial_panel.md,
# "Standard errors"), on the 20 fits of spatial_panel_reference.R (Produc and the demo,
# SAR / SEM / SDM / SAC, direct approach on the demeaned, stacked data with I_T kron W).
# At the estimates of tests/reference/golden/spatial_panel.json, for the parameters
# (rho, lambda, beta, sigma^2) of ln L = T sum ln(1 - rho w_i) + T sum ln(1 - lambda w_i)
# - (n / 2) ln(2 pi sigma^2) - |B (y - rho W y - X beta)|^2 / (2 sigma^2):
#  1. minus the analytical Hessian (dense, w_i the eigenvalues of W), inverted: the
#     golden standard errors;
#  2. numDeriv::hessian (Richardson extrapolation) of the same ln L, whose standard errors
#     must agree with 1. to 1e-6 (relative), so the golden values do not rest on the
#     formulas alone;
#  3. spatialreg's own numerical Hessian (control fdHess = TRUE with method "eigen":
#     lagsarlm through optimHess, errorsarlm and sacsarlm through nlme::fdHess, all of the
#     likelihood with sigma^2 concentrated out), recorded with its largest relative
#     difference from 1. (the step error of a finite-difference Hessian).
# Writes tests/reference/golden/spatial_panel_observed.json.
suppressPackageStartupMessages({ library(spatialreg); library(spdep) })
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])),
                 "..", "panel", "common.R"))
root <- repo_root()
source(file.path(root, "tests/reference/spatial_panel/spatial_panel_common.R"))
golden <- jsonlite::fromJSON(file.path(root, "tests/reference/golden/spatial_panel.json"), simplifyVector = FALSE)

# The log-likelihood at theta = (rho, lambda, beta, s2) (rho / lambda only when present).
loglik <- function(theta, m) {
  rho <- if (m$has_rho) theta[1] else 0; lambda <- if (m$has_lambda) theta[1 + m$has_rho] else 0
  k <- ncol(m$X); beta <- theta[m$has_rho + m$has_lambda + seq_len(k)]; s2 <- theta[length(theta)]
  u <- m$y - rho * m$wy - as.vector(m$X %*% beta); e <- u - lambda * m$lag(u)
  m$t * sum(log(1 - rho * m$ev)) + m$t * sum(log(1 - lambda * m$ev)) - m$n / 2 * log(2 * pi * s2) - sum(e^2) / (2 * s2)
}

# Minus the analytical Hessian of loglik at theta.
observed <- function(theta, m) {
  rho <- if (m$has_rho) theta[1] else 0; lambda <- if (m$has_lambda) theta[1 + m$has_rho] else 0
  k <- ncol(m$X); r <- m$has_rho; l <- m$has_lambda; bi <- r + l + seq_len(k); si <- r + l + k + 1
  beta <- theta[bi]; s2 <- theta[si]
  u <- m$y - rho * m$wy - as.vector(m$X %*% beta); wu <- m$lag(u); e <- u - lambda * wu
  wwy <- m$lag(m$wy); bwy <- m$wy - lambda * wwy
  wx <- apply(m$X, 2, m$lag); bx <- m$X - lambda * wx
  curv <- function(a) m$t * sum((m$ev / (1 - a * m$ev))^2)
  o <- matrix(0, si, si)
  o[bi, bi] <- crossprod(bx) / s2; o[bi, si] <- o[si, bi] <- crossprod(bx, e) / s2^2
  o[si, si] <- sum(e^2) / s2^3 - m$n / (2 * s2^2)
  if (r) { o[1, 1] <- curv(rho) + sum(bwy^2) / s2; o[1, bi] <- o[bi, 1] <- crossprod(bx, bwy) / s2
           o[1, si] <- o[si, 1] <- sum(bwy * e) / s2^2 }
  if (l) { j <- r + 1; o[j, j] <- curv(lambda) + sum(wu^2) / s2
           o[j, bi] <- o[bi, j] <- (crossprod(wx, e) + crossprod(bx, wu)) / s2; o[j, si] <- o[si, j] <- sum(wu * e) / s2^2 }
  if (r && l) o[1, 2] <- o[2, 1] <- (sum(wwy * e) + sum(bwy * wu)) / s2
  o
}

# spatialreg's numerical-Hessian covariance over (rho, lambda, beta), in our order.
spatialreg_numerical <- function(model, f, d, lw, eig) {
  ctl <- list(pre_eig = eig, fdHess = TRUE)
  if (model %in% c("SAR", "SDM")) {
    fit <- lagsarlm(f, data = d, listw = lw, method = "eigen", control = c(ctl, list(optimHess = TRUE)))
  } else if (model == "SEM") {  # not optimHess: spatialreg 1.2-6's getVmate would differentiate the lag likelihood
    fit <- errorsarlm(f, data = d, listw = lw, method = "eigen", control = ctl)
  } else {
    fit <- sacsarlm(f, data = d, listw = lw, method = "eigen",
                    control = list(pre_eig1 = eig, pre_eig2 = eig, fdHess = TRUE, opt_control = list(rel.tol = 1e-15, x.tol = 1e-12)))
  }
  sqrt(diag(fit$fdHess))
}

observed_case <- function(case, p) {
  model <- case$model; effects <- case$effects
  d <- stacked(p, effects, model == "SDM"); n_ent <- nrow(p$W); t <- ncol(p$Y)
  m <- list(y = d$y, X = as.matrix(d[, -1]), n = nrow(d), t = t, has_rho = model != "SEM", has_lambda = model %in% c("SEM", "SAC"),
            ev = Re(eigen(p$W, only.values = TRUE)$values), lag = function(v) as.vector(p$W %*% matrix(v, n_ent, t)))
  m$wy <- m$lag(m$y)
  names_ <- names(case$coefficients)
  theta <- c(vapply(case$coefficients, function(c) c$estimate, 0), sigma2 = case$sigma2)
  se <- sqrt(diag(solve(observed(theta, m))))
  se_nd <- sqrt(diag(solve(-numDeriv::hessian(function(th) loglik(th, m), theta))))
  nd_diff <- max(abs(se_nd / se - 1))
  stopifnot(nd_diff < 1e-6)
  f <- as.formula(paste("y ~", paste(setdiff(names(d), "y"), collapse = " + "), "- 1"))
  sr <- spatialreg_numerical(model, f, d, p$lw, eigenw(p$lw))
  k <- length(names_)
  list(name = case$name, data = case$data, model = model, effects = effects,
       std_errors = as.list(setNames(se[seq_len(k)], names_)), sigma2_std_error = se[k + 1],
       numderiv_std_errors = as.list(setNames(se_nd[seq_len(k)], names_)), numderiv_sigma2_std_error = se_nd[k + 1],
       numderiv_max_relative_difference = nd_diff,
       spatialreg_numerical_std_errors = as.list(setNames(unname(sr), names_)),
       spatialreg_numerical_max_relative_difference = max(abs(sr / se[seq_len(k)] - 1)))
}

panels <- list(produc = produc_panel(root), demo = demo_panel(root))
cases <- lapply(golden$cases, function(case) {
  out <- observed_case(case, panels[[case$data]])
  cat(sprintf("%-26s numDeriv %.1e  spatialreg numerical Hessian %.1e\n", out$name,
              out$numderiv_max_relative_difference, out$spatialreg_numerical_max_relative_difference))
  out
})
write_json17(list(generated_by = "tests/reference/spatial_panel/observed_information_reference.R",
                  versions = pkg_versions(c("spatialreg", "spdep", "numDeriv")), cases = cases),
             file.path(root, "tests/reference/golden/spatial_panel_observed.json"))

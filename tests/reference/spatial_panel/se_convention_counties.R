# Why SE(rho) of govmetrics and spatialreg differ on the simulated counties of
# bench/spatial_panel (docs/methods/spatial_panel.md, "Standard errors"; docs/performance.md,
# "Spatial panel SDM vs spatialreg"). lagsarlm with method = "Matrix" above 1500
# observations (its control small = 1500) does not use the asymptotic covariance: it
# inverts a numerical Hessian, nlme's fdHess of the likelihood with sigma^2 concentrated
# out, whose log-determinant comes from the sparse Cholesky. This script computes, at
# spatialreg's estimates, with one period's dense N x N inverse (so N up to a few
# thousand):
#   expected  the expected information, traces tr(G^2) and tr(G'G) exact (what
#             govmetrics reports by default; spatialreg's "eigen" formula);
#   observed  the observed information, minus the analytical Hessian (tr(G^2) and
#             |W y|^2 / s2 instead of the expectation);
#   fdHess / numDeriv of the same concentrated likelihood with the exact log-determinant
#             from the eigenvalues and with spatialreg's Cholesky log-determinant,
# and the rounding noise of the Cholesky log-determinant near rho, which fdHess divides
# by its step squared ((eps^(1/3) |rho|)^2, about 6e-12).
# Usage: Rscript se_convention_counties.R PANEL_CSV EDGES_CSV   (make_counties.py DIR N T)
suppressPackageStartupMessages({ library(spatialreg); library(spdep); library(Matrix) })
args <- commandArgs(trailingOnly = TRUE)
here <- dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1]))
source(file.path(here, "..", "..", "..", "bench", "spatial_panel", "counties_data.R"))
cd <- counties_data(args[1], args[2]); d <- cd$d; W <- cd$W; n <- cd$n; t <- cd$t; N <- n * t
fit <- lagsarlm(y ~ x1 + x2 + w_x1 + w_x2 - 1, data = d, listw = cd$lw, method = "Matrix")
rho <- fit$rho; beta <- coef(fit)[-1]; s2 <- fit$s2
X <- as.matrix(d[, -1]); y <- d$y; k <- ncol(X)
lag <- function(v) as.vector(W %*% matrix(v, n, t))
wy <- lag(y); e <- y - rho * wy - as.vector(X %*% beta)
G <- as.matrix(W %*% solve(diag(n) - rho * as.matrix(W)))
tr_g <- t * sum(diag(G)); tr_gg <- t * sum(G * t(G)); tr_gtg <- t * sum(G * G)
gxb <- as.vector(G %*% matrix(X %*% beta, n, t))
info <- function(rr, rs) {  # (rho, beta, sigma^2)
  m <- matrix(0, k + 2, k + 2); b <- 2:(k + 1)
  m[1, 1] <- rr; m[1, k + 2] <- m[k + 2, 1] <- rs
  m[b, b] <- crossprod(X) / s2; m[k + 2, k + 2] <- N / (2 * s2^2)
  m
}
expected <- info(tr_gg + tr_gtg + sum(gxb^2) / s2, tr_g / s2)
expected[1, 2:(k + 1)] <- expected[2:(k + 1), 1] <- crossprod(X, gxb) / s2
observed <- info(tr_gg + sum(wy^2) / s2, sum(wy * e) / s2^2)
observed[1, 2:(k + 1)] <- observed[2:(k + 1), 1] <- crossprod(X, wy) / s2
observed[2:(k + 1), k + 2] <- observed[k + 2, 2:(k + 1)] <- crossprod(X, e) / s2^2
observed[k + 2, k + 2] <- sum(e^2) / s2^3 - N / (2 * s2^2)
ldet_exact <- function(r) t * sum(log(1 - r * ev))
ev <- Re(eigen(as.matrix(W), only.values = TRUE)$values)
# spatialreg's own Hessian machinery (getVmatl -> nlme::fdHess of f_laglm_hess) on an
# environment set up as lagsarlm sets it, with either log-determinant.
hess_env <- function(method) {
  env <- new.env()
  for (v in c("y", "wy", "n", "listw", "interval", "family", "verbose", "compiled_sse", "can.sim", "similar",
              "f_calls", "hf_calls", "x"))
    assign(v, switch(v, y = y, wy = wy, n = N, listw = cd$lw, interval = fit$interval, family = "SAR", verbose = FALSE,
                     compiled_sse = FALSE, can.sim = TRUE, similar = FALSE, f_calls = 0L, hf_calls = 0L, x = X), envir = env)
  # eigen: the eigenvalues of I_T kron W are T copies of W's (no dense N T x N T problem)
  spatialreg:::jacobianSetup(method, env, list(Imult = 2, super = NULL),
                             pre_eig = if (method == "eigen") rep(ev, t), interval = fit$interval)
  env
}
spatialreg_cov <- function(method) spatialreg:::getVmatl(c(rho, beta), hess_env(method), s2, NULL, .Machine$double.eps)
env_chol <- hess_env("Matrix")
ldet_cholesky <- function(r) spatialreg:::do_ldet(r, env_chol)
concentrated <- function(p, ldet) { r <- p[1]; res <- y - r * wy - X %*% p[-1]
  ldet(r) - N / 2 * (log(2 * pi) + 1) - N / 2 * log(sum(res^2) / N) }
p0 <- c(rho, beta)
se_rho <- function(h) sqrt(solve(-h)[1, 1])
cat(sprintf("N = %d, T = %d, rho = %.10f (lagsarlm Matrix)\n", n, t, rho))
cat(sprintf("SE(rho) spatialreg reported (fdHess, Cholesky log-det): %.6f\n", fit$rho.se))
cat(sprintf("SE(rho) expected information (exact traces):            %.6f\n", sqrt(solve(expected)[1, 1])))
cat(sprintf("SE(rho) observed information (analytical Hessian):      %.6f\n", sqrt(solve(observed)[1, 1])))
cat(sprintf("SE(rho) numDeriv::hessian, exact log-det:               %.6f\n", se_rho(numDeriv::hessian(concentrated, p0, ldet = ldet_exact))))
cat(sprintf("SE(rho) spatialreg getVmatl (fdHess), Cholesky log-det: %.6f\n", sqrt(spatialreg_cov("Matrix")[1, 1])))
cat(sprintf("SE(rho) spatialreg getVmatl (fdHess), eigen log-det:    %.6f\n", sqrt(spatialreg_cov("eigen")[1, 1])))
noise <- sapply(c(-2, -1, 1, 2) * 2.4e-6, function(h) ldet_cholesky(rho + h) - ldet_exact(rho + h))
cat(sprintf("Cholesky - exact log-det at rho +- 2.4e-6 .. 4.8e-6: %s (fdHess divides by %.2g)\n",
            paste(sprintf("%.2e", noise), collapse = " "), (.Machine$double.eps^(1 / 3) * rho)^2))
cat(sprintf("curvature of rho: expected %.6g, observed %.6g (|Wy|^2/s2 %.6g vs E = tr(G'G) + |GXb|^2/s2 %.6g)\n",
            expected[1, 1], observed[1, 1], sum(wy^2) / s2, tr_gtg + sum(gxb^2) / s2))

# Two-way FE with entity-clustered SEs in R plm (and estimatr when asked), timing only the
# fit. Usage: Rscript fit_plm.R FILE.bin [estimatr]
suppressPackageStartupMessages({library(plm); library(sandwich); library(lmtest)})
args <- commandArgs(trailingOnly = TRUE)
con <- file(args[1], "rb"); raw <- readBin(con, "double", n = file.info(args[1])$size / 8); close(con)
m <- matrix(raw, ncol = 8, byrow = TRUE)
d <- data.frame(entity = m[, 1], period = m[, 2], y = m[, 3], x1 = m[, 4], x2 = m[, 5],
                x3 = m[, 6], x4 = m[, 7], x5 = m[, 8])
pd <- pdata.frame(d, index = c("entity", "period"))
t0 <- Sys.time()
fit <- plm(y ~ x1 + x2 + x3 + x4 + x5, data = pd, model = "within", effect = "twoways")
v <- vcovHC(fit, method = "arellano", type = "sss", cluster = "group")
se <- sqrt(diag(v))
elapsed <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
cat(sprintf("plm rows=%d seconds=%.3f b1=%.10f se1=%.10f\n", nrow(d), elapsed, coef(fit)[1], se[1]))
if (length(args) > 1 && args[2] == "estimatr") {
  suppressPackageStartupMessages(library(estimatr))
  t0 <- Sys.time()
  e <- lm_robust(y ~ x1 + x2 + x3 + x4 + x5, data = d, fixed_effects = ~ entity + period,
                 clusters = entity, se_type = "stata")
  elapsed <- as.numeric(difftime(Sys.time(), t0, units = "secs"))
  cat(sprintf("estimatr rows=%d seconds=%.3f b1=%.10f\n", nrow(d), elapsed, coef(e)[1]))
}

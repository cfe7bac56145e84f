#!/usr/bin/Rscript
# Golden Hausman tests for the study's baseline section on the Produc study
# (data/produc/study_spec.json on data/produc/produc_study.csv): plm::phtest, fixed vs
# random effects, on the study's baseline regression
#   lgsp ~ public_infrastructure + lemp + unemp
# where public_infrastructure is the spec's entropy index (hwy, water, util; pooled,
# flat, shift 1e-4: docs/methods/index.md), recomputed here in R, not read from
# govmetrics.
#   classic:      phtest(within, random), individual effects, each model's own
#                 classical covariance, chi-square with df = number of common slopes.
#   classic_year: the same with period dummies (factor(year)) in both models: the test
#                 the report runs when the baseline has period effects.
#   aux_cluster:  phtest(method = "aux") with vcovHC(method = "arellano") (the
#                 regression-based test, robust to within-entity correlation).
# The report's baseline is two-way: its classic test is classic_year, its regression-based
# test aux_cluster.
# Writes tests/reference/golden/study_hausman_produc.json.
#
# Usage: /usr/bin/Rscript tests/reference/study/hausman_produc.R

suppressPackageStartupMessages(library(plm))
source(file.path(local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  dirname(normalizePath(f))
}), "..", "panel", "common.R"))

root <- repo_root()
d <- read.csv(file.path(root, "data", "produc", "produc_study.csv"))

# Entropy index, pooled over all rows, flat hierarchy, shift s = 1e-4 where p is formed;
# scores on the unshifted min-max values (docs/methods/index.md, sections 1-2).
entropy_index <- function(x, shift = 1e-4) {
  z <- apply(x, 2, function(v) (v - min(v)) / (max(v) - min(v)))
  zs <- z + shift
  p <- sweep(zs, 2, colSums(zs), "/")
  e <- -colSums(p * log(p)) / log(nrow(x))
  w <- (1 - e) / sum(1 - e)
  list(weights = w, scores = as.vector(z %*% w))
}

index <- entropy_index(as.matrix(d[, c("hwy", "water", "util")]))
d$public_infrastructure <- index$scores
p <- pdata.frame(d, index = c("state", "year"))

classic <- phtest(lgsp ~ public_infrastructure + lemp + unemp, data = p)
classic_year <- phtest(lgsp ~ public_infrastructure + lemp + unemp + factor(year), data = p)
fe <- plm(lgsp ~ public_infrastructure + lemp + unemp, data = p, model = "within")
aux <- phtest(lgsp ~ public_infrastructure + lemp + unemp, data = p, method = "aux",
              vcov = function(x) vcovHC(x, method = "arellano"))
# The same test with explicit dummy columns (one per year but the first, as the report
# adds them) gives the same statistic. The regression-based test cannot take period
# dummies: in a balanced panel their within-transformed columns are linear combinations
# of the quasi-demeaned ones and the intercept (phtest(method = "aux") fails on them), so
# the report runs it on the baseline regressors only (case aux_cluster).
years <- sort(unique(d$year))[-1]
for (y in years) d[[paste0("y", y)]] <- as.numeric(d$year == y)
p <- pdata.frame(d, index = c("state", "year"))
f_year <- as.formula(paste("lgsp ~ public_infrastructure + lemp + unemp +",
                           paste0("y", years, collapse = " + ")))
stopifnot(abs(phtest(f_year, data = p)$statistic - classic_year$statistic) < 1e-8)

case <- function(name, test) {
  list(name = name, statistic = unname(test$statistic), df = unname(test$parameter),
       p_value = unname(test$p.value))
}
doc <- list(
  generator = "tests/reference/study/hausman_produc.R",
  plm_version = as.character(packageVersion("plm")),
  data = "data/produc/produc_study.csv",
  spec = "data/produc/study_spec.json",
  index_weights = I(unname(index$weights)),
  cases = list(case("classic", classic), case("classic_year", classic_year),
               case("aux_cluster", aux)))
out <- file.path(root, "tests", "reference", "golden", "study_hausman_produc.json")
writeLines(to_json(doc), out)
cat("wrote", out, "\n")

# The simulated counties (bench/spatial_panel/make_counties.py) as spatialreg fits them,
# shared by fit_spatialreg.R and tests/reference/spatial_panel/se_convention_counties.R:
# y, X and WX demeaned by entity and period, stacked period by period, with W (one
# period's N x N, row-standardised) and lw = nb2listw of I_T kron W (style "W" of T
# copies of the symmetric neighbour graph). counties_data(panel_csv, edges_csv) returns
# list(d, W, lw, n, t).
counties_data <- function(panel_csv, edges_csv) {
  panel <- read.csv(panel_csv); edges <- read.csv(edges_csv)
  ids <- sort(unique(panel$entity)); periods <- sort(unique(panel$year))
  n <- length(ids); t <- length(periods)
  mat <- function(v) { m <- matrix(NA_real_, n, t); m[cbind(match(panel$entity, ids), match(panel$year, periods))] <- panel[[v]]; m }
  a <- match(edges$entity_a, ids); b <- match(edges$entity_b, ids)
  nb <- lapply(seq_len(n), function(i) sort(c(b[a == i], a[b == i])))
  class(nb) <- "nb"; attr(nb, "region.id") <- ids; attr(nb, "sym") <- TRUE
  W <- as(nb2listw(nb, style = "W"), "CsparseMatrix")
  big <- unlist(lapply(seq_len(t), function(k) lapply(nb, function(v) as.integer(v + (k - 1) * n))), recursive = FALSE)
  class(big) <- "nb"; attr(big, "region.id") <- as.character(seq_len(n * t)); attr(big, "sym") <- TRUE
  lw <- nb2listw(big, style = "W")
  demean <- function(m) sweep(m - rowMeans(m), 2, colMeans(m)) + mean(m)
  d <- data.frame(y = as.vector(demean(mat("y"))), x1 = as.vector(demean(mat("x1"))), x2 = as.vector(demean(mat("x2"))),
                  w_x1 = as.vector(demean(as.matrix(W %*% mat("x1")))), w_x2 = as.vector(demean(as.matrix(W %*% mat("x2")))))
  list(d = d, W = W, lw = lw, n = n, t = t)
}

# Shared by the spatial panel reference scripts (sourced after ../panel/common.R): the
# neighbour lists, the fixed-effects demeaning and stacking of the direct approach
# (docs/methods/spatial_panel.md), the polish of a profile maximiser, and the two
# datasets (Produc with the US states' queen contiguity; the 31-province demo with the
# shipped contiguity, Hainan linked to Guangdong).
edges_nb <- function(ids, a, b) {
  nb <- lapply(ids, function(p) sort(match(c(b[a == p], a[b == p]), ids)))
  nb <- lapply(nb, function(v) if (length(v)) as.integer(v) else 0L)
  class(nb) <- "nb"; attr(nb, "region.id") <- ids; attr(nb, "sym") <- TRUE
  nb
}
stack_nb <- function(nb, t) {
  n <- length(nb)
  out <- unlist(lapply(seq_len(t), function(k) lapply(nb, function(v) as.integer(v + (k - 1) * n))), recursive = FALSE)
  class(out) <- "nb"; attr(out, "region.id") <- as.character(seq_len(n * t)); attr(out, "sym") <- TRUE
  out
}
demean <- function(m, effects) {  # m: N x T
  out <- m
  if (effects != "PERIOD") out <- out - rowMeans(m)
  if (effects != "ENTITY") out <- sweep(out, 2, colMeans(m))
  if (effects == "TWO_WAY") out <- out + mean(m)
  out
}

prepare <- function(df, entity, period, y, xs, ids, nb) {
  periods <- sort(unique(df[[period]]))
  mat <- function(v) { m <- matrix(NA_real_, length(ids), length(periods))
    m[cbind(match(df[[entity]], ids), match(df[[period]], periods))] <- df[[v]]; stopifnot(!anyNA(m)); m }
  W <- nb2mat(nb, style = "W")
  list(ids = ids, periods = periods, Y = mat(y), X = lapply(setNames(xs, xs), mat), W = W, nb = nb,
       lw = nb2listw(stack_nb(nb, length(periods)), style = "W"))
}

stacked <- function(p, effects, durbin) {
  d <- data.frame(y = as.vector(demean(p$Y, effects)))
  for (v in names(p$X)) d[[v]] <- as.vector(demean(p$X[[v]], effects))
  if (durbin) for (v in names(p$X)) d[[paste0("W_", v)]] <- as.vector(demean(p$W %*% p$X[[v]], effects))
  d
}

# Polished maximiser of the profile log-likelihood (score root near spatialreg's value).
polish <- function(profile, start, lower, upper) {
  score <- function(a) { h <- 1e-6 * max(1, abs(a)); (profile(a + h) - profile(a - h)) / (2 * h) }
  r <- uniroot(score, c(max(lower, start - 1e-4), min(upper, start + 1e-4)), tol = 1e-15)$root
  stopifnot(abs(r - start) < 1e-6)
  r
}

produc_panel <- function(root) {
  produc <- read.csv(file.path(root, "tests/reference/data/produc_logs.csv"))
  cont <- read.csv(file.path(root, "tests/reference/data/us_states_contiguity.csv"))
  us_ids <- sort(unique(produc$state))
  prepare(produc, "state", "year", "lgsp", c("lpcap", "lpc", "lemp", "unemp"), us_ids,
          edges_nb(us_ids, cont$state_a, cont$state_b))
}

demo_panel <- function(root) {
  demo <- read.csv(file.path(root, "data/demo/study_panel.csv"))
  ccont <- read.csv(file.path(root, "data/regions/china_province_contiguity.csv"))
  ccont <- ccont[ccont$kind %in% c("land", "hainan_guangdong"), ]
  prov <- read.csv(file.path(root, "data/regions/china_provinces.csv"))$entity
  prepare(demo, "entity", "year", "internet_penetration", c("broadband_ports", "ln_gdp_per_capita", "urbanization"),
          prov, edges_nb(prov, ccont$entity_a, ccont$entity_b))
}

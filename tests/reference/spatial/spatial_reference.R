# Golden values for spatial weights and spatial autocorrelation from R spdep.
#  1. Exports the contiguity of the 48 contiguous US states of plm's Produc (queen
#     contiguity of spData::us_states polygons, US Census Bureau cartographic boundaries,
#     District of Columbia dropped) as tests/reference/data/us_states_contiguity.csv and
#     their centroids (EPSG:5070 Albers equal area, km) as us_states_centroids.csv.
#  2. For Produc's unemployment rate (1970, 1986) and the demo panel's broadband ports
#     (2015, 2021, with data/regions/china_province_contiguity.csv and capitals):
#     moran.test and geary.test (randomisation TRUE and FALSE), localmoran (spdep
#     defaults), under several weights: contiguity row-standardised ("W") and binary
#     ("B"), k nearest neighbours (k = 4, "W"), inverse distance (1/d within a cut-off,
#     "W"); for China also Hainan left as an island (zero.policy, adjust.n = TRUE).
# Writes tests/reference/golden/spatial_autocorrelation.json.
suppressPackageStartupMessages({ library(spdep); library(sf); library(spData) })
source(file.path(dirname(sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE)[1])),
                 "..", "panel", "common.R"))
root <- repo_root()

# ---- US states: names as in Produc ("NEW_YORK", and Produc's spelling "TENNESSE").
us <- us_states[us_states$NAME != "District of Columbia", ]
us$state <- toupper(gsub(" ", "_", us$NAME))
us$state[us$state == "TENNESSEE"] <- "TENNESSE"
produc <- read.csv(file.path(root, "tests/reference/data/produc.csv"))
stopifnot(setequal(us$state, unique(produc$state)))
us <- us[order(us$state), ]
nb_us <- poly2nb(us, queen = TRUE)
edges <- do.call(rbind, lapply(seq_along(nb_us), function(i) {
  j <- nb_us[[i]]; j <- j[j > i]
  if (length(j)) data.frame(state_a = us$state[i], state_b = us$state[j]) else NULL
}))
write_csv17(edges, file.path(root, "tests/reference/data/us_states_contiguity.csv"))
xy <- st_coordinates(st_centroid(st_geometry(st_transform(us, 5070)))) / 1000
cent <- data.frame(state = us$state, x_km = xy[, 1], y_km = xy[, 2])
write_csv17(cent, file.path(root, "tests/reference/data/us_states_centroids.csv"))

# ---- China: shipped contiguity and capitals.
prov <- read.csv(file.path(root, "data/regions/china_provinces.csv"))$entity
cont <- read.csv(file.path(root, "data/regions/china_province_contiguity.csv"))
caps <- read.csv(file.path(root, "data/regions/china_province_capitals.csv"))
china_nb <- function(kinds) {
  e <- cont[cont$kind %in% kinds, ]
  nb <- lapply(prov, function(p) sort(match(c(e$entity_b[e$entity_a == p], e$entity_a[e$entity_b == p]), prov)))
  nb <- lapply(nb, function(v) if (length(v)) as.integer(v) else 0L)
  class(nb) <- "nb"; attr(nb, "region.id") <- prov; attr(nb, "type") <- "queen"; attr(nb, "sym") <- TRUE
  nb
}
haversine_km <- function(lon, lat) {
  r <- pi / 180; n <- length(lon); d <- matrix(0, n, n)
  for (i in 1:n) for (j in 1:n) {
    a <- sin((lat[j] - lat[i]) * r / 2)^2 + cos(lat[i] * r) * cos(lat[j] * r) * sin((lon[j] - lon[i]) * r / 2)^2
    d[i, j] <- 2 * 6371.0088 * asin(min(1, sqrt(a)))
  }
  d
}

inverse_distance_listw <- function(d, cutoff, power = 1) {
  nb <- lapply(seq_len(nrow(d)), function(i) { j <- which(d[i, ] <= cutoff & seq_len(nrow(d)) != i); if (length(j)) j else 0L })
  class(nb) <- "nb"
  glist <- lapply(seq_along(nb), function(i) if (nb[[i]][1] == 0L) numeric(0) else d[i, nb[[i]]]^-power)
  nb2listw(nb, glist = glist, style = "W", zero.policy = TRUE)
}

tests <- function(x, lw) {
  out <- list()
  for (rand in c(TRUE, FALSE)) {
    m <- moran.test(x, lw, randomisation = rand, zero.policy = TRUE, alternative = "greater")
    g <- geary.test(x, lw, randomisation = rand, zero.policy = TRUE, alternative = "greater")
    m2 <- moran.test(x, lw, randomisation = rand, zero.policy = TRUE, alternative = "two.sided")
    g2 <- geary.test(x, lw, randomisation = rand, zero.policy = TRUE, alternative = "two.sided")
    key <- if (rand) "randomisation" else "normal"
    out[[paste0("moran_", key)]] <- list(statistic = unname(m$estimate[1]), expectation = unname(m$estimate[2]),
      variance = unname(m$estimate[3]), z = unname(m$statistic), p_greater = m$p.value, p_two_sided = m2$p.value)
    out[[paste0("geary_", key)]] <- list(statistic = unname(g$estimate[1]), expectation = unname(g$estimate[2]),
      variance = unname(g$estimate[3]), z = unname(g$statistic), p_greater = g$p.value, p_two_sided = g2$p.value)
  }
  lm <- localmoran(x, lw, zero.policy = TRUE)
  q <- attr(lm, "quadr")$mean
  out$local <- list(Ii = I(unname(lm[, 1])), E = I(unname(lm[, 2])), Var = I(unname(lm[, 3])),
                    Z = I(unname(lm[, 4])), p = I(unname(lm[, 5])), quadrant = I(as.character(q)),
                    lag = I(lag.listw(lw, x, zero.policy = TRUE)))
  out
}

cases <- list()
add <- function(name, data, entity, value, period, ids, x, lw, weights) {
  cases[[length(cases) + 1]] <<- c(list(name = name, data = data, entity = entity, value = value, period = period,
                                        entities = I(ids), weights = weights), tests(x, lw))
}

d_us <- as.matrix(dist(cent[, c("x_km", "y_km")]))
for (yr in c(1970L, 1986L)) {
  s <- produc[produc$year == yr, ]; x <- s$unemp[match(us$state, s$state)]
  base <- list(data = "tests/reference/data/produc.csv", entity = "state", value = "unemp", period = yr, ids = us$state, x = x)
  do.call(add, c(list(name = paste0("produc_unemp_", yr, "_contiguity_W"), lw = nb2listw(nb_us, style = "W"),
                      weights = list(kind = "contiguity", style = "W")), base))
  do.call(add, c(list(name = paste0("produc_unemp_", yr, "_contiguity_B"), lw = nb2listw(nb_us, style = "B"),
                      weights = list(kind = "contiguity", style = "B")), base))
  do.call(add, c(list(name = paste0("produc_unemp_", yr, "_knn4_W"),
                      lw = nb2listw(knn2nb(knearneigh(as.matrix(cent[, c("x_km", "y_km")]), k = 4)), style = "W"),
                      weights = list(kind = "knn", k = 4, style = "W")), base))
  do.call(add, c(list(name = paste0("produc_unemp_", yr, "_invdist800_W"), lw = inverse_distance_listw(d_us, 800),
                      weights = list(kind = "inverse_distance", power = 1, cutoff_km = 800, style = "W")), base))
}
demo <- read.csv(file.path(root, "data/demo/study_panel.csv"))
d_cn <- haversine_km(caps$longitude[match(prov, caps$entity)], caps$latitude[match(prov, caps$entity)])
for (yr in c(2015L, 2021L)) {
  s <- demo[demo$year == yr, ]; x <- s$broadband_ports[match(prov, s$entity)]
  base <- list(data = "data/demo/study_panel.csv", entity = "entity", value = "broadband_ports", period = yr, ids = prov, x = x)
  do.call(add, c(list(name = paste0("demo_broadband_", yr, "_contiguity_hainan_guangdong_W"),
                      lw = nb2listw(china_nb(c("land", "hainan_guangdong")), style = "W"),
                      weights = list(kind = "china_contiguity", hainan = "guangdong", style = "W")), base))
  do.call(add, c(list(name = paste0("demo_broadband_", yr, "_contiguity_hainan_island_W"),
                      lw = nb2listw(china_nb("land"), style = "W", zero.policy = TRUE),
                      weights = list(kind = "china_contiguity", hainan = "island", style = "W")), base))
  do.call(add, c(list(name = paste0("demo_broadband_", yr, "_invdist1500_W"), lw = inverse_distance_listw(d_cn, 1500),
                      weights = list(kind = "inverse_distance_capitals", power = 1, cutoff_km = 1500, style = "W")), base))
}
golden <- list(versions = pkg_versions(c("spdep", "sf", "spData")),
               note = "spdep moran.test / geary.test (adjust.n = TRUE, zero.policy = TRUE) and localmoran with its defaults (conditional, mlvar); script tests/reference/spatial/spatial_reference.R",
               cases = cases)
write_json17(golden, file.path(root, "tests/reference/golden/spatial_autocorrelation.json"))
cat("wrote spatial_autocorrelation.json with", length(cases), "cases\n")

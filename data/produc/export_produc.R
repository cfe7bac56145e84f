#!/usr/bin/Rscript
# Export the Produc panel (US states 1970-1986, 48 states x 17 years = 816 rows) from R's
# plm package to data/produc/produc_study.csv, with named regions and the log columns
# used in the classic public-capital production function (Munnell 1990; Baltagi 2013):
#   log(gsp) ~ log(pcap) + log(pc) + log(emp) + unemp
# Real public data (Baltagi & Pinnoi 1995 via plm), not synthetic. See docs/data.md.
#
# Usage: /usr/bin/Rscript data/produc/export_produc.R [output.csv]
# Deterministic: same plm version -> same bytes (the script records the plm version in
# data/produc/produc_study.meta.json next to the CSV).

suppressPackageStartupMessages(library(plm))
data("Produc", package = "plm")

args <- commandArgs(trailingOnly = TRUE)
script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 1) dirname(normalizePath(f)) else getwd()
})
out <- if (length(args) >= 1) args[1] else file.path(script_dir, "produc_study.csv")

# plm's `region` is a factor coded 1..9 without labels (?Produc does not name them). The
# state memberships are exactly the nine US Census Bureau divisions, in the Census order:
region_names <- c("1" = "New England", "2" = "Mid Atlantic", "3" = "East North Central",
                  "4" = "West North Central", "5" = "South Atlantic",
                  "6" = "East South Central", "7" = "West South Central",
                  "8" = "Mountain", "9" = "Pacific")

d <- Produc[order(Produc$state, Produc$year), ]
stopifnot(nrow(d) == 816, length(unique(d$state)) == 48, all(table(d$state) == 17))
code <- as.integer(as.character(d$region))

# Check the membership claim above so a relabelled plm release fails loudly.
members <- list(
  "1" = c("CONNECTICUT", "MAINE", "MASSACHUSETTS", "NEW_HAMPSHIRE", "RHODE_ISLAND", "VERMONT"),
  "2" = c("NEW_JERSEY", "NEW_YORK", "PENNSYLVANIA"),
  "3" = c("ILLINOIS", "INDIANA", "MICHIGAN", "OHIO", "WISCONSIN"),
  "4" = c("IOWA", "KANSAS", "MINNESOTA", "MISSOURI", "NEBRASKA", "NORTH_DAKOTA",
          "SOUTH_DAKOTA"),
  "5" = c("DELAWARE", "FLORIDA", "GEORGIA", "MARYLAND", "NORTH_CAROLINA", "SOUTH_CAROLINA",
          "VIRGINIA", "WEST_VIRGINIA"),
  "6" = c("ALABAMA", "KENTUCKY", "MISSISSIPPI", "TENNESSE"),
  "7" = c("ARKANSAS", "LOUISIANA", "OKLAHOMA", "TEXAS"),
  "8" = c("ARIZONA", "COLORADO", "IDAHO", "MONTANA", "NEVADA", "NEW_MEXICO", "UTAH",
          "WYOMING"),
  "9" = c("CALIFORNIA", "OREGON", "WASHINGTON"))
for (k in names(members)) {
  got <- sort(unique(as.character(d$state[code == as.integer(k)])))
  if (!identical(got, sort(members[[k]])))
    stop("plm Produc region ", k, " is not the expected Census division: ",
         paste(got, collapse = ", "))
}

# 17 significant digits round-trip every double exactly, so a reader gets the same
# log values R computed (raw columns print exactly with fewer digits).
num <- function(x) sprintf("%.17g", x)
raw <- function(x) as.character(x)  # shortest text up to 15 significant digits

res <- data.frame(
  state = as.character(d$state),
  year = d$year,
  region_code = code,
  region = unname(region_names[as.character(code)]),
  pcap = raw(d$pcap), hwy = raw(d$hwy), water = raw(d$water), util = raw(d$util),
  pc = raw(d$pc), gsp = raw(d$gsp), emp = raw(d$emp), unemp = raw(d$unemp),
  lgsp = num(log(d$gsp)), lpcap = num(log(d$pcap)), lpc = num(log(d$pc)),
  lemp = num(log(d$emp)),
  stringsAsFactors = FALSE)

con <- file(out, open = "wb")  # "wb": '\n' line ends on every platform
writeLines(paste(names(res), collapse = ","), con, sep = "\n")
writeLines(do.call(paste, c(res, sep = ",")), con, sep = "\n")
close(con)

meta <- sprintf(paste0('{\n  "source": "R package plm, data(Produc); Baltagi & Pinnoi (1995), ',
                       'Munnell (1990); Baltagi, Econometric Analysis of Panel Data",\n',
                       '  "plm_version": "%s",\n  "r_version": "%s",\n  "rows": %d,\n',
                       '  "entities": %d,\n  "periods": [%d, %d]\n}\n'),
                as.character(packageVersion("plm")), paste(R.version$major, R.version$minor,
                                                           sep = "."),
                nrow(res), length(unique(res$state)), min(res$year), max(res$year))
con <- file(file.path(dirname(out), "produc_study.meta.json"), open = "wb")
writeLines(meta, con, sep = "")
close(con)
cat("wrote", out, "\n")

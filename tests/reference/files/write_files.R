#!/usr/bin/Rscript
# Writes the reference panels as Stata (.dta), SPSS (.sav, .zsav) and SAS (.sas7bdat)
# files with R haven (independent of the ReadStat reader under test, though haven wraps
# ReadStat's writers) for the round-trip tests in tests/files/. The values come from the
# committed CSVs read with read.csv, so the CSV and each file hold the same doubles.
#
#   /usr/bin/Rscript tests/reference/files/write_files.R
# Output: tests/reference/data/files/ (see tests/reference/README.md, "Files").
suppressPackageStartupMessages(library(haven))

script_dir <- local({
  f <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  if (length(f) == 1) dirname(normalizePath(f)) else getwd()
})
root <- normalizePath(file.path(script_dir, "..", "..", ".."))
out_dir <- file.path(root, "tests", "reference", "data", "files")
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)
out <- function(name) file.path(out_dir, name)

read_ref <- function(path) read.csv(path, stringsAsFactors = FALSE, check.names = FALSE)

write_all <- function(d, stem) {
  write_dta(d, out(paste0(stem, ".dta")), version = 15)
  write_sav(d, out(paste0(stem, ".sav")))
  write_sav(d, out(paste0(stem, ".zsav")), compress = "zsav")
  # haven marks write_sas() as deprecated but it still writes a sas7bdat that SAS and
  # ReadStat read; it is the only packaged sas7bdat writer here.
  suppressWarnings(write_sas(d, out(paste0(stem, ".sas7bdat"))))
}

# 1. Plain panels: the same table as the CSV, state names as strings.
produc <- read_ref(file.path(root, "tests", "reference", "data", "produc.csv"))
grunfeld <- read_ref(file.path(root, "tests", "reference", "data", "grunfeld.csv"))
write_all(produc, "produc")
write_all(grunfeld, "grunfeld")

# 2. Value labels, missing codes and a date period, from the named-region Produc study
# file: `region` is a labelled numeric (codes 1..9 with the census division names);
# three unemp cells are missing codes (Stata .a tagged missing; SPSS user-missing -99);
# the period is the date 1 January of each year (Stata %td, SPSS DATE11).
study <- read_ref(file.path(root, "data", "produc", "produc_study.csv"))
division <- unique(study[order(study$region_code), c("region_code", "region")])
codes <- setNames(as.double(division$region_code), division$region)
missing_rows <- c(2L, 100L, 816L)  # 1-based; the tests name the same rows
base <- data.frame(state = study$state, year = as.Date(sprintf("%d-01-01", study$year)),
                   lgsp = study$lgsp, lpcap = study$lpcap, lpc = study$lpc,
                   lemp = study$lemp, stringsAsFactors = FALSE)
dta <- base
dta$region <- labelled(as.double(study$region_code), codes, label = "Census division")
unemp <- study$unemp
dta$unemp <- unemp
dta$unemp[missing_rows] <- tagged_na("a")
write_dta(dta, out("produc_labelled.dta"), version = 15)

sav <- base
sav$region <- labelled_spss(as.double(study$region_code), codes, label = "Census division")
sav_unemp <- unemp
sav_unemp[missing_rows] <- -99
sav$unemp <- labelled_spss(sav_unemp, c("not reported" = -99), na_values = -99)
write_sav(sav, out("produc_labelled.sav"))

# 3. Monthly dates in the period column: not yearly data, the reader must refuse them.
monthly <- grunfeld[grunfeld$firm == 1, ]
monthly$year <- seq(as.Date("1935-01-01"), by = "month", length.out = nrow(monthly))
write_dta(monthly, out("grunfeld_monthly.dta"), version = 15)

cat("wrote", length(list.files(out_dir)), "files to", out_dir, "\n")

#!/usr/bin/env Rscript
# Writes the panel data sets the golden files refer to, from R package plm.
#
# 1. grunfeld.csv, produc.csv, empluk.csv: the raw plm data sets. These are
#    owned by tests/reference/export_plm_datasets.R; this script writes them
#    only when they are missing (so a checkout without that script still
#    regenerates), and never overwrites them.
# 2. produc_logs.csv, empluk_logs.csv: derived log columns used by the
#    golden cases (always rewritten; owned here). The logs are computed from
#    the raw values in plm and printed with 17 significant digits, so the
#    doubles the C++ tests read are bit-identical to the ones R regressed on
#    (the reference scripts read these CSVs back rather than using plm's
#    in-memory copies).
suppressPackageStartupMessages(library(plm))
local({
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  source(file.path(dirname(normalizePath(f[1])), "common.R"))
})
root <- repo_root()
data_dir <- file.path(root, "tests", "reference", "data")
dir.create(data_dir, showWarnings = FALSE, recursive = TRUE)

data("Grunfeld", package = "plm")
data("Produc", package = "plm")
data("EmplUK", package = "plm")

produc <- data.frame(state = as.character(Produc$state), year = Produc$year,
                     region = as.character(Produc$region),
                     pcap = Produc$pcap, hwy = Produc$hwy, water = Produc$water,
                     util = Produc$util, pc = Produc$pc, gsp = Produc$gsp,
                     emp = Produc$emp, unemp = Produc$unemp)
empluk <- data.frame(firm = as.integer(EmplUK$firm), year = as.integer(EmplUK$year),
                     sector = as.integer(EmplUK$sector), emp = EmplUK$emp,
                     wage = EmplUK$wage, capital = EmplUK$capital,
                     output = EmplUK$output)
grunfeld <- data.frame(firm = as.integer(Grunfeld$firm),
                       year = as.integer(Grunfeld$year), inv = Grunfeld$inv,
                       value = Grunfeld$value, capital = Grunfeld$capital)

raw <- list(grunfeld.csv = grunfeld, produc.csv = produc, empluk.csv = empluk)
for (name in names(raw)) {
  path <- file.path(data_dir, name)
  if (file.exists(path)) {
    cat("exists, left alone:", path, "\n")
  } else {
    write_csv17(raw[[name]], path)
    cat("wrote (was missing):", path, "\n")
  }
}

produc_logs <- data.frame(state = produc$state, year = produc$year,
                          region = produc$region, lgsp = log(produc$gsp),
                          lpcap = log(produc$pcap), lpc = log(produc$pc),
                          lemp = log(produc$emp), unemp = produc$unemp)
write_csv17(produc_logs, file.path(data_dir, "produc_logs.csv"))
cat("wrote:", file.path(data_dir, "produc_logs.csv"), "\n")

empluk_logs <- data.frame(firm = empluk$firm, year = empluk$year,
                          sector = empluk$sector, lemp = log(empluk$emp),
                          lwage = log(empluk$wage),
                          lcapital = log(empluk$capital),
                          loutput = log(empluk$output))
write_csv17(empluk_logs, file.path(data_dir, "empluk_logs.csv"))
cat("wrote:", file.path(data_dir, "empluk_logs.csv"), "\n")

#!/usr/bin/env Rscript
# Exports the public panels shipped with R's plm package (Produc, Grunfeld, EmplUK) to
# plain CSV under tests/reference/data/, so reference scripts in other languages and the
# C++ golden tests read exactly the numbers R uses.
#
# Full precision: every double is written with the shortest of %.15g / %.17g that
# round-trips to the identical IEEE value (write.csv would keep only 15 significant
# digits, which is not always exact). Factors are written as their labels.
#
# Usage (from the repository root):  Rscript tests/reference/export_plm_datasets.R
suppressPackageStartupMessages(library(plm))

args <- commandArgs(trailingOnly = FALSE)
script <- sub("^--file=", "", args[grep("^--file=", args)])
out_dir <- if (length(script) == 1) {
  file.path(dirname(normalizePath(script)), "data")
} else {
  file.path("tests", "reference", "data")
}
dir.create(out_dir, showWarnings = FALSE, recursive = TRUE)

exact_string <- function(x) {
  s15 <- sprintf("%.15g", x)
  s17 <- sprintf("%.17g", x)
  out <- ifelse(as.numeric(s15) == x, s15, s17)
  out[is.na(x)] <- "NA"
  out
}

export <- function(df, file) {
  out <- lapply(df, function(col) {
    if (is.factor(col)) as.character(col)
    else if (is.numeric(col)) exact_string(col)
    else as.character(col)
  })
  out <- as.data.frame(out, stringsAsFactors = FALSE)
  # Verify the round trip before writing: a CSV that does not reproduce R's numbers
  # would silently shift every golden value.
  for (name in names(df)) {
    if (is.numeric(df[[name]])) {
      back <- as.numeric(out[[name]])
      stopifnot(identical(back, as.numeric(df[[name]])))
    }
  }
  path <- file.path(out_dir, file)
  write.table(out, path, sep = ",", quote = FALSE, row.names = FALSE, na = "NA")
  cat(sprintf("wrote %s (%d rows, %d columns)\n", path, nrow(df), ncol(df)))
}

data("Produc", package = "plm")
data("Grunfeld", package = "plm")
data("EmplUK", package = "plm")
export(Produc, "produc.csv")
export(Grunfeld, "grunfeld.csv")
export(EmplUK, "empluk.csv")

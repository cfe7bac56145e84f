# Shared helpers for the panel reference scripts (sourced, not run directly).
# - repo_root(): the repository root, found from this script's location so the
#   scripts work from any working directory.
# - write_csv17(): CSV writer with 17 significant digits so every double
#   round-trips exactly (write.csv uses 15 digits, which loses bits).
# - to_json(): a tiny JSON serialiser that prints every number with "%.17g";
#   jsonlite's digits handling rounds to 15 significant digits by default,
#   and goldens must carry full double precision.

script_dir <- function() {
  args <- commandArgs(trailingOnly = FALSE)
  f <- sub("^--file=", "", args[grep("^--file=", args)])
  if (length(f) == 0) return(normalizePath("."))
  dirname(normalizePath(f[1]))
}

repo_root <- function() normalizePath(file.path(script_dir(), "..", "..", ".."))

# Shortest of %.15g / %.16g / %.17g that reads back as the same double.
fmt17 <- function(x) {
  out <- sprintf("%.15g", x)
  for (d in c(16, 17)) {
    bad <- !is.na(x) & as.numeric(out) != x
    out[bad] <- sprintf(paste0("%.", d, "g"), x[bad])
  }
  out[is.na(x)] <- ""
  out
}

write_csv17 <- function(df, path) {
  cols <- lapply(df, function(col) {
    if (is.numeric(col)) fmt17(as.numeric(col)) else as.character(col)
  })
  chr <- vapply(cols, function(v) any(grepl("[,\"]", v)), logical(1))
  if (any(chr)) stop("a string column contains a comma or quote: ",
                     paste(names(df)[chr], collapse = ", "))
  lines <- c(paste(names(df), collapse = ","),
             do.call(paste, c(cols, sep = ",")))
  writeLines(lines, path)
  invisible(path)
}

json_escape <- function(s) {
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  s <- gsub("\n", "\\\\n", s)
  s <- gsub("\t", "\\\\t", s)
  paste0("\"", s, "\"")
}

json_num <- function(x) {
  if (is.na(x) || !is.finite(x)) return("null")
  if (is.integer(x)) return(as.character(x))
  if (x == round(x) && abs(x) < 1e15) return(sprintf("%.0f", x))
  sprintf("%.17g", x)
}

# Lists with names -> objects; unnamed lists -> arrays; vectors of length 1 ->
# scalars, unless wrapped in I() (then always an array). Character vectors of
# length != 1 become arrays.
to_json <- function(x, indent = 0) {
  pad <- strrep("  ", indent)
  pad1 <- strrep("  ", indent + 1)
  if (is.null(x)) return("null")
  if (is.list(x)) {
    if (!is.null(names(x))) {
      if (length(x) == 0) return("{}")
      items <- mapply(function(k, v) paste0(pad1, json_escape(k), ": ",
                                            to_json(v, indent + 1)),
                      names(x), x, USE.NAMES = FALSE)
      return(paste0("{\n", paste(items, collapse = ",\n"), "\n", pad, "}"))
    }
    if (length(x) == 0) return("[]")
    items <- vapply(x, function(v) paste0(pad1, to_json(v, indent + 1)), "")
    return(paste0("[\n", paste(items, collapse = ",\n"), "\n", pad, "]"))
  }
  as_array <- inherits(x, "AsIs") || length(x) != 1
  x <- unclass(x)
  if (is.character(x)) {
    v <- vapply(x, json_escape, "", USE.NAMES = FALSE)
  } else if (is.logical(x)) {
    v <- ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  } else {
    v <- vapply(seq_along(x), function(i) json_num(x[i]), "")
  }
  if (as_array) paste0("[", paste(v, collapse = ", "), "]") else v
}

write_json17 <- function(x, path) {
  writeLines(to_json(x), path)
  invisible(path)
}

pkg_versions <- function(pkgs) {
  v <- lapply(pkgs, function(p) as.character(packageVersion(p)))
  names(v) <- pkgs
  c(list(R = paste(R.version$major, R.version$minor, sep = ".")), v)
}

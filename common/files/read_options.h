#ifndef GOVMETRICS_COMMON_FILES_READ_OPTIONS_H_
#define GOVMETRICS_COMMON_FILES_READ_OPTIONS_H_

// What a caller can say about how a data file is read (every reader takes the same).

#include <cstdint>
#include <string>
#include <vector>

namespace govmetrics::files {

struct ReadOptions {
  // Workbooks: the sheet to read; empty = the first sheet.
  std::string sheet;
  // Text cells read as missing besides the built-in "", NA, NaN, nan and "." (Stata).
  std::vector<std::string> missing_tokens;
  // Columns always read as text, whatever their cells look like (identifiers such as the
  // entity column: "007" stays "007").
  std::vector<std::string> text_columns;
  // CSV: added to the line numbers of the data records in messages. A reader given a later
  // piece of a file with its header line prepended (the gateway's streamed upload) then
  // names rows as they are in the whole file.
  int data_line_offset = 0;
  // Files larger than this are refused before they are read (RESOURCE_EXHAUSTED).
  int64_t max_bytes = int64_t{1} << 30;  // 1 GiB
};

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_READ_OPTIONS_H_

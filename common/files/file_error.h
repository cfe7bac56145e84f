#ifndef GOVMETRICS_COMMON_FILES_FILE_ERROR_H_
#define GOVMETRICS_COMMON_FILES_FILE_ERROR_H_

// One spelling for every reader's error: "produc.xlsx, sheet 'data', row 18, column C
// ('lpcap'): text 'n/a' in a numeric column". Parts that are unknown are left out.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/files/data_table.h"

namespace govmetrics::files {

struct FileLocation {
  std::string file;
  std::string sheet;
  int row = 0;              // 1-based row in the file (0: unknown)
  std::string column;       // column name ("" unknown)
  std::string letter;       // spreadsheet column letter ("" unknown)
};

std::string DescribeLocation(const FileLocation& where);

// INVALID_ARGUMENT "<location>: <what>".
absl::Status FileError(const FileLocation& where, absl::string_view what);

// Location of data row `row` (0-based) of column `column` (-1: none) of `table`.
FileLocation CellLocation(const DataTable& table, int column, size_t row);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_FILE_ERROR_H_

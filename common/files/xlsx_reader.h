#ifndef GOVMETRICS_COMMON_FILES_XLSX_READER_H_
#define GOVMETRICS_COMMON_FILES_XLSX_READER_H_

// Excel .xlsx -> DataTable: the first sheet (or ReadOptions::sheet), its first non-empty
// row as the header, every later row holding a value as data. Merged cells are refused
// (a merged header has no name per column; a merged data cell holds one value for many
// rows); #N/A cells are missing, other error cells (#DIV/0!) are refused; numbers stored
// as text count as numbers; cells with a date format carry the date to the Panel step.
//
// Why a reader of our own: Debian packages no C++ .xlsx reader (libxlsxwriter only
// writes; OpenXLSX, xlnt and FreeXL-for-xlsx are not packaged), and the format needs
// only a zip library (libzip) and an XML parser (expat), both packaged and widely used.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/files/data_table.h"
#include "common/files/read_options.h"

namespace govmetrics::files {

absl::StatusOr<DataTable> ReadXlsx(absl::string_view bytes, const std::string& file, const ReadOptions& options);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_XLSX_READER_H_

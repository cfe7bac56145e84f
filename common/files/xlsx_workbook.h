#ifndef GOVMETRICS_COMMON_FILES_XLSX_WORKBOOK_H_
#define GOVMETRICS_COMMON_FILES_XLSX_WORKBOOK_H_

// The workbook-level parts of an .xlsx (ECMA-376 SpreadsheetML): the sheet list and where
// each sheet's XML lives, the shared-string table, and which cell styles display dates.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/files/zip_archive.h"

namespace govmetrics::files {

struct XlsxSheetRef {
  std::string name;  // as shown on the tab
  std::string part;  // zip entry, e.g. "xl/worksheets/sheet1.xml"
};

struct XlsxWorkbook {
  std::vector<XlsxSheetRef> sheets;
  std::vector<std::string> shared_strings;
  std::vector<bool> date_styles;  // per cell style index (the s attribute): shows a date
  bool date1904 = false;          // workbookPr date1904: serials count from 1904-01-01

  bool IsDateStyle(int style) const {
    return style >= 0 && static_cast<size_t>(style) < date_styles.size() && date_styles[style];
  }
};

// Reads the workbook parts of `zip`; every part read is capped at `max_bytes`.
absl::StatusOr<XlsxWorkbook> LoadXlsxWorkbook(const ZipArchive& zip, const std::string& file, int64_t max_bytes);

// Whether an Excel number format shows a date (built-in ids 14-22, 27-36, 50-58, or a
// custom code with y/d/m outside quotes and brackets).
bool IsDateFormat(int id, const std::string& code);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_XLSX_WORKBOOK_H_

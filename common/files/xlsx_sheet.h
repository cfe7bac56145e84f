#ifndef GOVMETRICS_COMMON_FILES_XLSX_SHEET_H_
#define GOVMETRICS_COMMON_FILES_XLSX_SHEET_H_

// The cells of one worksheet part (<sheetData>) and its merged ranges (<mergeCells>).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/files/xlsx_workbook.h"

namespace govmetrics::files {

struct SheetCell {
  enum class Type { kNumber, kText, kError };
  int column = 0;  // 0-based (A = 0)
  Type type = Type::kNumber;
  double number = 0;
  bool date = false;  // a number shown with a date format
  std::string text;   // kText: the string; kError: "#N/A", "#DIV/0!", ...
};

struct SheetRow {
  int number = 0;  // 1-based row number in the sheet
  std::vector<SheetCell> cells;
};

struct MergedRange {
  std::string ref;  // "C1:D1"
  int first_row = 0, last_row = 0;  // 1-based
};

struct SheetData {
  std::vector<SheetRow> rows;  // only rows holding at least one value
  std::vector<MergedRange> merged;
};

// Parses sheet XML `xml`; `label` names it in messages.
absl::StatusOr<SheetData> ParseSheet(absl::string_view xml, const XlsxWorkbook& book, const std::string& label);

// "A" -> 0, "AB" -> 27; -1 if not a column reference.
int ColumnIndex(absl::string_view letters);
// 0 -> "A", 27 -> "AB".
std::string ColumnLetters(int index);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_XLSX_SHEET_H_

#include "common/files/file_error.h"

#include "absl/strings/str_cat.h"

namespace govmetrics::files {

std::string DescribeLocation(const FileLocation& where) {
  std::string out = where.file.empty() ? "input" : where.file;
  if (!where.sheet.empty()) absl::StrAppend(&out, ", sheet '", where.sheet, "'");
  if (where.row > 0) absl::StrAppend(&out, ", row ", where.row);
  if (!where.letter.empty() && !where.column.empty()) {
    absl::StrAppend(&out, ", column ", where.letter, " ('", where.column, "')");
  } else if (!where.letter.empty()) {
    absl::StrAppend(&out, ", column ", where.letter);
  } else if (!where.column.empty()) {
    absl::StrAppend(&out, ", column '", where.column, "'");
  }
  return out;
}

absl::Status FileError(const FileLocation& where, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat(DescribeLocation(where), ": ", what));
}

FileLocation CellLocation(const DataTable& table, int column, size_t row) {
  FileLocation where{table.file, table.sheet, table.RowNumber(row), "", ""};
  if (column >= 0) {
    where.column = table.columns[column].name;
    where.letter = table.columns[column].letter;
  }
  return where;
}

}  // namespace govmetrics::files

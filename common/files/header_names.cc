#include "common/files/header_names.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/files/file_error.h"

namespace govmetrics::files {
namespace {

// "column C" for sheets, "column 3" otherwise.
std::string ColumnOrdinal(const DataTable& table, size_t c) {
  const std::string& letter = table.columns[c].letter;
  return letter.empty() ? absl::StrCat("column ", c + 1) : absl::StrCat("column ", letter);
}

}  // namespace

absl::Status CheckHeaderNames(const DataTable& table) {
  const int header_row = table.first_row_number - 1;
  absl::flat_hash_map<std::string, size_t> seen;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    const DataColumn& column = table.columns[c];
    FileLocation where{table.file, table.sheet, header_row, "", ""};
    if (column.name.empty()) {
      return FileError(where, absl::StrCat(ColumnOrdinal(table, c), " has no name in the header row"));
    }
    auto [it, inserted] = seen.emplace(column.name, c);
    if (!inserted) {
      return FileError(where, absl::StrCat("duplicate column name '", column.name, "' (", ColumnOrdinal(table, it->second),
                                           " and ", ColumnOrdinal(table, c), ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::files

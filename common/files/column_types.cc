#include "common/files/column_types.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/files/file_error.h"

namespace govmetrics::files {

MissingTokens::MissingTokens(const ReadOptions& options) : extra_(options.missing_tokens) {}

bool MissingTokens::Contains(absl::string_view trimmed) const {
  if (trimmed.empty() || trimmed == "NA" || trimmed == "NaN" || trimmed == "nan" || trimmed == ".") {
    return true;
  }
  for (const auto& token : extra_) {
    if (trimmed == token) return true;
  }
  return false;
}

CellKind ClassifyCell(absl::string_view cell, const MissingTokens& missing, double* number) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(cell);
  if (missing.Contains(trimmed)) {
    *number = std::numeric_limits<double>::quiet_NaN();
    return CellKind::kMissing;
  }
  // SimpleAtod also accepts "inf"/"nan" spellings; those stay numbers (validation
  // downstream names an infinite value by its row).
  if (absl::SimpleAtod(trimmed, number)) return CellKind::kNumber;
  *number = std::numeric_limits<double>::quiet_NaN();
  return CellKind::kText;
}

void ColumnTally::Count(CellKind kind, size_t row, absl::string_view cell) {
  if (kind == CellKind::kNumber) {
    ++numbers;
  } else if (kind == CellKind::kText) {
    if (texts++ == 0) {
      first_text_row = row;
      first_text = std::string(cell.substr(0, 40));
    }
  }
}

ColumnType DecideColumnType(const ColumnTally& tally) {
  if (tally.texts == 0) return ColumnType::kNumeric;
  if (tally.texts >= tally.numbers) return ColumnType::kText;
  return ColumnType::kMixed;
}

absl::Status MixedColumnError(const DataTable& table, int column, const ColumnTally& tally) {
  return FileError(CellLocation(table, column, tally.first_text_row),
                   absl::StrCat("text '", tally.first_text, "' in a column of numbers (", tally.numbers,
                                " numbers, ", tally.texts, " text cells); fix the cell or declare it missing"));
}

}  // namespace govmetrics::files

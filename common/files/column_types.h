#ifndef GOVMETRICS_COMMON_FILES_COLUMN_TYPES_H_
#define GOVMETRICS_COMMON_FILES_COLUMN_TYPES_H_

// The one rule that decides whether a column of text cells (CSV fields, Excel cells) is
// numeric or text, shared by the CSV and .xlsx readers:
//  - a cell that is empty, a missing token (NA, NaN, nan, ".", or the caller's) is
//    missing; one that parses as a number is a number; anything else is text;
//  - a column with no text cell is numeric (missing -> NaN);
//  - a column with more text cells than number cells is text (a label: region names);
//  - a column with mostly numbers and some text is kMixed: the .xlsx reader refuses it,
//    naming its first text cell (in a typed sheet, one text cell among numbers is a
//    data-entry slip, and silently turning an indicator into a label loses data); CSV
//    makes it a label, the rule every govmetrics client shares for CSV.

#include <cstddef>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "common/files/data_table.h"
#include "common/files/read_options.h"

namespace govmetrics::files {

enum class CellKind { kMissing, kNumber, kText };

class MissingTokens {
 public:
  explicit MissingTokens(const ReadOptions& options);
  bool Contains(absl::string_view trimmed) const;

 private:
  std::vector<std::string> extra_;
};

// Classifies a text cell; stores the number for kNumber, NaN for kMissing.
CellKind ClassifyCell(absl::string_view cell, const MissingTokens& missing, double* number);

// Per-column tally while a reader scans the cells.
struct ColumnTally {
  size_t numbers = 0;
  size_t texts = 0;
  size_t first_text_row = 0;  // data row (0-based) of the first text cell
  std::string first_text;

  void Count(CellKind kind, size_t row, absl::string_view cell);
};

enum class ColumnType { kNumeric, kText, kMixed };
ColumnType DecideColumnType(const ColumnTally& tally);

// The error for a kMixed column `column` of `table`, naming its first text cell.
absl::Status MixedColumnError(const DataTable& table, int column, const ColumnTally& tally);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_COLUMN_TYPES_H_

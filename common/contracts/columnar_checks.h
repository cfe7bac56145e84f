#ifndef GOVMETRICS_COMMON_CONTRACTS_COLUMNAR_CHECKS_H_
#define GOVMETRICS_COMMON_CONTRACTS_COLUMNAR_CHECKS_H_

// What a ColumnarPanelBuilder establishes about a panel's rows chunk by chunk, as they
// stream in (compute by reference: on the reading thread, while the workspace is still
// sending), so that the checks a computation makes on every row (finite values, unique
// (entity, period) rows) need no pass over the data after the last byte: at 1e8 rows
// each such pass costs about half a second.
//
// Each fact is a proof of absence and nothing more: when one does not hold (a NaN in a
// column, an entity whose periods are not in increasing order), the full check runs
// after the stream, as on an inline panel, and reports exactly what it reports there.

#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace govmetrics::contracts {

class ColumnarChecks {
 public:
  // Facts over no panel (a panel not made by a builder: everything is checked in full).
  ColumnarChecks() = default;
  // Facts over no row yet, for `columns` numeric columns (a builder's start).
  explicit ColumnarChecks(size_t columns) : rows_(0), finite_(columns, 1) {}

  // Records the next rows: their numeric values (`column_values[c]`: column c's values
  // of these rows), entity codes and periods. Entity codes are dense (below the
  // dictionary's size, which the builder checks).
  void AddRows(const std::vector<const double*>& column_values, absl::Span<const int32_t> entity,
               absl::Span<const int32_t> period);
  // Keeps the facts, frees what gathering them needed (the builder's Finish).
  void Finish() { std::vector<int64_t>().swap(last_period_); }
  // The facts cover none of the panel's rows from here on (rows written elsewhere: a
  // slice of a read over several streams).
  void Abandon() { rows_ = -1; }

  // Whether the facts cover a panel of `rows` rows: they are the builder's, over every
  // row it appended. Whoever changes a panel's rows after the builder made it clears
  // its checks (`checks = {}`).
  bool Cover(int64_t rows) const { return rows_ >= 0 && rows_ == rows; }
  // Column `column` has no NaN and no infinite value.
  bool AllFinite(int column) const { return finite_[static_cast<size_t>(column)] != 0; }
  // Every entity's periods strictly increase in row order, so no (entity, period) pair
  // repeats (stored panels are mostly sorted so; when not, uniqueness is checked in full).
  bool PeriodsIncrease() const { return periods_increase_; }

 private:
  int64_t rows_ = -1;                 // rows covered; -1: none (no facts)
  std::vector<char> finite_;           // per column
  bool periods_increase_ = true;
  std::vector<int64_t> last_period_;   // per entity code: its last period so far
};

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_COLUMNAR_CHECKS_H_

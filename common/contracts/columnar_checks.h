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
//
// A read over several streams (workspace_client/dataset_reader.h) gathers the facts of
// each slice on its own reading thread and joins them in row order (Join): the joined
// facts are exactly those one builder would have gathered over all the rows.

#include <cstdint>
#include <vector>

#include "absl/types/span.h"
#include "common/contracts/identifier_runs.h"

namespace govmetrics::contracts {

class ColumnarChecks {
 public:
  // Facts over no panel (a panel not made by a builder: everything is checked in full).
  ColumnarChecks() = default;
  // Facts over no row yet, for `columns` numeric columns (a builder's start).
  explicit ColumnarChecks(size_t columns) : rows_(0), finite_(columns, 1) {}

  // Copies `count` values of numeric column `column` from `from` (their bytes as
  // little-endian doubles, any alignment: a gRPC slice) to `to`, recording whether they
  // are all finite on the way: one pass over the values, while they are in registers,
  // instead of a copy and then a second pass over them in memory.
  void CopyValues(int column, const void* from, double* to, size_t count);
  // Records the next rows' entity codes and periods. A code's first row here is the first
  // with no period recorded for it (a slice numbering the dataset's entities,
  // dataset_reader.h, meets codes of earlier slices in any order). Their values are
  // recorded as they are copied (CopyValues).
  void AddRows(absl::Span<const int32_t> entity, absl::Span<const int32_t> period);
  // The same for rows given as runs (`rows` of them): one step per stretch of an entity
  // over consecutive periods, which strictly increase within it.
  void AddRuns(const IdentifierRuns& runs, int64_t rows);
  // The facts over these rows followed by `next`'s rows (the next slice of a read, not
  // Finished), whose entity code k is this panel's `next_to_ours[k]`: a column is finite
  // if it is in both; periods increase if they do in both and each entity's first period
  // in `next` is above its last period here. No facts if either has none.
  void Join(const ColumnarChecks& next, absl::Span<const int32_t> next_to_ours);
  // Keeps the facts, frees what gathering them needed (the builder's Finish).
  void Finish();

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
  // Whether the first and last periods Join compares are still held (they are freed by
  // Finish, and when periods do not increase).
  bool PeriodsKnown() const { return rows_ == 0 || !last_period_.empty(); }
  // Compares and records the periods of Join's `next` (true: they still increase).
  bool JoinPeriods(const ColumnarChecks& next, absl::Span<const int32_t> next_to_ours);
  // PeriodsIncrease does not hold: what proving it needed is freed.
  void PeriodsRepeat();
  // Records rows of entity `code` with periods first .. last, strictly increasing (a
  // single row: first == last); false when they do not come after the entity's last.
  bool AddPeriods(int32_t code, int64_t first, int64_t last);

  int64_t rows_ = -1;                 // rows covered; -1: none (no facts)
  std::vector<char> finite_;           // per column
  bool periods_increase_ = true;
  // Per entity code, the period of its first row and of its last row so far (kept while
  // periods increase, so the last is the largest); kNoPeriod before its first row.
  std::vector<int64_t> first_period_;
  std::vector<int64_t> last_period_;
};

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_COLUMNAR_CHECKS_H_

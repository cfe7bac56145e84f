#ifndef GOVMETRICS_COMMON_STATS_INDEX_MISSING_H_
#define GOVMETRICS_COMMON_STATS_INDEX_MISSING_H_

// Which input rows enter the index, under a missing-value policy. Nothing is dropped or
// filled silently: every dropped row and every interpolated cell is listed.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/stats/index_columns.h"
#include "common/stats/index_options.h"

namespace govmetrics::stats {

struct DroppedRow {
  int row = 0;        // input row
  int indicator = 0;  // first indicator whose value was missing (and not fillable)
};

struct InterpolatedCell {
  int row = 0;
  int indicator = 0;
  double value = 0.0;  // the filled value (raw units)
};

struct RowPlan {
  // Input rows used, ascending. Empty with `all_rows` = true means every row (no copy).
  std::vector<int> used_rows;
  bool all_rows = true;
  std::vector<DroppedRow> dropped;             // ascending by row
  std::vector<InterpolatedCell> interpolated;  // ascending by (indicator, row)
};

// kReject: returns all rows without scanning (the caller rejects a NaN when it copies the
// column, naming row and indicator). kListwise: drops rows with a NaN in any indicator.
// kInterpolateWithinEntity: sorts each entity's rows by period and fills interior gaps by
// linear interpolation in the period value,
//   x_t = x_a + (x_b - x_a) * (t - a) / (b - a)
// (a, b the nearest observed periods before and after t); rows whose gap is leading or
// trailing (no observation on one side) are dropped listwise. InvalidArgument for a
// duplicate (entity, period) pair, or missing entity/period vectors, under that policy.
absl::StatusOr<RowPlan> PlanRows(const IndicatorColumns& x,
                                 const std::vector<std::string>& indicator_names,
                                 MissingPolicy policy, absl::Span<const int> entity,
                                 absl::Span<const int32_t> period);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_MISSING_H_

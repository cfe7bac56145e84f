#ifndef GOVMETRICS_COMMON_STATS_INDEX_POOLING_H_
#define GOVMETRICS_COMMON_STATS_INDEX_POOLING_H_

// Row layout of the working matrix. Rows are ordered so that every pool (the rows whose
// bounds and weights are computed together) is one contiguous block: statistics then run
// over plain column segments with no index indirection or copies.

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/stats/index_missing.h"
#include "common/stats/index_options.h"

namespace govmetrics::stats {

struct PoolBlock {
  int start = 0;       // first working row
  int len = 0;         // number of rows
  int32_t period = 0;  // the period (per-period and base-period pooling)
};

// Working rows [start, start + len) are scored with the bounds and weights of `pool`.
struct ScoreSegment {
  int start = 0;
  int len = 0;
  int pool = 0;
};

struct PoolLayout {
  // Input row of each working row; empty means the identity (all rows, input order).
  std::vector<int> input_rows;
  int n = 0;
  std::vector<PoolBlock> pools;
  std::vector<ScoreSegment> segments;

  bool identity() const { return input_rows.empty(); }
  int InputRow(int w) const { return input_rows.empty() ? w : input_rows[w]; }
};

// kPooled: one pool of all used rows. kPerPeriod: one pool per distinct period (ascending).
// kBasePeriod: one pool made of the base period's rows (placed first); every row is scored
// with it. InvalidArgument if the periods are needed but absent, or the base period does
// not occur; FailedPrecondition if every base-period row was dropped.
absl::StatusOr<PoolLayout> BuildPoolLayout(const RowPlan& plan, int input_rows, Pooling pooling,
                                           int32_t base_period, absl::Span<const int32_t> period);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_POOLING_H_

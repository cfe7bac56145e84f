#ifndef GOVMETRICS_COMMON_CONTRACTS_IDENTIFIER_RUNS_H_
#define GOVMETRICS_COMMON_CONTRACTS_IDENTIFIER_RUNS_H_

// A chunk's entity codes and periods as the workspace sends them when asked for runs
// (ReadDatasetRequest.run_length_codes): runs of one entity code, and runs of consecutive
// periods, both covering the same rows. A stored panel sorted by entity then period is
// one stretch per entity, so the facts the builder gathers per row (columnar_checks.h,
// identifier_facts.h) and its check of the codes take one step per stretch instead of
// one per row: at 1e8 rows, 1e6 steps instead of 1e8 on the thread receiving the stream.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "absl/types/span.h"

namespace govmetrics::contracts {

struct IdentifierRuns {
  std::vector<int32_t> entity_codes, entity_lengths;  // a code, its rows (each >= 1)
  std::vector<int32_t> period_starts, period_lengths;  // a first period, its rows (>= 1)

  void Clear() {
    entity_codes.clear();
    entity_lengths.clear();
    period_starts.clear();
    period_lengths.clear();
  }

  // Calls `stretch(code, first_period, rows)` for each stretch of rows of one entity code
  // over consecutive periods (first_period, first_period + 1, ...), in row order: the
  // intersections of the entity runs and the period runs. Stops where either ends.
  template <typename Stretch>
  void ForEachStretch(Stretch stretch) const {
    size_t e = 0, p = 0;
    int64_t entity_left = 0, period_left = 0, next_period = 0;
    while (true) {
      if (entity_left == 0) {
        if (e == entity_codes.size()) return;
        entity_left = entity_lengths[e++];
      }
      if (period_left == 0) {
        if (p == period_starts.size()) return;
        next_period = period_starts[p];
        period_left = period_lengths[p++];
      }
      const int64_t rows = std::min(entity_left, period_left);
      stretch(entity_codes[e - 1], next_period, rows);
      entity_left -= rows;
      period_left -= rows;
      next_period += rows;
    }
  }
};

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_IDENTIFIER_RUNS_H_

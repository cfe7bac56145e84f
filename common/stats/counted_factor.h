// A panel identifier's factor (entity or period) made from counts a caller already has.
//
// Why: RecodeFactor passes over every row four times (range, table, codes, counts). A
// caller that counted the identifier's values as the rows came in (compute by
// reference counts them on the thread that receives the dataset, while it waits for the
// next chunk: contracts/identifier_facts.h) hands the counts over, and the factor is
// made in one pass: at 1e8 rows, about a quarter of a second less after the last byte.
#ifndef GOVMETRICS_COMMON_STATS_COUNTED_FACTOR_H_
#define GOVMETRICS_COMMON_STATS_COUNTED_FACTOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

// How many rows have each value of an identifier, over every row of the values it is
// given with: counts[v - first] rows have value v (0: a value between first and the
// largest that no row has). Empty: not counted.
struct IdentifierCounts {
  int first = 0;
  std::vector<int64_t> counts;

  bool known() const { return !counts.empty(); }
  // The rows counted.
  int64_t rows() const;
};

// RecodeFactor(name, values), bit for bit (levels in value order, codes, counts), in
// one pass over `values` when `known` counts exactly them; recoded when it is empty,
// counts another number of rows, or a value is not one it counts.
FactorCodes CountedFactor(std::string name, absl::Span<const int> values,
                          const IdentifierCounts& known);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_COUNTED_FACTOR_H_

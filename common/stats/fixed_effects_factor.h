// A categorical variable over the estimation sample (entity, period, or any
// extra absorbed / cluster label), recoded to dense levels 0..levels-1 in the
// order of the original integer values (so period order is preserved).
#ifndef GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_FACTOR_H_
#define GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_FACTOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/types/span.h"

namespace govmetrics::stats {

struct FactorCodes {
  std::string name;
  std::vector<int> codes;        // per row, in [0, levels)
  int levels = 0;
  std::vector<int64_t> counts;   // rows per level
  std::vector<int> level_values; // original value of each level (increasing)
};

// Dense recoding of arbitrary integer labels; levels ordered by value.
FactorCodes RecodeFactor(std::string name, absl::Span<const int> values);

// RecodeFactor's result, in one pass (the codes copied and counted) when the codes are
// already dense, each of 0..levels-1 used by some row, as the caller says they are
// (recoding would map each to itself); recoded when they are not.
FactorCodes DenseFactor(std::string name, absl::Span<const int> codes, int levels);

// Codes of the (a, b) pairs, e.g. the entity x period intersection used by
// two-way clustering; levels in lexicographic (a, b) order.
FactorCodes IntersectFactors(const FactorCodes& a, const FactorCodes& b);

// True when every level of `inner` occurs within exactly one level of `outer`
// (an entity fixed effect is nested in an entity cluster, for instance).
bool IsNestedIn(const FactorCodes& inner, const FactorCodes& outer);

// Keeps the rows whose mask entry is true and recodes levels densely again.
FactorCodes SubsetFactor(const FactorCodes& f, const std::vector<char>& keep);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_FACTOR_H_

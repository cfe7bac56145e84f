#include "common/stats/fixed_effects_crossing.h"

#include <cstdint>

#include "common/stats/fixed_effects_absorb.h"

namespace govmetrics::stats {

Crossing CrossingOfUniquePairs(const FactorCodes& a, const FactorCodes& b) {
  const int64_t pairs = static_cast<int64_t>(a.levels) * b.levels;
  return static_cast<int64_t>(a.codes.size()) == pairs ? Crossing::kComplete
                                                       : Crossing::kIncomplete;
}

bool CrossesCompletely(const FactorCodes& a, const FactorCodes& b, Crossing known) {
  if (known == Crossing::kUnknown) return IsCompleteCrossing(a, b);
  return known == Crossing::kComplete;
}

}  // namespace govmetrics::stats

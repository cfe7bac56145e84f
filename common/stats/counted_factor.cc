#include "common/stats/counted_factor.h"

#include <numeric>
#include <utility>

namespace govmetrics::stats {
namespace {

// The level of each counted value (its rank among the values some row has; -1 for
// none), with the factor's levels, level values and counts filled in.
std::vector<int> LevelTable(const IdentifierCounts& known, FactorCodes* f) {
  std::vector<int> level(known.counts.size(), -1);
  for (size_t offset = 0; offset < known.counts.size(); ++offset) {
    if (known.counts[offset] == 0) continue;
    level[offset] = f->levels++;
    f->level_values.push_back(known.first + static_cast<int>(offset));
    f->counts.push_back(known.counts[offset]);
  }
  return level;
}

// Codes when every value between first and the largest is used: value - first. One
// subtraction per row (vectorised), and a range test folded into one OR.
bool OffsetCodes(absl::Span<const int> values, int first, int levels, int* codes) {
  unsigned outside = 0;
  for (size_t i = 0; i < values.size(); ++i) {
    codes[i] = values[i] - first;
    outside |= static_cast<unsigned>(codes[i] >= levels || codes[i] < 0);
  }
  return outside == 0;
}

bool TableCodes(absl::Span<const int> values, int first, const std::vector<int>& level,
                int* codes) {
  for (size_t i = 0; i < values.size(); ++i) {
    const int64_t offset = static_cast<int64_t>(values[i]) - first;
    if (offset < 0 || offset >= static_cast<int64_t>(level.size()) || level[offset] < 0)
      return false;
    codes[i] = level[offset];
  }
  return true;
}

}  // namespace

int64_t IdentifierCounts::rows() const {
  return std::accumulate(counts.begin(), counts.end(), int64_t{0});
}

FactorCodes CountedFactor(std::string name, absl::Span<const int> values,
                          const IdentifierCounts& known) {
  if (!known.known() || known.rows() != static_cast<int64_t>(values.size())) {
    return RecodeFactor(std::move(name), values);
  }
  FactorCodes f;
  f.name = std::move(name);
  const std::vector<int> level = LevelTable(known, &f);
  f.codes.resize(values.size());
  const bool every_value_used = f.levels == static_cast<int>(level.size());
  const bool coded = every_value_used ? OffsetCodes(values, known.first, f.levels, f.codes.data())
                                      : TableCodes(values, known.first, level, f.codes.data());
  // A value the counts do not have: they were not these rows' (never the case when the
  // caller counted these very rows; recoding keeps the result right regardless).
  if (!coded) return RecodeFactor(f.name, values);
  return f;
}

}  // namespace govmetrics::stats

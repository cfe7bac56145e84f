#include "common/stats/fixed_effects_factor.h"

#include <algorithm>
#include <numeric>
#include <utility>

namespace govmetrics::stats {

FactorCodes RecodeFactor(std::string name, absl::Span<const int> values) {
  FactorCodes f;
  f.name = std::move(name);
  const size_t n = values.size();
  f.codes.resize(n);
  if (n == 0) return f;
  const auto [min_it, max_it] = std::minmax_element(values.begin(), values.end());
  const int64_t lo = *min_it;
  const int64_t range = static_cast<int64_t>(*max_it) - lo + 1;
  if (range <= static_cast<int64_t>(4 * n + 1024)) {
    // Dense value range (years, 0-based ids): a lookup table, no sort.
    std::vector<int> table(range, -1);
    for (int v : values) table[v - lo] = 0;
    int level = 0;
    for (int64_t i = 0; i < range; ++i) {
      if (table[i] == 0) {
        table[i] = level++;
        f.level_values.push_back(static_cast<int>(i + lo));
      }
    }
    for (size_t i = 0; i < n; ++i) f.codes[i] = table[values[i] - lo];
    f.levels = level;
  } else {
    std::vector<int> sorted(values.begin(), values.end());
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    for (size_t i = 0; i < n; ++i) {
      f.codes[i] = static_cast<int>(
          std::lower_bound(sorted.begin(), sorted.end(), values[i]) -
          sorted.begin());
    }
    f.levels = static_cast<int>(sorted.size());
    f.level_values = std::move(sorted);
  }
  f.counts.assign(f.levels, 0);
  for (int c : f.codes) ++f.counts[c];
  return f;
}

FactorCodes DenseFactor(std::string name, absl::Span<const int> codes, int levels) {
  FactorCodes f;
  f.name = std::move(name);
  f.codes.assign(codes.begin(), codes.end());
  f.levels = levels;
  f.counts.assign(levels, 0);
  for (int c : f.codes) {
    if (static_cast<unsigned>(c) >= static_cast<unsigned>(levels)) return RecodeFactor(f.name, codes);
    ++f.counts[c];
  }
  // A level no row uses would be dropped by recoding: recode.
  if (std::find(f.counts.begin(), f.counts.end(), 0) != f.counts.end()) return RecodeFactor(f.name, codes);
  f.level_values.resize(levels);
  std::iota(f.level_values.begin(), f.level_values.end(), 0);
  return f;
}

FactorCodes IntersectFactors(const FactorCodes& a, const FactorCodes& b) {
  const size_t n = a.codes.size();
  std::vector<int64_t> key(n);
  for (size_t i = 0; i < n; ++i) {
    key[i] = static_cast<int64_t>(a.codes[i]) * b.levels + b.codes[i];
  }
  std::vector<int64_t> sorted = key;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  FactorCodes f;
  f.name = a.name + "#" + b.name;
  f.codes.resize(n);
  for (size_t i = 0; i < n; ++i) {
    f.codes[i] = static_cast<int>(
        std::lower_bound(sorted.begin(), sorted.end(), key[i]) - sorted.begin());
  }
  f.levels = static_cast<int>(sorted.size());
  f.counts.assign(f.levels, 0);
  for (int c : f.codes) ++f.counts[c];
  f.level_values.resize(f.levels);
  for (int l = 0; l < f.levels; ++l) f.level_values[l] = l;
  return f;
}

bool IsNestedIn(const FactorCodes& inner, const FactorCodes& outer) {
  std::vector<int> owner(inner.levels, -1);
  for (size_t i = 0; i < inner.codes.size(); ++i) {
    int& o = owner[inner.codes[i]];
    if (o == -1) {
      o = outer.codes[i];
    } else if (o != outer.codes[i]) {
      return false;
    }
  }
  return true;
}

FactorCodes SubsetFactor(const FactorCodes& f, const std::vector<char>& keep) {
  std::vector<int> values;
  values.reserve(f.codes.size());
  for (size_t i = 0; i < f.codes.size(); ++i) {
    if (keep[i]) values.push_back(f.level_values[f.codes[i]]);
  }
  return RecodeFactor(f.name, values);
}

}  // namespace govmetrics::stats

#include "common/stats/transforms.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace govmetrics::stats {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}  // namespace

absl::StatusOr<std::vector<double>> LogTransform(absl::Span<const double> values,
                                                 absl::string_view column) {
  std::vector<double> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    if (std::isnan(v)) {
      out[i] = kNaN;
      continue;
    }
    if (!(v > 0)) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "log of '%s': non-positive value %g at row %d", column, v, i));
    }
    out[i] = std::log(v);
  }
  return out;
}

absl::StatusOr<std::vector<double>> LagWithinEntity(absl::Span<const double> values,
                                                    absl::Span<const int> entity,
                                                    absl::Span<const int> period, int k,
                                                    absl::string_view column) {
  const size_t n = values.size();
  if (entity.size() != n || period.size() != n) {
    return absl::InvalidArgumentError(absl::StrCat(
        "lag of '", column, "': entity/period length differs from the column"));
  }
  if (k == 0) return std::vector<double>(values.begin(), values.end());
  auto key = [](int e, int t) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(e)) << 32) |
           static_cast<uint32_t>(t);
  };
  std::unordered_map<uint64_t, size_t> row;
  row.reserve(n * 2);
  for (size_t i = 0; i < n; ++i) {
    if (!row.emplace(key(entity[i], period[i]), i).second) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "lag of '%s': entity %d has two rows for period %d (row %d)", column,
          entity[i], period[i], i));
    }
  }
  std::vector<double> out(n, kNaN);
  for (size_t i = 0; i < n; ++i) {
    const int64_t source = static_cast<int64_t>(period[i]) - k;
    if (source < INT_MIN || source > INT_MAX) continue;
    const auto it = row.find(key(entity[i], static_cast<int>(source)));
    if (it != row.end()) out[i] = values[it->second];
  }
  return out;
}

double QuantileType7(const std::vector<double>& sorted, double p) {
  if (sorted.empty()) return kNaN;
  const double h = (static_cast<double>(sorted.size()) - 1.0) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

absl::StatusOr<std::vector<double>> Winsorize(absl::Span<const double> values, double lo,
                                              double hi, absl::string_view column) {
  if (!(lo >= 0 && lo < hi && hi <= 1)) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "winsorize '%s': need 0 <= lower < upper <= 1, got [%g, %g]", column, lo, hi));
  }
  std::vector<double> sorted;
  sorted.reserve(values.size());
  for (double v : values) {
    if (std::isfinite(v)) sorted.push_back(v);
  }
  if (sorted.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("winsorize '", column, "': no finite values"));
  }
  std::sort(sorted.begin(), sorted.end());
  const double qlo = QuantileType7(sorted, lo);
  const double qhi = QuantileType7(sorted, hi);
  std::vector<double> out(values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    out[i] = std::isnan(v) ? v : std::clamp(v, qlo, qhi);
  }
  return out;
}

absl::StatusOr<std::vector<char>> FilterRows(int64_t n, const std::vector<LabelFilter>& filters,
                                             absl::Span<const int> period, PeriodRange range) {
  if (range.min > range.max) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "period range: min %d is after max %d", range.min, range.max));
  }
  std::vector<char> keep(n, 1);
  const bool by_period = range.min != INT_MIN || range.max != INT_MAX;
  if (by_period) {
    if (static_cast<int64_t>(period.size()) != n) {
      return absl::InvalidArgumentError("period range: period codes missing");
    }
    for (int64_t i = 0; i < n; ++i) {
      if (period[i] < range.min || period[i] > range.max) keep[i] = 0;
    }
  }
  for (const LabelFilter& f : filters) {
    if (static_cast<int64_t>(f.labels.size()) != n) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "filter on '%s': %d labels for %d rows", f.column, f.labels.size(), n));
    }
    const std::unordered_set<std::string> set(f.values.begin(), f.values.end());
    for (int64_t i = 0; i < n; ++i) {
      const bool in = set.count(f.labels[i]) > 0;
      if (in == f.exclude) keep[i] = 0;
    }
  }
  return keep;
}

}  // namespace govmetrics::stats

// Pure data transforms applied before a fit (robustness variants): natural
// log, lag within entity, winsorizing at quantiles, and row filters. Missing
// values (NaN) pass through; errors name the column and the offending row.
#ifndef GOVMETRICS_COMMON_STATS_TRANSFORMS_H_
#define GOVMETRICS_COMMON_STATS_TRANSFORMS_H_

#include <climits>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"

namespace govmetrics::stats {

// log(v); InvalidArgument naming the first row (0-based) with v <= 0.
absl::StatusOr<std::vector<double>> LogTransform(absl::Span<const double> values,
                                                 absl::string_view column);

// value of the same entity at period - k (k >= 1 lags, k <= -1 leads).
// Periods are integers (e.g. years), so a missing period (a gap) gives NaN
// rather than silently taking the previous available row. Rows may be in any
// order; a repeated (entity, period) pair is InvalidArgument.
absl::StatusOr<std::vector<double>> LagWithinEntity(absl::Span<const double> values,
                                                    absl::Span<const int> entity,
                                                    absl::Span<const int> period, int k,
                                                    absl::string_view column);

// Quantile of the sorted finite values at probability p, R's type 7 (the R
// and numpy default): h = (n - 1) p, Q = x[floor h] + (h - floor h)(x[floor h + 1] - x[floor h]).
double QuantileType7(const std::vector<double>& sorted, double p);

// Clamps values to [Q(lo), Q(hi)] with Q the type-7 quantile of the finite
// values (pooled over all rows). Requires 0 <= lo < hi <= 1.
absl::StatusOr<std::vector<double>> Winsorize(absl::Span<const double> values, double lo,
                                              double hi, absl::string_view column);

// Row filter: keep rows whose label is (or, with exclude, is not) in `values`.
struct LabelFilter {
  std::string column;
  absl::Span<const std::string> labels;
  std::vector<std::string> values;
  bool exclude = false;
};

// Inclusive period range.
struct PeriodRange {
  int min = INT_MIN;
  int max = INT_MAX;
};

// Keep-mask (1 = keep) of the rows passing every filter.
absl::StatusOr<std::vector<char>> FilterRows(int64_t n, const std::vector<LabelFilter>& filters,
                                             absl::Span<const int> period, PeriodRange range);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_TRANSFORMS_H_

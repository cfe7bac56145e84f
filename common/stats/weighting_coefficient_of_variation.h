#ifndef GOVMETRICS_COMMON_STATS_WEIGHTING_COEFFICIENT_OF_VARIATION_H_
#define GOVMETRICS_COMMON_STATS_WEIGHTING_COEFFICIENT_OF_VARIATION_H_

// Coefficient-of-variation weights:  cv_j = sd_j / mean_j,  w_j = cv_j / sum_k cv_k.
// Convention: computed on the RAW indicator values (the textbook method, as documented by
// SPSSPRO; SPSSAU computes on whatever columns it is given, see docs/methods/index.md).
// On min-max normalised data cv would depend on where the minimum happens to sit, so the
// raw convention is the meaningful one. It requires a ratio scale: raw values >= 0 and a
// positive mean (otherwise FailedPrecondition naming the indicator). sd uses n - 1 (the
// divisor cancels in w). Direction does not enter: dispersion is direction-free.

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stats/weighting_result.h"

namespace govmetrics::stats {

// cv of one indicator from its raw mean, sd and minimum; FailedPrecondition naming
// `indicator` if min < 0 or mean <= 0.
absl::StatusOr<double> CoefficientOfVariation(double mean, double sd, double min,
                                              absl::string_view indicator);

// Convenience over RAW data (rows x indicators), at least 2 rows.
absl::StatusOr<WeightingResult> CoefficientOfVariationWeights(
    const Eigen::Ref<const Eigen::MatrixXd>& raw);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WEIGHTING_COEFFICIENT_OF_VARIATION_H_

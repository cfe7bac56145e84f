// Hansen (1999) panel threshold regression with entity fixed effects: sequential search for
// one, two or three thresholds (with the refinement of the first two), LR confidence
// intervals and curves, and bootstrap F tests for the number of thresholds
// (docs/methods/threshold.md: J. Econometrics 93, 345-368, and his GAUSS/Matlab code).
//
//   ThresholdData data = ...;             // balanced, entity-major
//   ThresholdOptions options;             // thresholds = 2, replications = 300, seed = 7
//   absl::StatusOr<ThresholdFit> fit = FitThresholdModel(data, options);
//
// Errors: INVALID_ARGUMENT for options out of range; FAILED_PRECONDITION when q has fewer
// than kMinThresholdDistinctValues distinct values, or when no candidate of a stage
// identifies a regime; CANCELLED when *should_stop returned true during the bootstrap.
#ifndef GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_MODEL_H_
#define GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_MODEL_H_

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/stop_check.h"
#include "common/stats/threshold/threshold_design.h"

namespace govmetrics::stats {

// Below this many distinct values a "threshold" is a split between a few categories, better
// modelled with group dummies, and the quantile grid degenerates to repeated points.
inline constexpr int kMinThresholdDistinctValues = 10;

struct ThresholdOptions {
  int thresholds = 1;    // 1..3
  int quantiles = 400;   // Hansen's qn
  // Trim of the first-stage grid (also the minimum regime share of stage 1), and of the
  // second and third stages (Hansen: 0.01, 0.01, 0.05).
  std::array<double, 3> trim = {0.01, 0.01, 0.05};
  double confidence_level = 0.95;
  int replications = 300;  // per F test; 0 = no bootstrap
  uint64_t seed = 0;
  int threads = 2;
  const StopPredicate* should_stop = nullptr;
};

// One threshold with its LR curve: LR(g) = (S(g) - S(g^)) / s2, s2 = S(g^) / (n (T - 1)).
struct ThresholdEstimate {
  std::string stage;  // "single", "double: second", "double: first (refined)", "triple: third"
  double value = 0;
  double ssr = 0;               // S(g^), the minimum of the curve
  double ci_lower = 0;          // smallest / largest candidate with LR(g) <= c(alpha)
  double ci_upper = 0;
  std::vector<double> candidates;
  std::vector<double> lr;       // +inf where the candidate was not identified
};

// F_k = (S_{k-1} - S_k) / (S_k / (n (T - 1))) with Hansen's fixed-regressor bootstrap.
struct ThresholdTest {
  int thresholds = 0;      // k
  double ssr_null = 0;     // S_{k-1}
  double ssr = 0;          // S_k
  double mse = 0;          // S_k / (n (T - 1))
  double f_statistic = 0;
  double p_value = 0;      // #(F* >= F) / B (NaN without bootstrap)
  std::array<double, 3> critical_values = {0, 0, 0};  // type-7 quantiles .90 .95 .99 of F*
  int replications = 0;
};

struct ThresholdFit {
  double ssr_linear = 0;                 // S_0: fixed effects, no threshold
  std::vector<ThresholdEstimate> stages;  // every search, in the order they ran
  std::vector<double> thresholds;         // final thresholds, ascending
  double ssr = 0;                         // SSR of the final model
  std::vector<ThresholdTest> tests;       // F_1..F_m
  double critical_lr = 0;                 // c(alpha) = -2 log(1 - sqrt(alpha))
  int grid_size = 0;                      // first-stage grid entries
  int distinct_values = 0;
};

absl::StatusOr<ThresholdFit> FitThresholdModel(const ThresholdData& data, const ThresholdOptions& options);

// c(alpha) = -2 log(1 - sqrt(alpha)) (Hansen 2000, Econometrica 68, eq. 22).
double ThresholdLrCritical(double confidence_level);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_MODEL_H_

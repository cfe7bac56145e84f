// The sequential threshold search of Hansen (1999, section 5), shared by the estimate and
// every bootstrap replicate so both follow exactly the same rules:
//   stage 1:  g1 = argmin S1(g) over the grid;                    F1 = (S0 - S1) / s2_1
//   stage 2:  g2 = argmin S2(g | g1) over the grid minus the trim around g1;
//             F2 = (S1 - S2) / s2_2  (S2 the stage-2 minimum, Hansen's F2)
//   refine:   g1r = argmin S(g | g2) over the grid minus the trim around g2
//   stage 3:  g3 = argmin S3(g | g1r, g2);  F3 = (S(g1r, g2) - S3) / s2_3
// with s2_k = S_k / (n (T - 1)). The first minimum wins ties (the lowest candidate).
#ifndef GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_SEARCH_H_
#define GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_SEARCH_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/threshold/threshold_design.h"
#include "common/stats/threshold/threshold_model.h"
#include "common/stats/threshold/threshold_ssr_plan.h"

namespace govmetrics::stats {

struct StageSearch {
  double value = 0;
  double ssr = 0;
  std::vector<double> candidates;
  std::vector<double> ssr_curve;
};

struct SequentialSearch {
  double ssr_linear = 0;
  StageSearch single, second, first_refined, third;
  std::vector<double> f;  // F_1..F_m
  // The thresholds of the model with k thresholds (k = 1..m), as the tests' nulls use them.
  std::vector<double> ThresholdsOf(int k) const;
};

// What a search is for: the model's estimates need every stage up to `thresholds`
// (with the refined first threshold); a bootstrap replicate of the F_k test needs only
// F_k, and F_2 compares stages 1 and 2, so with k = 2 the refinement (a third of that
// replicate's work) is skipped. The refinement only feeds stage 3.
enum class SearchScope { kEstimates, kLastFStatistic };

// FAILED_PRECONDITION (naming the stage) when no candidate of a stage identifies a regime.
// `plans` (on `design`) lets the searches of many y share the design's part of the SSR
// curves (the bootstrap); without it every curve is computed in full.
absl::StatusOr<SequentialSearch> SearchThresholds(const ThresholdDesign& design, const Eigen::VectorXd& y,
                                                  const std::vector<double>& grid,
                                                  const ThresholdOptions& options, int thresholds,
                                                  SearchScope scope = SearchScope::kEstimates,
                                                  SsrCurvePlans* plans = nullptr);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_SEARCH_H_

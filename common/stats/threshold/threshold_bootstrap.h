// Hansen's (1999, section 3.3) fixed-regressor bootstrap of the F test for k thresholds
// against k - 1: regressors and threshold variable stay fixed; the within residuals of the
// model with k - 1 thresholds are resampled by entity (whole T-vectors, with replacement),
// y* = fitted + e*, and the same sequential search (threshold_search.h) is run on y*.
// Replicate r of test k draws from ReplicateStream(seed, kThresholdBootstrap, k << 32 | r),
// so results do not depend on the number of threads.
#ifndef GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_BOOTSTRAP_H_
#define GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_BOOTSTRAP_H_

#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/threshold/threshold_search.h"

namespace govmetrics::stats {

// F*_k of every replicate for the test of k thresholds against the null `null_thresholds`.
absl::StatusOr<std::vector<double>> BootstrapThresholdF(const ThresholdDesign& design,
                                                        const std::vector<double>& grid,
                                                        const std::vector<double>& null_thresholds, int k,
                                                        const ThresholdOptions& options);

// The entity drawn for each position in replicate r of test k (exposed for the reference test).
std::vector<int64_t> ThresholdBootstrapDraws(uint64_t seed, int k, int64_t r, int64_t entities);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_BOOTSTRAP_H_

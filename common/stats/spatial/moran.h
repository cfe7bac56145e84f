// Global spatial autocorrelation of one cross-section x under weights W, as R spdep's
// moran.test / geary.test (adjust.n = TRUE: constants use the units with neighbours) and
// moran.mc / geary.mc style permutation tests:
//   Moran's I = (n/S0) z'Wz / z'z, E(I) = -1/(n-1);
//   Geary's C = ((n-1)/(2 S0)) sum_ij w_ij (x_i - x_j)^2 / sum_i (x_i - xbar)^2, E(C) = 1;
// variances under normality and under randomisation (Cliff and Ord 1981, as spdep),
// z = (I - E(I))/sd for Moran, (1 - C)/sd for Geary (positive = positive
// autocorrelation for both). Formulas: docs/methods/spatial.md.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_MORAN_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_MORAN_H_

#include <cstdint>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/spatial/permutation_table.h"
#include "common/stats/spatial/spatial_weights.h"
#include "common/stats/stop_check.h"

namespace govmetrics::stats {

// S0, S1, S2 and the unit counts of spdep's spweights.constants.
struct WeightsConstants {
  double n = 0;      // units with neighbours (adjust.n = TRUE)
  double n_all = 0;  // every unit
  double s0 = 0;     // sum of weights
  double s1 = 0;     // (1/2) sum_ij (w_ij + w_ji)^2
  double s2 = 0;     // sum_i (w_i. + w_.i)^2
};
WeightsConstants ComputeWeightsConstants(const SpatialWeights& weights);

struct AutocorrelationTest {
  double expectation = 0;
  double variance = 0;
  double z = 0;            // positive = positive autocorrelation
  double p_greater = 0;    // one-sided, positive autocorrelation (spdep's default)
  double p_two_sided = 0;
};

struct GlobalAutocorrelation {
  double statistic = 0;  // I or C
  AutocorrelationTest normal;
  AutocorrelationTest randomisation;
  // (1 + #{permuted statistic at least as extreme toward positive autocorrelation}) /
  // (permutations + 1); NaN when permutations == 0.
  double permutation_p = 0;
  int64_t permutations = 0;
};

struct PermutationSettings {
  int64_t permutations = 0;  // 0: none
  uint64_t seed = 0;
  int threads = 1;
  const StopPredicate* should_stop = nullptr;
  // Optional: the permutations drawn once for several tests (used when it matches the
  // units, permutations and seed; the same p-values either way).
  const PermutationTable* table = nullptr;
};

// `x` finite, one value per unit of `weights`; at least 4 units with neighbours, x not
// constant (FailedPrecondition otherwise).
absl::StatusOr<GlobalAutocorrelation> MoranI(const Eigen::VectorXd& x, const SpatialWeights& weights,
                                             const PermutationSettings& permutation);
absl::StatusOr<GlobalAutocorrelation> GearyC(const Eigen::VectorXd& x, const SpatialWeights& weights,
                                             const PermutationSettings& permutation);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_MORAN_H_

// Absorbing (sweeping out) fixed effects from data columns, in place.
//
// Methods, chosen automatically:
//  * one factor: exact demeaning, x - mean_g(x).
//  * two factors that cross completely once (a balanced panel): exact
//    x - mean_i - mean_t + mean.
//  * otherwise: alternating projections on the fixed-effect coefficients
//    (Gauss-Seidel sweeps over the factors, as in fixest / reghdfe) with
//    Irons-Tuck acceleration, until the largest coefficient change is below
//    tolerance x RMS(x).
// Columns are independent, so they are processed on separate threads.
#ifndef GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_ABSORB_H_
#define GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_ABSORB_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/fixed_effects_crossing.h"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

struct AbsorbOptions {
  double tolerance = 1e-12;
  int max_iterations = 10000;
  int threads = 2;
  // Polled between iterations; returning true aborts with CancelledError.
  const std::function<bool()>* should_stop = nullptr;
  // For two factors: whether they cross completely, when the caller knows
  // (fixed_effects_crossing.h); kUnknown: IsCompleteCrossing looks.
  Crossing crossing = Crossing::kUnknown;
  // Called on the thread that absorbed column `c`, right after it: work on the absorbed
  // column that then overlaps the absorption of the others (null: none).
  const std::function<void(int c)>* after_column = nullptr;
};

struct AbsorbReport {
  std::string method;   // "none", "one_way_exact", "two_way_balanced_exact",
                        // "alternating_projections"
  int iterations = 0;   // largest over columns (0 for exact methods)
  bool converged = true;
  double worst_change = 0.0;  // final relative change of the worst column
};

// Demeans each of the `columns` (each pointing at n doubles) with respect to
// all `factors` (each with n codes).
absl::StatusOr<AbsorbReport> AbsorbFixedEffects(
    const std::vector<const FactorCodes*>& factors,
    const std::vector<double*>& columns, int64_t n,
    const AbsorbOptions& options);

// True if two factors cross completely, each (a, b) pair exactly once.
bool IsCompleteCrossing(const FactorCodes& a, const FactorCodes& b);

// Rows to drop as singletons: rows alone in their level of any factor,
// found iteratively (dropping one can create another), as reghdfe does.
// Returns a keep-mask (1 = keep) and the number dropped.
std::vector<char> SingletonKeepMask(const std::vector<const FactorCodes*>& factors,
                                    int64_t* dropped);

// Degrees of freedom absorbed by the fixed effects: G1 for one factor;
// G1 + G2 - (connected components of the bipartite level graph) for two, which
// is exact; each further factor adds G_q - 1 (an upper bound, as reghdfe's
// default). `components` receives the component count for two or more factors.
// `crossing`: of the first two factors, when the caller knows it; a complete crossing
// is one component (no union-find over the rows).
int64_t AbsorbedDegreesOfFreedom(const std::vector<const FactorCodes*>& factors, int* components,
                                 Crossing crossing = Crossing::kUnknown);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_ABSORB_H_

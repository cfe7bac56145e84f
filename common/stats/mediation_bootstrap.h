// Resampling of a mediation model's indirect effects: the bootstrap replicates
// and the jackknife (for the BCa acceleration), on the fast cross-product path
// (bootstrap_cross_products.h): per replicate the data are resampled, every
// variable is demeaned once, and the a- and b-paths of every mediator are read
// off one p x p cross-product matrix.
//
// Resampling units:
//  * entity blocks: G entities drawn with replacement, each with all its rows;
//    the j-th draw becomes a NEW entity j, so an entity drawn twice gets two
//    fixed effects (the cluster bootstrap of Cameron, Gelbach & Miller 2008).
//    A balanced panel stays balanced, so two-way demeaning stays exact.
//  * observations: n rows drawn with replacement; rows keep their entity.
// A replicate whose design is singular (e.g. a variable without within
// variation in the drawn entities) yields NaN for the statistics it affects;
// those replicates are counted and left out of the CI (never redrawn, so the
// result stays a function of (seed, r) only).
#ifndef GOVMETRICS_COMMON_STATS_MEDIATION_BOOTSTRAP_H_
#define GOVMETRICS_COMMON_STATS_MEDIATION_BOOTSTRAP_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

enum class ResampleUnit { kEntityBlock, kObservation };

const char* ToString(ResampleUnit u);

// The common estimation sample in the layout of the fast path.
struct MediationSample {
  // n x p: column 0 the treatment, 1..K the mediators, then the controls, and
  // the outcome last.
  Eigen::MatrixXd z;
  int n_mediators = 0;
  int n_controls = 0;
  bool parallel = false;  // one outcome model with every mediator
  // Row identifiers: entity codes 0..G-1, period values, extra absorbed labels.
  std::vector<int> entity;
  std::vector<int> period;
  std::vector<std::vector<int>> absorb;
  bool absorb_entity = false;
  bool absorb_period = false;
  bool intercept_only = true;  // pooled OLS: centre the columns
  int n_entities = 0;
};

// Statistics per replicate: the K indirect effects a_k b_k, then their sum.
struct MediationResampling {
  std::vector<std::vector<double>> replicates;   // [statistic][r], NaN if failed
  std::vector<int64_t> failures;                 // per statistic
  std::vector<std::vector<double>> jackknife;    // [statistic][unit] (BCa only)
};

// Evaluates the K + 1 statistics on the given rows (with repetition) where
// `fe_entity[i]` is the entity fixed-effect level of the i-th row. Exposed for
// tests: on the full sample it must reproduce the model fits.
void EvaluateIndirectEffects(const MediationSample& sample, const std::vector<int>& rows,
                             const std::vector<int>& fe_entity, double* out);

struct MediationResamplingOptions {
  int replications = 1000;
  uint64_t seed = 0;
  ResampleUnit unit = ResampleUnit::kEntityBlock;
  bool jackknife = false;
  int threads = 2;
};

absl::StatusOr<MediationResampling> ResampleIndirectEffects(
    const MediationSample& sample, const MediationResamplingOptions& options,
    const std::function<bool()>* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_MEDIATION_BOOTSTRAP_H_

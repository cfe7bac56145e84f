// Sandwich covariance estimators for linear models: bread (X'X)^{-1} from the
// fit, meat from the scores x_i e_i. The regressors passed here are the
// transformed ones the coefficients were estimated on (demeaned for within,
// quasi-demeaned for random effects, differenced for FD, first-stage fitted
// values for 2SLS), as plm / sandwich / fixest do.
#ifndef GOVMETRICS_COMMON_STATS_VARIANCE_ESTIMATORS_H_
#define GOVMETRICS_COMMON_STATS_VARIANCE_ESTIMATORS_H_

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/panel_options.h"
#include "common/stats/variance_small_sample.h"

namespace govmetrics::stats {

struct VarianceContext {
  VarianceOptions options;
  double ssr = 0;       // sum of squared residuals (for iid)
  int64_t k = 0;        // estimated coefficients (columns of x)
  int64_t df_absorbed = 0;
  int64_t df_absorbed_nested = 0;
  double df_resid = 0;
  // kCluster: the one or two clustering factors (row-aligned with x).
  std::vector<const FactorCodes*> clusters;
  // kDriscollKraay: the period factor (levels in time order).
  const FactorCodes* period = nullptr;
  int64_t max_periods_per_entity = 0;  // for the default DK lag
  // HC2/HC3: leverage of the absorbed fixed effects, added to the leverage of
  // the (demeaned) regressors so h_i is the LSDV hat diagonal (Stata areg /
  // sandwich on the dummy regression). Empty: demeaned leverage only (plm).
  Eigen::VectorXd absorbed_leverage;
  int threads = 2;
};

struct VarianceResult {
  Eigen::MatrixXd covariance;
  SmallSampleAdjustment adjustment;
  std::vector<int64_t> cluster_counts;  // G per dimension (+ intersection)
  int max_lag = 0;                      // Driscoll-Kraay lag used
  bool positive_semidefinite = true;    // two-way clustering can fail this
};

absl::StatusOr<VarianceResult> ComputeCoefficientVariance(
    const Eigen::Ref<const Eigen::MatrixXd>& x,
    const Eigen::Ref<const Eigen::VectorXd>& resid, const Eigen::MatrixXd& bread,
    const VarianceContext& context);

// The covariance kernels of the registered variance estimators
// (common/stats/panel/variance_registry.h has their contract).
absl::Status IidCovariance(const Eigen::Ref<const Eigen::MatrixXd>& x,
                           const Eigen::Ref<const Eigen::VectorXd>& resid,
                           const Eigen::MatrixXd& bread, const VarianceContext& context,
                           SmallSampleInputs& ss, VarianceResult* out);
// HC0-HC3 (ctx.options.type selects the leverage weighting).
absl::Status HeteroskedasticCovariance(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                       const Eigen::Ref<const Eigen::VectorXd>& resid,
                                       const Eigen::MatrixXd& bread,
                                       const VarianceContext& context, SmallSampleInputs& ss,
                                       VarianceResult* out);
// One-way, or two-way as Cameron-Gelbach-Miller.
absl::Status ClusterCovariance(const Eigen::Ref<const Eigen::MatrixXd>& x,
                               const Eigen::Ref<const Eigen::VectorXd>& resid,
                               const Eigen::MatrixXd& bread, const VarianceContext& context,
                               SmallSampleInputs& ss, VarianceResult* out);
absl::Status DriscollKraayCovariance(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                     const Eigen::Ref<const Eigen::VectorXd>& resid,
                                     const Eigen::MatrixXd& bread,
                                     const VarianceContext& context, SmallSampleInputs& ss,
                                     VarianceResult* out);

// Building blocks (exposed for tests and for the Hausman auxiliary test).

// Leverages h_i = x_i' bread x_i.
Eigen::VectorXd Leverages(const Eigen::Ref<const Eigen::MatrixXd>& x,
                          const Eigen::MatrixXd& bread, int threads);

// sum_i w_i e_i^2 x_i x_i' (w empty means 1).
Eigen::MatrixXd HeteroskedasticMeat(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                    const Eigen::Ref<const Eigen::VectorXd>& resid,
                                    const Eigen::VectorXd& weights, int threads);

// Per-level score sums: row g is sum_{i in g} x_i e_i.
Eigen::MatrixXd ScoreSums(const Eigen::Ref<const Eigen::MatrixXd>& x,
                          const Eigen::Ref<const Eigen::VectorXd>& resid,
                          const FactorCodes& group, int threads);

// Driscoll-Kraay meat: S_0 + sum_{l=1}^{L} (1 - l/(L+1)) (S_l + S_l') with
// S_l = sum_t h_t h_{t-l}', h_t the period score sums.
Eigen::MatrixXd DriscollKraayMeat(const Eigen::MatrixXd& period_sums, int max_lag);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_VARIANCE_ESTIMATORS_H_

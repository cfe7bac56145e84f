// Mediation analysis of a treatment X on an outcome Y through mediators M_k,
// with controls C, every equation fitted by the panel engine under ONE model
// convention (fixed effects, variance, small-sample rules) on ONE sample:
//
//   total     Y   = c  X + C g + FE + e
//   a-path    M_k = a_k X + C g + FE + e               (one per mediator)
//   separate  Y   = c'_k X + b_k M_k + C g + FE + e    (one per mediator)
//   parallel  Y   = c' X + sum_k b_k M_k + C g + FE + e
//
// The common sample drops, up front, every row with a missing value in ANY
// variable of ANY equation (counted in `dropped_rows`), so c = c' + a b holds
// exactly (separate mode; c = c' + sum a_k b_k in parallel mode).
// Per mediator: a, b, c, c' with the model's SE / p, Sobel / Aroian / Goodman
// tests, a bootstrap SE and CI of a b (mediation_bootstrap.h, bootstrap_ci.h),
// a b / c, |a b / c'| and the Wen & Ye (2014) classification
// (mediation_classify.h). Formulas: docs/methods/mediation.md.
#ifndef GOVMETRICS_COMMON_STATS_MEDIATION_ANALYSIS_H_
#define GOVMETRICS_COMMON_STATS_MEDIATION_ANALYSIS_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/bootstrap_ci.h"
#include "common/stats/mediation_bootstrap.h"
#include "common/stats/mediation_classify.h"
#include "common/stats/mediation_tests.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

enum class MediationMode { kSeparate, kParallel };

const char* ToString(MediationMode m);

struct MediationInput {
  // y is the outcome; x holds (at least) the treatment, mediators and controls,
  // referred to by name. Entity / period / absorb / cluster as for FitPanelModel.
  PanelInput data;
  std::string treatment;
  std::vector<std::string> mediators;
  std::vector<std::string> controls;
};

struct MediationBootstrapOptions {
  int replications = 0;  // 0: no bootstrap; at most kMaxReplications
  uint64_t seed = 0;
  double ci_level = 0.95;
  BootstrapCiMethod ci_method = BootstrapCiMethod::kPercentile;
  ResampleUnit resample = ResampleUnit::kEntityBlock;
  int threads = 2;
};

struct MediationOptions {
  // Estimator must be kPooledOls or kWithin.
  PanelModelOptions model;
  MediationMode mode = MediationMode::kSeparate;
  MediationBootstrapOptions bootstrap;
  double alpha = 0.05;  // significance level of the stepwise classification
};

struct PathCoefficient {
  double estimate = 0;
  double std_error = 0;
  double statistic = 0;
  double p_value = 0;
  double df = 0;  // t degrees of freedom (0 = normal)
};

struct MediatorEffect {
  std::string mediator;
  PathCoefficient a, b, c, c_prime;
  double indirect = 0;  // a b
  IndirectZTest sobel, aroian, goodman;
  // Bootstrap (NaN when no bootstrap was requested).
  double bootstrap_std_error = 0;
  double bootstrap_ci_lower = 0;
  double bootstrap_ci_upper = 0;
  double bootstrap_z0 = 0;
  double bootstrap_acceleration = 0;
  int64_t bootstrap_replicates = 0;  // replicates that could be computed
  int64_t bootstrap_failures = 0;    // singular resamples, left out
  double proportion_mediated = 0;       // a b / c
  double indirect_to_direct_ratio = 0;  // |a b / c'|
  Classification classification;
};

struct MediationResult {
  std::vector<MediatorEffect> mediators;
  // Parallel mode: sum_k a_k b_k and its bootstrap SE / CI (NaN in separate mode).
  double total_indirect = 0;
  double total_indirect_std_error = 0;
  double total_indirect_ci_lower = 0;
  double total_indirect_ci_upper = 0;
  int64_t n_obs = 0;        // rows of the common sample used by every equation
  int64_t n_entities = 0;
  int64_t n_input_rows = 0;
  std::vector<DroppedRows> dropped_rows;  // missing values (common sample), singletons
  PanelFit total_fit;                     // Y ~ X + C: conventions applied
  std::vector<std::string> notes;
};

// InvalidArgument: unknown names, a mediator equal to the treatment / outcome,
// an estimator other than pooled OLS / within, replications out of range.
// FailedPrecondition: treatment or a mediator collinear with the fixed effects,
// no residual degrees of freedom. Cancelled: should_stop returned true.
absl::StatusOr<MediationResult> AnalyzeMediation(MediationInput input,
                                                 const MediationOptions& options,
                                                 const std::function<bool()>* should_stop = nullptr);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_MEDIATION_ANALYSIS_H_

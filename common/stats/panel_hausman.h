// Hausman specification tests of fixed vs random effects.
//
//  * kChiSquared (plm::phtest(fe, re)): H = |d' (V_fe - V_re)^{-1} d|, d the
//    difference of the common slope estimates, both covariances classical
//    (iid); chi-square with q = #common slopes. Not robust to
//    heteroskedasticity or serial correlation, and V_fe - V_re may fail to be
//    positive definite in finite samples (reported).
//  * kAuxiliaryRegression (plm::phtest(method = "aux"), Wooldridge 2010
//    10.7.3 / Mundlak): pooled OLS of the RE-transformed y on an intercept,
//    the RE-transformed X and the within-transformed X; Wald test that the
//    coefficients of the within-transformed X are zero, with ANY variance
//    estimator (cluster-robust by entity is the usual choice), chi-square(q).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_HAUSMAN_H_
#define GOVMETRICS_COMMON_STATS_PANEL_HAUSMAN_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"

namespace govmetrics::stats {

enum class HausmanMethod { kChiSquared, kAuxiliaryRegression };

struct HausmanOptions {
  HausmanMethod method = HausmanMethod::kChiSquared;
  FixedEffectsKind effect = FixedEffectsKind::kEntity;  // or kPeriod
  // Auxiliary regression only; e.g. kCluster by entity with kNone reproduces
  // phtest(method = "aux", vcov = function(x) vcovHC(x, method = "arellano")).
  VarianceOptions variance;
  double collinearity_tolerance = 1e-10;
  int threads = 2;
};

struct HausmanResult {
  std::string method;  // "chisq" or "aux"
  double statistic = 0;
  int df = 0;
  double p_value = 0;
  std::vector<std::string> coefficients;  // the slopes compared / tested
  std::vector<double> fixed_effects_estimates;   // chisq only
  std::vector<double> random_effects_estimates;  // chisq only
  bool variance_difference_positive_definite = true;  // chisq only
  int64_t n_obs = 0;
  std::vector<std::string> notes;
};

absl::StatusOr<HausmanResult> HausmanTest(
    PanelInput input, const HausmanOptions& options,
    const std::function<bool()>* should_stop = nullptr);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_HAUSMAN_H_

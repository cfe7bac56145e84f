// Everything a panel model fit reports: the coefficient table, the full
// covariance, fit statistics, what was dropped and why, and the conventions
// actually applied (small-sample factor, reference distribution, resolved
// options).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_RESULT_H_
#define GOVMETRICS_COMMON_STATS_PANEL_RESULT_H_

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "common/stats/panel/iv_diagnostics_result.h"
#include "common/stats/panel_options.h"

namespace govmetrics::stats {

inline constexpr double kNotApplicable = std::numeric_limits<double>::quiet_NaN();

struct CoefficientEstimate {
  std::string name;  // "(Intercept)" for the intercept
  double estimate = 0;
  double std_error = 0;
  double statistic = 0;  // estimate / std_error (t or z)
  double p_value = 0;
  double ci_lower = 0;
  double ci_upper = 0;
};

struct DroppedRows {
  std::string reason;  // e.g. "missing value in 'capital'", "singleton"
  int64_t count = 0;
};

struct FirstStageSummary {
  std::string endogenous;
  double f_statistic = 0;  // Wald/q on the excluded instruments, same variance
  double f_p_value = 0;
  int df1 = 0;
  double df2 = 0;          // inference df (infinite when normal)
  double partial_r_squared = 0;
  // Classical (iid) F of the excluded instruments, whatever the variance:
  // ((SSR_r - SSR_u) / q) / (SSR_u / (n - k_first_stage - df_absorbed)).
  double f_statistic_iid = 0;
  double f_p_value_iid = 0;
  double df2_iid = 0;
  // The first-stage regression: coefficients of the exogenous regressors and
  // excluded instruments, standard errors from the model's variance estimator.
  std::vector<CoefficientEstimate> coefficients;
};

// The effect of the focal regressor at one value (or level) of the moderator:
// b_focal + b_product * m, its SE from the model covariance
// sqrt(V_ff + 2 m V_fp + m^2 V_pp), with m on the scale the product was formed
// on (centred when centring was requested).
struct SimpleSlope {
  std::string at_label;        // "mean-1SD", "mean", "mean+1SD", a value, or a level
  double at = kNotApplicable;  // moderator value, raw scale (NaN for a level)
  double slope = 0;
  double std_error = 0;
  double statistic = 0;
  double p_value = 0;
  double ci_lower = 0;
  double ci_upper = 0;
};

// Johnson-Neyman: the moderator values (raw scale) where the focal slope is
// significant at the model's confidence level. region: "outside" (significant
// below lower and above upper), "inside" (between them), "everywhere",
// "nowhere".
struct JohnsonNeymanInterval {
  bool computed = false;  // continuous moderators only
  std::string region;
  double lower = kNotApplicable;
  double upper = kNotApplicable;
  double critical_value = kNotApplicable;
  double observed_min = kNotApplicable;  // moderator range in the sample
  double observed_max = kNotApplicable;
};

struct ModerationEffect {
  std::string focal;
  std::string moderator;
  bool label_moderator = false;
  std::vector<std::string> terms;  // product coefficients
  bool centered = false;
  double focal_center = 0;      // subtracted from the focal (0 if not centred)
  double moderator_center = 0;  // subtracted from the moderator
  double moderator_mean = kNotApplicable;  // estimation sample, raw scale
  double moderator_sd = kNotApplicable;    // n - 1 denominator
  double observed_min = kNotApplicable;    // moderator range, raw scale
  double observed_max = kNotApplicable;
  // Continuous: at the requested values (default mean -/+ 1 SD); label: one
  // per level, the reference level first.
  std::vector<SimpleSlope> slopes;
  JohnsonNeymanInterval johnson_neyman;
};

struct RandomEffectsSummary {
  double sigma2_idiosyncratic = kNotApplicable;
  double sigma2_effect = kNotApplicable;  // individual (or time) effect
  double theta_min = kNotApplicable;      // theta varies with T_i if unbalanced
  double theta_max = kNotApplicable;
  // theta for each group size T_g present: {T_g, theta}, increasing T_g.
  std::vector<std::pair<int64_t, double>> theta_by_group_size;
};

struct PanelFit {
  std::vector<CoefficientEstimate> coefficients;
  Eigen::MatrixXd covariance;  // in coefficient order

  int64_t n_obs = 0;
  int64_t n_entities = 0;
  int64_t n_periods = 0;
  double df_resid = 0;       // n_obs - coefficients - df_absorbed
  int64_t df_absorbed = 0;   // fixed-effect degrees of freedom
  int fe_components = 0;     // connected components (two-way)
  double ssr = 0;
  double r_squared = kNotApplicable;          // as plm defines it per model
  double r_squared_within = kNotApplicable;   // within / IV with effects
  double r_squared_overall = kNotApplicable;  // 1 - SSR/TSS(y): LSDV R2
  double adj_r_squared = kNotApplicable;      // 1-(1-R2)(n-1)/df_resid (plm)

  // Joint test that all slopes (every coefficient but the intercept) are 0.
  double f_statistic = kNotApplicable;  // Wald / q with the chosen variance
  double f_p_value = kNotApplicable;
  int f_df1 = 0;
  double f_df2 = 0;
  double wald_statistic = kNotApplicable;  // q * F, chi-square(q) reference
  double wald_p_value = kNotApplicable;
  std::string f_kind;  // "classical" (iid) or "robust_wald"

  // Variance conventions applied.
  std::vector<double> small_sample_factors;  // per sandwich term
  int64_t small_sample_k = 0;
  std::string small_sample_formula;
  std::string distribution;  // "t(df)" or "normal"
  double inference_df = 0;   // t df (0 for normal)
  std::vector<int64_t> cluster_counts;
  int driscoll_kraay_lag = 0;
  bool covariance_psd = true;

  // What was removed.
  int64_t n_input_rows = 0;
  std::vector<DroppedRows> dropped_rows;
  int64_t singletons_dropped = 0;
  std::vector<std::string> collinear_dropped;  // regressor names

  // Fixed-effect absorption diagnostics.
  std::string absorb_method;
  int absorb_iterations = 0;
  bool absorb_converged = true;

  RandomEffectsSummary random_effects;
  std::vector<FirstStageSummary> first_stage;
  IvDiagnostics iv_diagnostics;
  std::vector<ModerationEffect> moderation;  // one per PanelInput::interactions

  PanelModelOptions resolved;           // options with defaults made explicit
  std::vector<std::string> notes;       // human-readable warnings
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_RESULT_H_

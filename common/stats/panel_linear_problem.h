// The common last step of every panel estimator: each estimator transforms the
// data (demeaning, quasi-demeaning, differencing, averaging) into a linear
// problem y ~ X (optionally instrumented), and this file solves it, computes
// the covariance under the requested convention and builds the coefficient
// table, R-squared and the joint Wald / F test.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_LINEAR_PROBLEM_H_
#define GOVMETRICS_COMMON_STATS_PANEL_LINEAR_PROBLEM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

struct LinearProblem {
  // Design and response; only the first n rows are used (the matrices may be
  // taller: rows are compacted in place rather than reallocated).
  Eigen::MatrixXd x;
  Eigen::VectorXd y;
  int64_t n = 0;
  std::vector<std::string> names;
  int intercept = -1;  // column of the intercept, -1 if none
  // Squared column norms before fixed effects were absorbed (see
  // linear_solve.h); empty when nothing was absorbed.
  Eigen::VectorXd reference_sq_norms;

  // IV: excluded instruments (same row layout) and endogenous columns of x.
  Eigen::MatrixXd z;
  std::vector<std::string> z_names;
  Eigen::VectorXd z_reference_sq_norms;
  std::vector<int> endogenous;

  // Row-aligned identifiers for clustering / Driscoll-Kraay (levels may be 0
  // when the identifier was not supplied).
  FactorCodes entity;
  FactorCodes period;
  std::vector<FactorCodes> extra_clusters;  // PanelInput::clusters, by name
  int64_t max_periods_per_entity = 0;

  // Absorbed fixed effects (for the degrees of freedom and nesting tests).
  std::vector<FactorCodes> absorbed;
  int64_t df_absorbed = 0;

  // R-squared denominators: tss for r_squared (centered TSS of the response
  // the estimator's R2 is defined on), tss_overall for r_squared_overall.
  double tss = kNotApplicable;
  double tss_overall = kNotApplicable;
  bool report_within_r2 = false;
  // plm's summary R2 is cor(y, fitted)^2. It equals 1 - SSR/TSS whenever the
  // design contains a constant (or the data are demeaned); it differs for
  // unbalanced random effects, whose "intercept" column is 1 - theta_i.
  bool r2_by_correlation = false;
};

// Solves, estimates the covariance and fills the statistics of `fit`.
// May reorder/shrink p.x columns (collinear ones are removed in place).
absl::Status SolveLinearProblem(LinearProblem& p, const PanelModelOptions& options,
                                PanelFit* fit);

// The identifier named "entity", "period" or a PanelInput::clusters name, as
// codes of the problem's rows; nullptr when the problem lacks it.
const FactorCodes* FindClusterFactor(const LinearProblem& p, const std::string& name);

// Centered total sum of squares of the first n entries.
double CenteredSumOfSquares(const double* v, int64_t n);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_LINEAR_PROBLEM_H_

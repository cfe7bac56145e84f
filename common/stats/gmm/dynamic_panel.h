// Dynamic panel GMM: Arellano-Bond (1991) difference GMM and Blundell-Bond (1998)
// system GMM, one- and two-step, with the conventions of R plm::pgmm (2.6) so that
// results match it to rounding (docs/methods/gmm.md lists every convention):
// the panel is completed to the entity x period grid, lags are positional on it, rows
// with a missing value are zeroed, step one weights by (sum_i Z_i' H Z_i)^-1, step two
// by (sum_i Z_i' u_i u_i' Z_i)^-1, robust errors are the one-step sandwich or the
// Windmeijer (2005) corrected two-step covariance, AR tests are Arellano-Bond's m1/m2
// on the differenced residuals, Hansen's J is plm's sargan().
//
// Built blockwise per group (sparse instrument rows), never as one stacked matrix.
#ifndef GOVMETRICS_COMMON_STATS_GMM_DYNAMIC_PANEL_H_
#define GOVMETRICS_COMMON_STATS_GMM_DYNAMIC_PANEL_H_

#include <optional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats::gmm {

// The data: row-aligned columns (NaN = missing), dense entity codes, periods.
struct DynamicPanelData {
  int n_entities = 0;
  std::vector<int> entity;  // 0..n_entities-1 per row
  std::vector<int> period;  // any integers; their sorted distinct values are the grid
  std::vector<std::string> column_names;
  std::vector<Eigen::VectorXd> columns;
};

enum class Transformation { kDifference, kSystem };

// A variable at some lags (0 = current period), e.g. wage at {0, 1}.
struct LaggedVariable {
  int column = 0;
  std::vector<int> lags;
};

// GMM-style instruments: levels of `column` at lags min_lag..max_lag for the
// differenced equation (one column per period and lag, or per lag when collapsed).
struct GmmInstrument {
  int column = 0;
  int min_lag = 2;
  int max_lag = 99;
  bool collapse = false;
};

// A set of instrument columns for a difference-in-Hansen test: GMM-style entries
// (indices into DynamicPanelSpec::gmm) and IV-style entries (indices into the
// resolved IV list).
struct InstrumentSubset {
  std::string name;
  std::vector<int> gmm;
  std::vector<int> iv;
};

struct DynamicPanelSpec {
  int dependent = 0;
  std::vector<int> dependent_lags = {1};
  std::vector<LaggedVariable> regressors;
  std::vector<GmmInstrument> gmm;
  // IV-style instruments; nullopt = plm's default: every model variable that is not a
  // GMM variable, at its model lags.
  std::optional<std::vector<LaggedVariable>> iv;
  Transformation transformation = Transformation::kDifference;
  bool time_effects = true;
  bool two_step = true;
  // Robust covariance (one-step sandwich / two-step Windmeijer); false = conventional
  // (two-step only: one-step conventional in pgmm is not scaled by sigma^2).
  bool robust = true;
  std::vector<InstrumentSubset> difference_in_hansen;
};

struct ChiSquaredTest {
  double statistic = 0;
  int df = 0;
  double p_value = 1;
};

struct NormalTest {
  bool available = false;
  double statistic = 0;
  double p_value = 1;
};

struct DifferenceInHansen {
  std::string name;
  int n_instruments = 0;         // columns in the subset
  ChiSquaredTest excluded;       // Hansen J of the model without the subset
  ChiSquaredTest difference;     // J(all) - J(without), df = difference in counts
};

struct DynamicPanelResult {
  std::vector<std::string> names;  // regressors, then time effects
  Eigen::VectorXd coefficients;
  Eigen::VectorXd std_errors;
  Eigen::VectorXd z;
  Eigen::VectorXd p_values;
  Eigen::MatrixXd covariance;
  Eigen::VectorXd one_step_coefficients;
  int n_time_effects = 0;  // trailing coefficients that are time effects / intercept
  ChiSquaredTest hansen;
  NormalTest ar1;
  NormalTest ar2;
  std::vector<DifferenceInHansen> difference_in_hansen;
  int n_groups = 0;        // entities of the grid (plm pdim n)
  int n_periods = 0;       // distinct periods (grid length)
  int n_instruments = 0;   // columns of Z, time dummies and IV-style included
  int n_obs_difference = 0;  // usable rows of the differenced equation
  int n_obs_level = 0;       // usable rows of the level equation (system)
  int first_period = 0;      // first period of the differenced equation
  bool generalized_inverse = false;  // a weighting matrix was singular (pgmm: ginv)
  std::vector<std::string> warnings;
};

// The IV-style instruments the fit uses: spec.iv, or plm's default (every model
// variable that is not a GMM variable, at its model lags; the dependent variable's
// lags count as a model variable).
std::vector<LaggedVariable> ResolvedIvInstruments(const DynamicPanelSpec& spec);

// Fits the model. INVALID_ARGUMENT names the spec field ("gmm[0].min_lag", ...);
// FAILED_PRECONDITION when the panel has too few periods or no usable rows.
absl::StatusOr<DynamicPanelResult> FitDynamicPanel(const DynamicPanelData& data,
                                                   const DynamicPanelSpec& spec);

}  // namespace govmetrics::stats::gmm

#endif  // GOVMETRICS_COMMON_STATS_GMM_DYNAMIC_PANEL_H_

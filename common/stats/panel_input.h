// The data of one panel model fit: response, regressors, panel identifiers,
// extra absorbed effects, extra cluster variables and excluded instruments,
// all row-aligned. NaN marks a missing value.
//
// The engine takes PanelInput BY VALUE and works on its matrices in place
// (dropping rows, absorbing fixed effects), so a caller that std::move()s its
// input gets no copy of the data at all; one that passes an lvalue pays one.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_INPUT_H_
#define GOVMETRICS_COMMON_STATS_PANEL_INPUT_H_

#include <string>
#include <vector>

#include "Eigen/Core"

namespace govmetrics::stats {

struct PanelInput {
  std::string y_name = "y";
  Eigen::VectorXd y;
  std::vector<std::string> x_names;
  Eigen::MatrixXd x;  // n x k, column-major; no intercept column (added by
                      // the estimators that have one)
  // Panel identifiers (any integers; period values give the time order).
  // Required by every estimator except pooled OLS with iid / HC variance.
  std::vector<int> entity;
  std::vector<int> period;
  // Extra fixed effects to absorb (within / IV), any integer labels.
  std::vector<std::string> absorb_names;
  std::vector<std::vector<int>> absorb;
  // Extra cluster variables, referred to by name in VarianceOptions.
  std::vector<std::string> cluster_names;
  std::vector<std::vector<int>> clusters;
  // IV: excluded instruments (n x m).
  std::vector<std::string> instrument_names;
  Eigen::MatrixXd instruments;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_INPUT_H_

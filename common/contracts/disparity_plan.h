#ifndef GOVMETRICS_COMMON_CONTRACTS_DISPARITY_PLAN_H_
#define GOVMETRICS_COMMON_CONTRACTS_DISPARITY_PLAN_H_

// What an AnalyzeDisparity request asks for, validated and resolved (defaults explicit),
// and the rows it runs on. Split from disparity_request.cc: this file decides what is
// valid, that one computes.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "common/contracts/panel_view.h"
#include "common/stats/disparity/kernel_density.h"
#include "common/stats/disparity/markov_transitions.h"
#include "govmetrics/index/v1/index_service.pb.h"

namespace govmetrics::contracts {

// Markov quantile classes a request (or a study spec) may ask for: 0 (the default, 4) or
// 2..kMaxMarkovClasses; beyond that a request is a mistake, not a need.
inline constexpr int kMaxMarkovClasses = 20;
inline bool IsValidMarkovClasses(int classes) { return classes == 0 || (classes >= 2 && classes <= kMaxMarkovClasses); }

struct DisparityPlan {
  std::set<int> analyses;  // index::v1::DisparityAnalysis values
  int value_column = 0;
  std::optional<int> group_label;
  std::vector<int> control_columns;
  stats::KernelDensityOptions density;
  bool density_common_grid = false;  // one grid over every period
  int markov_classes = 4;
  stats::QuantileScope markov_scope = stats::QuantileScope::kPooled;

  bool Wants(index::v1::DisparityAnalysis a) const { return analyses.count(a) > 0; }
};

// The rows with a value, as dense codes.
struct DisparityRows {
  std::vector<int> rows;  // panel rows used
  Eigen::VectorXd value;
  std::vector<int> group;            // codes into `levels` (all 0 without a label)
  std::vector<std::string> levels;   // sorted
  std::vector<int> entity;           // panel entity codes
  std::vector<int> period_index;     // dense, time order
  std::vector<int32_t> periods;      // sorted distinct periods
};

// INVALID_ARGUMENT naming every bad field of the request.
absl::Status ResolveDisparityPlan(const index::v1::AnalyzeDisparityRequest& request,
                                  const PanelView& panel, DisparityPlan* plan);

// Selects the rows with a value (the others are listed in `provenance`) and checks the
// values: negative -> INVALID_ARGUMENT, non-positive where logs are taken ->
// FAILED_PRECONDITION, both naming the cell.
absl::Status SelectDisparityRows(const PanelView& panel, const DisparityPlan& plan,
                                 DisparityRows* rows, common::v1::Provenance* provenance);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_DISPARITY_PLAN_H_

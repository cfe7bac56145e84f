// Slopes of one group's model on the fast cross-product path (no variance):
// used by the permutation test (thousands of refits) and by the stacked
// (seemingly-unrelated) covariance, which needs the demeaned design and the
// residuals of each group's model.
#ifndef GOVMETRICS_COMMON_STATS_GROUP_FAST_FIT_H_
#define GOVMETRICS_COMMON_STATS_GROUP_FAST_FIT_H_

#include <vector>

#include "Eigen/Core"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"

namespace govmetrics::stats {

// What a group's model absorbs (resolved from the model options).
struct GroupAbsorb {
  bool entity = false;
  bool period = false;
  bool extra = false;   // PanelInput::absorb labels
  bool center = true;   // pooled OLS intercept
};

GroupAbsorb GroupAbsorbOf(const PanelModelOptions& resolved);

struct GroupFastFit {
  Eigen::MatrixXd x;         // demeaned regressors (rows of the group)
  Eigen::VectorXd residuals; // demeaned y - x b
  Eigen::VectorXd slopes;    // in regressor order
  Eigen::MatrixXd bread;     // (x'x)^-1
};

// Fits y ~ x on the given rows of `data` (which must be complete). Returns
// false when the design is singular. `keep_design` also fills x, residuals and
// bread (otherwise only slopes).
bool FitGroupFast(const PanelInput& data, const std::vector<int>& rows, const GroupAbsorb& absorb,
                  bool keep_design, GroupFastFit* out);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_GROUP_FAST_FIT_H_

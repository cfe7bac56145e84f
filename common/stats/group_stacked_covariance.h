// Joint covariance of the coefficients of several separately estimated group
// models, from their stacked score contributions (Stata's suest; Weesie 1999):
//
//   IF_i(g) = B_g x~_i e_i   for the rows i of group g (0 elsewhere),
//   S_c     = sum_{i in cluster c} [IF_i(1); ...; IF_i(G)],
//   V       = C/(C-1) sum_c S_c S_c'.
//
// B_g = (X~_g'X~_g)^-1 with X~ the group's demeaned regressors, e the group's
// residuals. Block (g, g) is the group's own CR0 covariance times C/(C-1);
// block (g, h) is non-zero only when some cluster contains rows of both groups.
#ifndef GOVMETRICS_COMMON_STATS_GROUP_STACKED_COVARIANCE_H_
#define GOVMETRICS_COMMON_STATS_GROUP_STACKED_COVARIANCE_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/group_fast_fit.h"
#include "common/stats/panel_input.h"

namespace govmetrics::stats {

struct StackedCovariance {
  Eigen::MatrixXd slopes;      // k x G
  Eigen::MatrixXd covariance;  // (G k) x (G k); index g * k + j
  int64_t clusters = 0;
};

// `group_rows[g]`: rows of group g in `data` (complete rows); `cluster`: code per
// row of data (any integers).
absl::StatusOr<StackedCovariance> StackedGroupCovariance(
    const PanelInput& data, const std::vector<std::vector<int>>& group_rows,
    const GroupAbsorb& absorb, const std::vector<int>& cluster);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_GROUP_STACKED_COVARIANCE_H_

#include "common/stats/group_stacked_covariance.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

absl::StatusOr<StackedCovariance> StackedGroupCovariance(
    const PanelInput& data, const std::vector<std::vector<int>>& group_rows,
    const GroupAbsorb& absorb, const std::vector<int>& cluster) {
  const int groups = static_cast<int>(group_rows.size());
  const int k = static_cast<int>(data.x.cols());
  // Clusters counted on the rows actually used.
  std::vector<int> used;
  for (const auto& rows : group_rows) {
    for (int r : rows) used.push_back(cluster[r]);
  }
  const FactorCodes c = RecodeFactor("cluster", used);
  if (c.levels < 2) return absl::FailedPreconditionError("stacked covariance needs at least two clusters");
  StackedCovariance out;
  out.clusters = c.levels;
  out.slopes.resize(k, groups);
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(c.levels, static_cast<Eigen::Index>(groups) * k);
  GroupFastFit fit;
  size_t offset = 0;
  for (int g = 0; g < groups; ++g) {
    if (!FitGroupFast(data, group_rows[g], absorb, true, &fit)) {
      return absl::FailedPreconditionError(absl::StrCat("group ", g, ": singular design"));
    }
    out.slopes.col(g) = fit.slopes;
    // Row i's influence on the group's coefficients: B x~_i e_i.
    const Eigen::MatrixXd influence =
        (fit.x.array().colwise() * fit.residuals.array()).matrix() * fit.bread;
    for (size_t i = 0; i < group_rows[g].size(); ++i) {
      sums.row(c.codes[offset + i]).segment(static_cast<Eigen::Index>(g) * k, k) +=
          influence.row(static_cast<Eigen::Index>(i));
    }
    offset += group_rows[g].size();
  }
  const double factor = static_cast<double>(c.levels) / static_cast<double>(c.levels - 1);
  out.covariance = factor * (sums.transpose() * sums);
  return out;
}

}  // namespace govmetrics::stats

#include "common/stats/disparity/theil_index.h"

#include <cmath>
#include <limits>

#include "absl/status/status.h"

namespace govmetrics::stats {
namespace {

// (1/n) sum (y/mu) ln(y/mu) over the rows of `members`, 0 ln 0 = 0.
double TheilOf(const Eigen::VectorXd& y, const std::vector<Eigen::Index>& members, double mu) {
  double sum = 0;
  for (Eigen::Index i : members) {
    const double r = y[i] / mu;
    if (r > 0) sum += r * std::log(r);
  }
  return sum / static_cast<double>(members.size());
}

}  // namespace

absl::StatusOr<TheilIndex> ComputeTheilIndex(const Eigen::VectorXd& y, const std::vector<int>& group,
                                             int k) {
  if (k < 1 || y.size() == 0 || static_cast<Eigen::Index>(group.size()) != y.size()) {
    return absl::InvalidArgumentError("Theil: values and groups must be non-empty and aligned");
  }
  std::vector<std::vector<Eigen::Index>> members(k);
  std::vector<Eigen::Index> all;
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i]) || y[i] < 0) {
      return absl::InvalidArgumentError("Theil: values must be finite and non-negative");
    }
    if (group[i] < 0 || group[i] >= k) return absl::InvalidArgumentError("Theil: bad group code");
    members[group[i]].push_back(i);
    all.push_back(i);
  }
  const double mu = y.mean();
  if (!(mu > 0)) return absl::FailedPreconditionError("Theil: the mean is zero");
  const double n = static_cast<double>(y.size());
  TheilIndex out;
  out.total = TheilOf(y, all, mu);
  out.group_theil = Eigen::VectorXd::Constant(k, std::numeric_limits<double>::quiet_NaN());
  out.group_share = Eigen::VectorXd::Zero(k);
  for (int g = 0; g < k; ++g) {
    if (members[g].empty()) continue;
    double sum = 0;
    for (Eigen::Index i : members[g]) sum += y[i];
    const double mu_g = sum / static_cast<double>(members[g].size());
    out.group_share[g] = sum / (n * mu);
    if (!(mu_g > 0)) continue;  // share 0: contributes nothing to either part
    out.group_theil[g] = TheilOf(y, members[g], mu_g);
    out.within += out.group_share[g] * out.group_theil[g];
    out.between += out.group_share[g] * std::log(mu_g / mu);
  }
  return out;
}

}  // namespace govmetrics::stats

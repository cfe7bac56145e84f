#include "common/stats/disparity/dagum_gini.h"

#include <cmath>
#include <limits>

#include "absl/status/status.h"

namespace govmetrics::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Sums over ordered pairs of observations (i in group a, r in group b): of |y_i - y_r|
// (symmetric in a, b) and of max(y_i - y_r, 0) (how much a's members exceed b's).
struct PairSums {
  Eigen::MatrixXd absolute;
  Eigen::MatrixXd positive;
};

PairSums SumPairDifferences(const Eigen::VectorXd& y, const std::vector<int>& group, int k) {
  PairSums sums{Eigen::MatrixXd::Zero(k, k), Eigen::MatrixXd::Zero(k, k)};
  const Eigen::Index n = y.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index r = 0; r < n; ++r) {
      const double d = y[i] - y[r];
      sums.absolute(group[i], group[r]) += std::fabs(d);
      if (d > 0) sums.positive(group[i], group[r]) += d;
    }
  }
  return sums;
}

absl::Status CheckInput(const Eigen::VectorXd& y, const std::vector<int>& group, int k) {
  if (k < 1 || static_cast<Eigen::Index>(group.size()) != y.size() || y.size() == 0) {
    return absl::InvalidArgumentError("Dagum Gini: values and groups must be non-empty and aligned");
  }
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (!std::isfinite(y[i]) || y[i] < 0) {
      return absl::InvalidArgumentError("Dagum Gini: values must be finite and non-negative");
    }
    if (group[i] < 0 || group[i] >= k) return absl::InvalidArgumentError("Dagum Gini: bad group code");
  }
  if (!(y.mean() > 0)) return absl::FailedPreconditionError("Dagum Gini: the mean is zero");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DagumGini> ComputeDagumGini(const Eigen::VectorXd& y, const std::vector<int>& group,
                                           int k) {
  if (auto status = CheckInput(y, group, k); !status.ok()) return status;
  const double n = static_cast<double>(y.size());
  const double mean = y.mean();
  DagumGini out;
  out.group_n.assign(k, 0);
  out.group_mean = Eigen::VectorXd::Zero(k);
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    ++out.group_n[group[i]];
    out.group_mean[group[i]] += y[i];
  }
  Eigen::VectorXd p(k), s(k);  // population and value shares
  for (int g = 0; g < k; ++g) {
    p[g] = out.group_n[g] / n;
    s[g] = out.group_mean[g] / (n * mean);
    out.group_mean[g] = out.group_n[g] > 0 ? out.group_mean[g] / out.group_n[g] : kNaN;
  }
  const PairSums sums = SumPairDifferences(y, group, k);
  out.total = sums.absolute.sum() / (2 * n * n * mean);
  out.pair_gini = Eigen::MatrixXd::Constant(k, k, kNaN);
  out.relative_affluence = Eigen::MatrixXd::Constant(k, k, kNaN);
  for (int j = 0; j < k; ++j) {
    const double nj = out.group_n[j];
    if (nj == 0) continue;
    const double gjj = out.group_mean[j] > 0 ? sums.absolute(j, j) / (2 * nj * nj * out.group_mean[j]) : 0.0;
    out.pair_gini(j, j) = gjj;
    out.relative_affluence(j, j) = 0;
    out.within += gjj * p[j] * s[j];
    for (int h = 0; h < j; ++h) {
      const double nh = out.group_n[h];
      if (nh == 0) continue;
      const double pairs = nj * nh;
      const double gjh = sums.absolute(j, h) / (pairs * (out.group_mean[j] + out.group_mean[h]));
      // d_jh: expected excess of the richer group's members over the poorer's; p_jh the
      // reverse (Dagum's first-order moment of transvariation).
      const bool j_richer = out.group_mean[j] >= out.group_mean[h];
      const double d = (j_richer ? sums.positive(j, h) : sums.positive(h, j)) / pairs;
      const double q = (j_richer ? sums.positive(h, j) : sums.positive(j, h)) / pairs;
      const double djh = d + q > 0 ? (d - q) / (d + q) : 0.0;
      out.pair_gini(j, h) = out.pair_gini(h, j) = gjh;
      out.relative_affluence(j, h) = out.relative_affluence(h, j) = djh;
      const double weight = gjh * (p[j] * s[h] + p[h] * s[j]);
      out.between_net += weight * djh;
      out.transvariation += weight * (1 - djh);
    }
  }
  return out;
}

}  // namespace govmetrics::stats

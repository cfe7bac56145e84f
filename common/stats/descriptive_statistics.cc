#include "common/stats/descriptive_statistics.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "common/stats/distributions.h"

namespace govmetrics::stats {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

std::vector<VariableSummary> Summarize(const Eigen::MatrixXd& x) {
  std::vector<VariableSummary> out(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    VariableSummary& s = out[j];
    double sum = 0;
    s.min = std::numeric_limits<double>::infinity();
    s.max = -s.min;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const double v = x(i, j);
      if (std::isnan(v)) continue;
      ++s.n;
      sum += v;
      s.min = std::min(s.min, v);
      s.max = std::max(s.max, v);
    }
    if (s.n == 0) {
      s.mean = s.sd = s.min = s.max = kNaN;
      continue;
    }
    s.mean = sum / s.n;
    double ss = 0;  // two-pass: numerically stable
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      if (!std::isnan(x(i, j))) ss += (x(i, j) - s.mean) * (x(i, j) - s.mean);
    }
    s.sd = s.n > 1 ? std::sqrt(ss / (s.n - 1)) : kNaN;
  }
  return out;
}

CorrelationResult Correlate(const Eigen::MatrixXd& x) {
  std::vector<Eigen::Index> rows;
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    if (!x.row(i).array().isNaN().any()) rows.push_back(i);
  }
  const Eigen::Index k = x.cols();
  const int n = static_cast<int>(rows.size());
  Eigen::MatrixXd centered(n, k);
  for (int r = 0; r < n; ++r) centered.row(r) = x.row(rows[r]);
  CorrelationResult out;
  out.n = n;
  out.r = Eigen::MatrixXd::Constant(k, k, kNaN);
  out.p_value = Eigen::MatrixXd::Constant(k, k, kNaN);
  if (n < 3) return out;
  centered.rowwise() -= centered.colwise().mean();
  const Eigen::MatrixXd cross = centered.transpose() * centered;
  for (Eigen::Index a = 0; a < k; ++a) {
    for (Eigen::Index b = 0; b < k; ++b) {
      // Values near the double range overflow the cross products; a correlation that
      // cannot be represented stays NaN.
      const double denom = std::sqrt(cross(a, a) * cross(b, b));
      if (!(denom > 0) || !std::isfinite(denom) || !std::isfinite(cross(a, b))) continue;
      const double r = std::clamp(cross(a, b) / denom, -1.0, 1.0);
      out.r(a, b) = r;
      if (a == b) {
        out.p_value(a, b) = 0;
        continue;
      }
      if (std::abs(r) >= 1) {
        out.p_value(a, b) = 0;
        continue;
      }
      const double t = r * std::sqrt((n - 2) / (1 - r * r));
      if (!std::isfinite(t)) continue;
      out.p_value(a, b) = StudentTTwoSidedPValue(t, n - 2);
    }
  }
  return out;
}

Eigen::MatrixXd CellMeans(const Eigen::VectorXd& values, const std::vector<int>& group,
                          int n_groups, const std::vector<int>& period_index, int n_periods) {
  Eigen::MatrixXd sum = Eigen::MatrixXd::Zero(n_groups, n_periods);
  Eigen::MatrixXi count = Eigen::MatrixXi::Zero(n_groups, n_periods);
  for (Eigen::Index i = 0; i < values.size(); ++i) {
    if (std::isnan(values[i])) continue;
    sum(group[i], period_index[i]) += values[i];
    ++count(group[i], period_index[i]);
  }
  Eigen::MatrixXd out(n_groups, n_periods);
  for (int g = 0; g < n_groups; ++g) {
    for (int t = 0; t < n_periods; ++t) out(g, t) = count(g, t) ? sum(g, t) / count(g, t) : kNaN;
  }
  return out;
}

}  // namespace govmetrics::stats

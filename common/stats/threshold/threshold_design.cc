#include "common/stats/threshold/threshold_design.h"

#include <algorithm>
#include <numeric>

#include "absl/status/status.h"
#include "common/stats/threshold/threshold_ssr_plan.h"

namespace govmetrics::stats {

Eigen::MatrixXd WithinTransform(const Eigen::MatrixXd& x, int64_t entities, int64_t periods) {
  Eigen::MatrixXd out = x;
  for (int64_t e = 0; e < entities; ++e) {
    auto block = out.middleRows(e * periods, periods);
    const Eigen::RowVectorXd mean = block.colwise().mean();
    block.rowwise() -= mean;
  }
  return out;
}

absl::StatusOr<ThresholdDesign> ThresholdDesign::Create(const ThresholdData& data) {
  const int64_t n = data.entities * data.periods;
  if (data.entities < 1 || data.periods < 2 || data.y.size() != n || data.q.size() != n ||
      data.regime_x.rows() != n || data.regime_x.cols() < 1 ||
      (data.controls.cols() > 0 && data.controls.rows() != n)) {
    return absl::InvalidArgumentError(
        "threshold data: y, q, regime regressors and controls need entities x periods rows (T >= 2)");
  }
  ThresholdDesign d;
  d.entities_ = data.entities;
  d.periods_ = data.periods;
  d.y_ = WithinTransform(data.y, data.entities, data.periods);
  d.controls_ = data.controls.cols() > 0 ? WithinTransform(data.controls, data.entities, data.periods)
                                         : Eigen::MatrixXd(n, 0);
  d.regime_ = WithinTransform(data.regime_x, data.entities, data.periods);
  d.regime_raw_ = data.regime_x;
  d.q_ = data.q;
  d.by_q_.resize(static_cast<size_t>(n));
  std::iota(d.by_q_.begin(), d.by_q_.end(), 0);
  std::stable_sort(d.by_q_.begin(), d.by_q_.end(), [&](int64_t a, int64_t b) { return d.q_[a] < d.q_[b]; });
  return d;
}

Eigen::MatrixXd ThresholdDesign::Regressors(const std::vector<double>& thresholds) const {
  const int64_t kz = controls_.cols();
  const int64_t kx = regime_.cols();
  Eigen::MatrixXd f(rows(), kz + kx * static_cast<int64_t>(1 + thresholds.size()));
  f.leftCols(kz) = controls_;
  f.middleCols(kz, kx) = regime_;
  for (size_t j = 0; j < thresholds.size(); ++j) {
    const Eigen::VectorXd below = (q_.array() <= thresholds[j]).cast<double>();
    const Eigen::MatrixXd part = regime_raw_.array().colwise() * below.array();
    f.middleCols(kz + kx * static_cast<int64_t>(j + 1), kx) = WithinTransform(part, entities_, periods_);
  }
  return f;
}

double ThresholdDesign::Ssr(const Eigen::VectorXd& y, const std::vector<double>& thresholds) const {
  return FixedThresholdFit(*this, thresholds).Ssr(y);
}

std::vector<double> ThresholdDesign::SsrCurve(const Eigen::VectorXd& y, const std::vector<double>& fixed,
                                              const std::vector<double>& candidates) const {
  return SsrCurvePlan::EvaluateOnce(*this, fixed, candidates, y);
}

}  // namespace govmetrics::stats

#include "common/stats/threshold/threshold_design.h"

#include <algorithm>
#include <limits>
#include <numeric>

#include "Eigen/Cholesky"
#include "Eigen/QR"
#include "absl/status/status.h"

namespace govmetrics::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A candidate is unidentified when the part of its regime columns not explained by the other
// regressors has a pivot below this fraction of their own scale (no rows in a regime, or a
// regime identical to an existing one).
constexpr double kIdentificationTolerance = 1e-9;

// Running cross products of C(g) = within(x 1(q <= g)) while g sweeps upward.
struct SweepSums {
  Eigen::MatrixXd ctf;  // C'F
  Eigen::VectorXd cty;  // C'y
  Eigen::MatrixXd xx;   // sum x x'
  Eigen::MatrixXd ss;   // sum_i S_i S_i' / T
  Eigen::MatrixXd s;    // S_i per entity (entities x kx)

  SweepSums(int64_t kx, int64_t f, int64_t entities)
      : ctf(Eigen::MatrixXd::Zero(kx, f)), cty(Eigen::VectorXd::Zero(kx)),
        xx(Eigen::MatrixXd::Zero(kx, kx)), ss(Eigen::MatrixXd::Zero(kx, kx)),
        s(Eigen::MatrixXd::Zero(entities, kx)) {}

  void Add(const Eigen::VectorXd& x, const Eigen::MatrixXd& f, const Eigen::VectorXd& y, int64_t row,
           int64_t entity, double periods) {
    ctf.noalias() += x * f.row(row);
    cty += x * y[row];
    xx.noalias() += x * x.transpose();
    const Eigen::VectorXd si = s.row(entity).transpose();
    ss.noalias() += (si * x.transpose() + x * si.transpose() + x * x.transpose()) / periods;
    s.row(entity) += x.transpose();
  }
};

}  // namespace

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
  const Eigen::MatrixXd f = Regressors(thresholds);
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(f);
  if (qr.rank() < f.cols()) return kInf;
  return (y - f * qr.solve(y)).squaredNorm();
}

std::vector<double> ThresholdDesign::SsrCurve(const Eigen::VectorXd& y, const std::vector<double>& fixed,
                                              const std::vector<double>& candidates) const {
  std::vector<double> ssr(candidates.size(), kInf);
  const Eigen::MatrixXd f = Regressors(fixed);
  const Eigen::MatrixXd ftf = f.transpose() * f;
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(f);
  if (qr.rank() < f.cols()) return ssr;
  const Eigen::LDLT<Eigen::MatrixXd> ftf_solver(ftf);
  const Eigen::VectorXd fty = f.transpose() * y;
  const Eigen::VectorXd g = ftf_solver.solve(fty);
  const double base = y.squaredNorm() - fty.dot(g);
  const int64_t kx = regime_raw_.cols();
  SweepSums sums(kx, f.cols(), entities_);
  size_t next = 0;
  for (size_t c = 0; c < candidates.size(); ++c) {
    for (; next < by_q_.size() && q_[by_q_[next]] <= candidates[c]; ++next) {
      const int64_t row = by_q_[next];
      sums.Add(regime_raw_.row(row).transpose(), f, y, row, row / periods_, static_cast<double>(periods_));
    }
    const Eigen::MatrixXd ctc = sums.xx - sums.ss;
    const Eigen::MatrixXd h = ftf_solver.solve(sums.ctf.transpose());
    const Eigen::MatrixXd schur = ctc - sums.ctf * h;
    const Eigen::VectorXd r = sums.cty - sums.ctf * g;
    const Eigen::LDLT<Eigen::MatrixXd> schur_solver(schur);
    const double scale = std::max(ctc.diagonal().maxCoeff(), std::numeric_limits<double>::min());
    if (schur_solver.info() != Eigen::Success ||
        schur_solver.vectorD().minCoeff() <= kIdentificationTolerance * scale) {
      continue;
    }
    ssr[c] = base - r.dot(schur_solver.solve(r));
  }
  return ssr;
}

}  // namespace govmetrics::stats

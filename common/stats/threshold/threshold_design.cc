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

// Running cross products of C(g) = within(x 1(q <= g)) while g sweeps upward. Every
// buffer is sized once: the sweep runs over every row for each search of every bootstrap
// replicate, and with a handful of regressors the heap allocations of Eigen temporaries
// took longer than the arithmetic (perf: malloc/free ~15% of the modeling process in the
// demo study). The arithmetic is the same operations in the same order as with them.
struct SweepSums {
  Eigen::MatrixXd ctf;  // C'F
  Eigen::VectorXd cty;  // C'y
  Eigen::MatrixXd xx;   // sum x x'
  Eigen::MatrixXd ss;   // sum_i S_i S_i' / T
  Eigen::MatrixXd s;    // S_i per entity (entities x kx)
  Eigen::VectorXd x;    // the row being added
  Eigen::VectorXd si;   // its entity's S_i before the row

  SweepSums(int64_t kx, int64_t f, int64_t entities)
      : ctf(Eigen::MatrixXd::Zero(kx, f)), cty(Eigen::VectorXd::Zero(kx)),
        xx(Eigen::MatrixXd::Zero(kx, kx)), ss(Eigen::MatrixXd::Zero(kx, kx)),
        s(Eigen::MatrixXd::Zero(entities, kx)), x(kx), si(kx) {}

  // Adds row `row` of the raw regime regressors `raw`.
  void Add(const Eigen::MatrixXd& raw, const Eigen::MatrixXd& f, const Eigen::VectorXd& y, int64_t row,
           int64_t entity, double periods) {
    x = raw.row(row).transpose();
    ctf.noalias() += x * f.row(row);
    cty += x * y[row];
    xx.noalias() += x * x.transpose();
    si = s.row(entity).transpose();
    // (S_i x' + x S_i' + x x') / T, element by element.
    for (Eigen::Index j = 0; j < ss.cols(); ++j) {
      for (Eigen::Index i = 0; i < ss.rows(); ++i) ss(i, j) += (si[i] * x[j] + x[i] * si[j] + x[i] * x[j]) / periods;
    }
    s.row(entity) += x.transpose();
  }
};

// The SSR reduction of one candidate from the sweep's sums: r' schur^-1 r with
// schur = C'C - C'F (F'F)^-1 F'C and r = C'y - C'F g; false when the candidate leaves a
// regime without identifying variation. The buffers are reused from candidate to candidate.
class CandidateSolver {
 public:
  CandidateSolver(const Eigen::LDLT<Eigen::MatrixXd>& ftf_solver, const Eigen::VectorXd& g, int64_t kx)
      : ftf_solver_(ftf_solver), g_(g), ctc_(kx, kx), h_(g.size(), kx), ctf_h_(kx, kx), schur_(kx, kx),
        ctf_g_(kx), r_(kx), solution_(kx), schur_solver_(kx) {}

  // Products land in their own buffers first, as Eigen evaluates a product nested in an
  // expression into a temporary: the same rounding as `ctc - ctf * h`.
  bool Reduction(const SweepSums& sums, double* reduction) {
    ctc_ = sums.xx - sums.ss;
    h_ = ftf_solver_.solve(sums.ctf.transpose());
    ctf_h_.noalias() = sums.ctf * h_;
    schur_ = ctc_ - ctf_h_;
    ctf_g_.noalias() = sums.ctf * g_;
    r_ = sums.cty - ctf_g_;
    schur_solver_.compute(schur_);
    const double scale = std::max(ctc_.diagonal().maxCoeff(), std::numeric_limits<double>::min());
    if (schur_solver_.info() != Eigen::Success ||
        schur_solver_.vectorD().minCoeff() <= kIdentificationTolerance * scale) {
      return false;
    }
    solution_ = schur_solver_.solve(r_);
    *reduction = r_.dot(solution_);
    return true;
  }

 private:
  const Eigen::LDLT<Eigen::MatrixXd>& ftf_solver_;
  const Eigen::VectorXd& g_;
  Eigen::MatrixXd ctc_, h_, ctf_h_, schur_;
  Eigen::VectorXd ctf_g_, r_, solution_;
  Eigen::LDLT<Eigen::MatrixXd> schur_solver_;
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
  CandidateSolver solver(ftf_solver, g, kx);
  size_t next = 0;
  for (size_t c = 0; c < candidates.size(); ++c) {
    for (; next < by_q_.size() && q_[by_q_[next]] <= candidates[c]; ++next) {
      const int64_t row = by_q_[next];
      sums.Add(regime_raw_, f, y, row, row / periods_, static_cast<double>(periods_));
    }
    double reduction = 0;
    if (solver.Reduction(sums, &reduction)) ssr[c] = base - reduction;
  }
  return ssr;
}

}  // namespace govmetrics::stats

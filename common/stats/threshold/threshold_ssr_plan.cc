#include "common/stats/threshold/threshold_ssr_plan.h"

#include <algorithm>
#include <limits>

namespace govmetrics::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A candidate is unidentified when the part of its regime columns not explained by the other
// regressors has a pivot below this fraction of their own scale (no rows in a regime, or a
// regime identical to an existing one).
constexpr double kIdentificationTolerance = 1e-9;

// Running design cross products of C(g) = within(x 1(q <= g)) while g sweeps upward. Every
// buffer is sized once (with a handful of regressors the heap allocations of Eigen
// temporaries took longer than the arithmetic).
struct DesignSweep {
  Eigen::MatrixXd ctf;  // C'F
  Eigen::MatrixXd xx;   // sum x x'
  Eigen::MatrixXd ss;   // sum_i S_i S_i' / T
  Eigen::MatrixXd s;    // S_i per entity (entities x kx)
  Eigen::VectorXd x;    // the row being added
  Eigen::VectorXd si;   // its entity's S_i before the row

  DesignSweep(int64_t kx, int64_t f, int64_t entities)
      : ctf(Eigen::MatrixXd::Zero(kx, f)), xx(Eigen::MatrixXd::Zero(kx, kx)), ss(Eigen::MatrixXd::Zero(kx, kx)),
        s(Eigen::MatrixXd::Zero(entities, kx)), x(kx), si(kx) {}

  // Adds row `row` of the raw regime regressors `raw`.
  void Add(const Eigen::MatrixXd& raw, const Eigen::MatrixXd& f, int64_t row, int64_t entity, double periods) {
    x = raw.row(row).transpose();
    ctf.noalias() += x * f.row(row);
    xx.noalias() += x * x.transpose();
    si = s.row(entity).transpose();
    // (S_i x' + x S_i' + x x') / T, element by element.
    for (Eigen::Index j = 0; j < ss.cols(); ++j) {
      for (Eigen::Index i = 0; i < ss.rows(); ++i) ss(i, j) += (si[i] * x[j] + x[i] * si[j] + x[i] * x[j]) / periods;
    }
    s.row(entity) += x.transpose();
  }
};

}  // namespace

FixedThresholdFit::FixedThresholdFit(const ThresholdDesign& design, const std::vector<double>& thresholds)
    : f_(design.Regressors(thresholds)), qr_(f_) {}

double FixedThresholdFit::Ssr(const Eigen::VectorXd& y) const {
  if (qr_.rank() < f_.cols()) return kInf;
  return (y - f_ * qr_.solve(y)).squaredNorm();
}

int64_t FixedThresholdFit::bytes() const { return 2 * static_cast<int64_t>(f_.size() * sizeof(double)); }

SsrCurvePlan::SsrCurvePlan(const ThresholdDesign& design, const std::vector<double>& fixed,
                           const std::vector<double>& candidates)
    : design_(design), f_(design.Regressors(fixed)) {
  slot_of_.assign(candidates.size(), 0);
  const Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(f_);
  full_rank_ = qr.rank() == f_.cols();
  if (!full_rank_) return;
  ftf_solver_.compute(f_.transpose() * f_);
  BuildSlots(candidates);
}

// The SSR reduction of a candidate is r' schur^-1 r with schur = C'C - C'F (F'F)^-1 F'C
// and r = C'y - C'F g; the products land in their own buffers first, as Eigen evaluates
// a product nested in an expression into a temporary.
void SsrCurvePlan::BuildSlots(const std::vector<double>& candidates) {
  const Eigen::MatrixXd& raw = design_.regime_raw();
  const std::vector<int64_t>& by_q = design_.rows_by_q();
  const int64_t kx = raw.cols(), periods = design_.periods();
  DesignSweep sums(kx, f_.cols(), design_.entities());
  Eigen::MatrixXd ctc(kx, kx), h(f_.cols(), kx), ctf_h(kx, kx), schur(kx, kx);
  size_t next = 0;
  for (size_t c = 0; c < candidates.size(); ++c) {
    const size_t first = next;
    for (; next < by_q.size() && design_.q()[by_q[next]] <= candidates[c]; ++next) {
      sums.Add(raw, f_, by_q[next], by_q[next] / periods, static_cast<double>(periods));
    }
    if (c > 0 && next == first) {  // no new row: the previous candidate's regressors
      slot_of_[c] = slot_of_[c - 1];
      continue;
    }
    Slot slot;
    slot.rows_end = static_cast<int64_t>(next);
    ctc = sums.xx - sums.ss;
    h = ftf_solver_.solve(sums.ctf.transpose());
    ctf_h.noalias() = sums.ctf * h;
    schur = ctc - ctf_h;
    slot.schur.compute(schur);
    const double scale = std::max(ctc.diagonal().maxCoeff(), std::numeric_limits<double>::min());
    slot.identified = !(slot.schur.info() != Eigen::Success ||
                        slot.schur.vectorD().minCoeff() <= kIdentificationTolerance * scale);
    if (slot.identified) slot.ctf = sums.ctf;
    slot_of_[c] = static_cast<int>(slots_.size());
    slots_.push_back(std::move(slot));
  }
}

std::vector<double> SsrCurvePlan::Evaluate(const Eigen::VectorXd& y) const {
  std::vector<double> ssr(slot_of_.size(), kInf);
  if (!full_rank_) return ssr;
  const Eigen::MatrixXd& raw = design_.regime_raw();
  const std::vector<int64_t>& by_q = design_.rows_by_q();
  const Eigen::VectorXd fty = f_.transpose() * y;
  const Eigen::VectorXd g = ftf_solver_.solve(fty);
  const double base = y.squaredNorm() - fty.dot(g);
  const int64_t kx = raw.cols();
  Eigen::VectorXd cty = Eigen::VectorXd::Zero(kx), ctf_g(kx), r(kx), solution(kx);
  std::vector<double> slot_ssr(slots_.size(), kInf);
  int64_t next = 0;
  for (size_t s = 0; s < slots_.size(); ++s) {
    const Slot& slot = slots_[s];
    for (; next < slot.rows_end; ++next) cty += raw.row(by_q[next]).transpose() * y[by_q[next]];
    if (!slot.identified) continue;
    ctf_g.noalias() = slot.ctf * g;
    r = cty - ctf_g;
    solution = slot.schur.solve(r);
    slot_ssr[s] = base - r.dot(solution);
  }
  for (size_t c = 0; c < slot_of_.size(); ++c) ssr[c] = slot_ssr[static_cast<size_t>(slot_of_[c])];
  return ssr;
}

int64_t SsrCurvePlan::bytes() const {
  int64_t total = static_cast<int64_t>(f_.size() + ftf_solver_.matrixLDLT().size()) * 8 +
                  static_cast<int64_t>(slot_of_.size() * sizeof(int));
  for (const Slot& s : slots_) {
    total += static_cast<int64_t>(sizeof(Slot) + (s.ctf.size() + 2 * s.schur.matrixLDLT().size()) * 8);
  }
  return total;
}

SsrCurvePlans::SsrCurvePlans(const ThresholdDesign& design, int64_t max_bytes)
    : design_(design), linear_(design, {}), max_bytes_(max_bytes) {}

std::shared_ptr<const SsrCurvePlan> SsrCurvePlans::Get(const std::vector<double>& fixed,
                                                       const std::vector<double>& candidates) {
  Key key(fixed, candidates);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = plans_.find(key); it != plans_.end()) return it->second;
  }
  // Built outside the lock: another thread may build the same plan meanwhile; both
  // are the same numbers and the first one stored wins.
  auto plan = std::make_shared<const SsrCurvePlan>(design_, fixed, candidates);
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes_ + plan->bytes() > max_bytes_) return plan;
  auto [it, inserted] = plans_.emplace(std::move(key), plan);
  if (inserted) bytes_ += plan->bytes();
  return it->second;
}

int64_t SsrCurvePlans::kept() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int64_t>(plans_.size());
}

}  // namespace govmetrics::stats

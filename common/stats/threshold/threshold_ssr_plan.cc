#include "common/stats/threshold/threshold_ssr_plan.h"

#include <algorithm>
#include <cstring>
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
}  // namespace

struct SsrCurvePlan::Sums {
  Eigen::MatrixXd ctf;  // C'F
  Eigen::MatrixXd xx;   // sum x x'
  Eigen::MatrixXd ss;   // sum_i S_i S_i' / T
  Eigen::MatrixXd s;    // S_i per entity (entities x kx)
  Eigen::VectorXd x;    // the row being added
  Eigen::VectorXd si;   // its entity's S_i before the row

  Sums(int64_t kx, int64_t f, int64_t entities)
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
}

SsrCurvePlan SsrCurvePlan::Kept(const ThresholdDesign& design, const std::vector<double>& fixed,
                                const std::vector<double>& candidates) {
  SsrCurvePlan plan(design, fixed, candidates);
  if (!plan.full_rank_) return plan;
  Scratch scratch(design.regime_raw().cols(), plan.f_.cols());
  plan.slots_.reserve(candidates.size());  // growing would copy every slot's matrices
  plan.Sweep(candidates, [&](size_t c, bool fresh, const Sums& sums, int64_t rows_end) {
    if (!fresh) {
      plan.slot_of_[c] = plan.slot_of_[c - 1];
      return;
    }
    Slot slot;
    slot.rows_end = rows_end;
    plan.Factor(sums, &slot, &scratch);
    if (slot.identified) slot.ctf = sums.ctf;
    plan.slot_of_[c] = static_cast<int>(plan.slots_.size());
    plan.slots_.push_back(std::move(slot));
  });
  return plan;
}

std::vector<double> SsrCurvePlan::EvaluateOnce(const ThresholdDesign& design, const std::vector<double>& fixed,
                                               const std::vector<double>& candidates, const Eigen::VectorXd& y) {
  const SsrCurvePlan plan(design, fixed, candidates);
  std::vector<double> ssr(candidates.size(), kInf);
  if (!plan.full_rank_) return ssr;
  const int64_t kx = design.regime_raw().cols();
  Scratch scratch(kx, plan.f_.cols());
  Slot slot;
  const FixedFit fit = plan.Fit(y);
  Eigen::VectorXd cty = Eigen::VectorXd::Zero(kx);
  int64_t next = 0;
  plan.Sweep(candidates, [&](size_t c, bool fresh, const Sums& sums, int64_t rows_end) {
    if (!fresh) {
      ssr[c] = ssr[c - 1];
      return;
    }
    plan.Factor(sums, &slot, &scratch);
    plan.AddRows(y, rows_end, &next, &cty);
    if (slot.identified) ssr[c] = plan.Reduce(sums.ctf, slot.schur, cty, fit, &scratch);
  });
  return ssr;
}

// Walks the rows in q order; visit(c, fresh, sums, rows_end) for each candidate, `fresh`
// when rows were added since the previous one (or it is the first).
template <typename Visit>
void SsrCurvePlan::Sweep(const std::vector<double>& candidates, Visit visit) const {
  const Eigen::MatrixXd& raw = design_.regime_raw();
  const std::vector<int64_t>& by_q = design_.rows_by_q();
  const int64_t periods = design_.periods();
  Sums sums(raw.cols(), f_.cols(), design_.entities());
  size_t next = 0;
  for (size_t c = 0; c < candidates.size(); ++c) {
    const size_t first = next;
    for (; next < by_q.size() && design_.q()[by_q[next]] <= candidates[c]; ++next) {
      sums.Add(raw, f_, by_q[next], by_q[next] / periods, static_cast<double>(periods));
    }
    visit(c, c == 0 || next != first, sums, static_cast<int64_t>(next));
  }
}

// The SSR reduction of a candidate is r' schur^-1 r with schur = C'C - C'F (F'F)^-1 F'C
// and r = C'y - C'F g; the products land in their own buffers first, as Eigen evaluates
// a product nested in an expression into a temporary.
void SsrCurvePlan::Factor(const Sums& sums, Slot* slot, Scratch* s) const {
  s->ctc = sums.xx - sums.ss;
  s->h = ftf_solver_.solve(sums.ctf.transpose());
  s->ctf_h.noalias() = sums.ctf * s->h;
  s->schur = s->ctc - s->ctf_h;
  slot->schur.compute(s->schur);
  const double scale = std::max(s->ctc.diagonal().maxCoeff(), std::numeric_limits<double>::min());
  slot->identified = !(slot->schur.info() != Eigen::Success ||
                       slot->schur.vectorD().minCoeff() <= kIdentificationTolerance * scale);
}

SsrCurvePlan::FixedFit SsrCurvePlan::Fit(const Eigen::VectorXd& y) const {
  FixedFit fit;
  const Eigen::VectorXd fty = f_.transpose() * y;
  fit.g = ftf_solver_.solve(fty);
  fit.base = y.squaredNorm() - fty.dot(fit.g);
  return fit;
}

void SsrCurvePlan::AddRows(const Eigen::VectorXd& y, int64_t rows_end, int64_t* next, Eigen::VectorXd* cty) const {
  const Eigen::MatrixXd& raw = design_.regime_raw();
  const std::vector<int64_t>& by_q = design_.rows_by_q();
  for (; *next < rows_end; ++*next) *cty += raw.row(by_q[*next]).transpose() * y[by_q[*next]];
}

double SsrCurvePlan::Reduce(const Eigen::MatrixXd& ctf, const Eigen::LDLT<Eigen::MatrixXd>& schur,
                            const Eigen::VectorXd& cty, const FixedFit& fit, Scratch* s) const {
  s->ctf_g.noalias() = ctf * fit.g;
  s->r = cty - s->ctf_g;
  s->solution = schur.solve(s->r);
  return fit.base - s->r.dot(s->solution);
}

std::vector<double> SsrCurvePlan::Evaluate(const Eigen::VectorXd& y) const {
  std::vector<double> ssr(slot_of_.size(), kInf);
  if (!full_rank_) return ssr;
  const int64_t kx = design_.regime_raw().cols();
  Scratch scratch(kx, f_.cols());
  const FixedFit fit = Fit(y);
  Eigen::VectorXd cty = Eigen::VectorXd::Zero(kx);
  std::vector<double> slot_ssr(slots_.size(), kInf);
  int64_t next = 0;
  for (size_t s = 0; s < slots_.size(); ++s) {
    AddRows(y, slots_[s].rows_end, &next, &cty);
    if (slots_[s].identified) slot_ssr[s] = Reduce(slots_[s].ctf, slots_[s].schur, cty, fit, &scratch);
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
  auto plan = std::make_shared<const SsrCurvePlan>(SsrCurvePlan::Kept(design_, fixed, candidates));
  std::lock_guard<std::mutex> lock(mutex_);
  if (bytes_ + plan->bytes() > max_bytes_) return plan;
  auto [it, inserted] = plans_.emplace(std::move(key), plan);
  if (inserted) bytes_ += plan->bytes();
  return it->second;
}

std::vector<double> SsrCurvePlans::Curve(const std::vector<double>& fixed, const std::vector<double>& candidates,
                                         const Eigen::VectorXd& y) {
  if (max_bytes_ == 0) return SsrCurvePlan::EvaluateOnce(design_, fixed, candidates, y);
  // A hash collision only builds a plan one use early: the numbers are the same.
  uint64_t hash = 1469598103934665603ull;
  auto mix = [&hash](double v) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof bits);
    hash = (hash ^ bits) * 1099511628211ull;
  };
  for (double v : fixed) mix(v);
  mix(std::numeric_limits<double>::quiet_NaN());  // separates fixed from candidates
  for (double v : candidates) mix(v);
  std::shared_ptr<const SsrCurvePlan> kept;
  bool first_time = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = plans_.find(Key(fixed, candidates));
    if (it != plans_.end()) kept = it->second;
    first_time = kept == nullptr && asked_.insert(hash).second;
  }
  if (kept != nullptr) return kept->Evaluate(y);
  if (first_time) return SsrCurvePlan::EvaluateOnce(design_, fixed, candidates, y);
  return Get(fixed, candidates)->Evaluate(y);
}

int64_t SsrCurvePlans::kept() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return static_cast<int64_t>(plans_.size());
}

}  // namespace govmetrics::stats

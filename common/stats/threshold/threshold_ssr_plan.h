// The SSRs of the threshold search for many y on the same design: the bootstrap's
// replicates (Hansen's fixed-regressor bootstrap) search the same regressors with a
// new y* each, ~2000 searches of ~400 candidates in a three-threshold study.
//
// Why a plan: of the sweep of ThresholdDesign::SsrCurve, only C(g)'y and the fit of y
// on the fixed regressors F depend on y. The cross products C'F, the Schur complements
// C'C - C'F (F'F)^-1 F'C with their factorisations, and which candidates identify a
// regime depend on the design alone. A plan computes them once per (fixed thresholds,
// candidates); evaluating it for a y is one pass over the rows for C'y (kx per row)
// and a kx x kx solve per candidate. Candidates with no row of q between them share
// one solve. The SSRs are the same operations on the same numbers as a full sweep:
// bit-identical.
#ifndef GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_SSR_PLAN_H_
#define GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_SSR_PLAN_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <utility>
#include <vector>

#include "Eigen/Cholesky"
#include "Eigen/Core"
#include "Eigen/QR"
#include "common/stats/threshold/threshold_design.h"

namespace govmetrics::stats {

// Least squares of y on the regressors of fixed thresholds, factorised once.
class FixedThresholdFit {
 public:
  FixedThresholdFit(const ThresholdDesign& design, const std::vector<double>& thresholds);
  // +inf when the regressors are collinear.
  double Ssr(const Eigen::VectorXd& y) const;
  int64_t bytes() const;

 private:
  Eigen::MatrixXd f_;
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr_;
};

class SsrCurvePlan {
 public:
  // A plan that keeps every candidate's factorisation for Evaluate. `design` must
  // outlive it; `candidates` ascending.
  static SsrCurvePlan Kept(const ThresholdDesign& design, const std::vector<double>& fixed,
                           const std::vector<double>& candidates);
  // The same SSRs for one y without keeping anything (buffers reused from candidate to
  // candidate): what a curve used once costs.
  static std::vector<double> EvaluateOnce(const ThresholdDesign& design, const std::vector<double>& fixed,
                                          const std::vector<double>& candidates, const Eigen::VectorXd& y);
  // SSR at each candidate; +inf where it leaves a regime without identifying variation.
  std::vector<double> Evaluate(const Eigen::VectorXd& y) const;
  int64_t bytes() const;

 private:
  struct Sums;  // running design cross products of the sweep
  // The rows with q up to a candidate (the first rows_end of the q order) and what
  // the design alone says about that candidate.
  struct Slot {
    int64_t rows_end = 0;
    bool identified = false;
    Eigen::MatrixXd ctf;  // C'F
    Eigen::LDLT<Eigen::MatrixXd> schur;
  };
  struct Scratch {
    Scratch(int64_t kx, int64_t f) : ctc(kx, kx), h(f, kx), ctf_h(kx, kx), schur(kx, kx), ctf_g(kx), r(kx), solution(kx) {}
    Eigen::MatrixXd ctc, h, ctf_h, schur;
    Eigen::VectorXd ctf_g, r, solution;
  };
  struct FixedFit {
    Eigen::VectorXd g;  // (F'F)^-1 F'y
    double base = 0;    // y'y - y'F g
  };
  // Regressors of the fixed thresholds and their factorisation; no candidate yet.
  SsrCurvePlan(const ThresholdDesign& design, const std::vector<double>& fixed,
               const std::vector<double>& candidates);
  template <typename Visit>
  void Sweep(const std::vector<double>& candidates, Visit visit) const;
  void Factor(const Sums& sums, Slot* slot, Scratch* scratch) const;
  FixedFit Fit(const Eigen::VectorXd& y) const;
  void AddRows(const Eigen::VectorXd& y, int64_t rows_end, int64_t* next, Eigen::VectorXd* cty) const;
  double Reduce(const Eigen::MatrixXd& ctf, const Eigen::LDLT<Eigen::MatrixXd>& schur, const Eigen::VectorXd& cty,
                const FixedFit& fit, Scratch* scratch) const;

  const ThresholdDesign& design_;
  bool full_rank_ = false;
  Eigen::MatrixXd f_;
  Eigen::LDLT<Eigen::MatrixXd> ftf_solver_;
  std::vector<Slot> slots_;
  std::vector<int> slot_of_;  // per candidate
};

// The plans of one bootstrap, shared by its replicates and threads. A curve asked for
// the first time is evaluated once (most later-stage curves of a bootstrap are asked for
// by one replicate only); from the second time on its plan is built and kept, while the
// plans' total size is under `max_bytes`. max_bytes = 0 keeps none, for a single search.
class SsrCurvePlans {
 public:
  SsrCurvePlans(const ThresholdDesign& design, int64_t max_bytes);
  // The SSR curve of y: through a kept plan, or evaluated once (the same numbers).
  std::vector<double> Curve(const std::vector<double>& fixed, const std::vector<double>& candidates,
                            const Eigen::VectorXd& y);
  // The kept plan of (fixed, candidates), built now if need be (not kept beyond max_bytes).
  std::shared_ptr<const SsrCurvePlan> Get(const std::vector<double>& fixed,
                                          const std::vector<double>& candidates);
  // SSR of the model without threshold.
  double LinearSsr(const Eigen::VectorXd& y) const { return linear_.Ssr(y); }
  int64_t kept() const;

 private:
  using Key = std::pair<std::vector<double>, std::vector<double>>;
  const ThresholdDesign& design_;
  const FixedThresholdFit linear_;
  const int64_t max_bytes_;
  mutable std::mutex mutex_;
  int64_t bytes_ = 0;
  std::map<Key, std::shared_ptr<const SsrCurvePlan>> plans_;
  std::set<uint64_t> asked_;  // hashes of the curves asked for once
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_SSR_PLAN_H_

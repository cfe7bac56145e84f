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
  // `design` must outlive the plan; `candidates` ascending.
  SsrCurvePlan(const ThresholdDesign& design, const std::vector<double>& fixed,
               const std::vector<double>& candidates);
  // SSR at each candidate; +inf where it leaves a regime without identifying variation.
  std::vector<double> Evaluate(const Eigen::VectorXd& y) const;
  int64_t bytes() const;

 private:
  // The rows with q up to a candidate (the first rows_end of the q order) and what
  // the design alone says about that candidate.
  struct Slot {
    int64_t rows_end = 0;
    bool identified = false;
    Eigen::MatrixXd ctf;  // C'F
    Eigen::LDLT<Eigen::MatrixXd> schur;
  };
  void BuildSlots(const std::vector<double>& candidates);

  const ThresholdDesign& design_;
  bool full_rank_ = false;
  Eigen::MatrixXd f_;
  Eigen::LDLT<Eigen::MatrixXd> ftf_solver_;
  std::vector<Slot> slots_;
  std::vector<int> slot_of_;  // per candidate
};

// The plans of one bootstrap, shared by its replicates and threads. Plans are kept
// while their total size is under `max_bytes` (later ones are built for one use);
// max_bytes = 0 keeps none, for a single search.
class SsrCurvePlans {
 public:
  SsrCurvePlans(const ThresholdDesign& design, int64_t max_bytes);
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
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_SSR_PLAN_H_

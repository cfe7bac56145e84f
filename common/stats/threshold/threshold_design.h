// The within-transformed data of a panel threshold regression (Hansen 1999)
//   y_it = mu_i + z_it' b + sum_j x_it' beta_j 1(gamma_{j-1} < q_it <= gamma_j) + e_it
// on a BALANCED panel, and the residual sum of squares of the model at given thresholds.
//
// Why a sweep: the search evaluates the SSR at hundreds of candidate thresholds, in every
// bootstrap replicate. With the regressors [z~, x~, C(g_1), ..., C(g_m)], where
// C(g) = within(x 1(q <= g)) spans the same space as the regime slopes, the cross products
// of C(g) with any demeaned column f are sums over the rows with q <= g:
//   C(g)'f = sum_{q_it <= g} x_it f_it,   C(g)'C(g) = sum_{q_it <= g} x x' - sum_i S_i S_i' / T
// with S_i = sum_{t: q_it <= g} x_it. Walking the rows in q order updates them in O(k) per
// row, and the SSR of each candidate is a k x k Schur complement: no candidate needs a
// regression of its own (docs/methods/threshold.md).
#ifndef GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_DESIGN_H_
#define GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_DESIGN_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

// Raw data, row e * periods + t (entity-major, every entity in every period).
struct ThresholdData {
  int64_t entities = 0;
  int64_t periods = 0;
  Eigen::VectorXd y;
  Eigen::MatrixXd regime_x;  // regressors whose slope changes across regimes (N x kx)
  Eigen::MatrixXd controls;  // regressors with one slope (N x kz; may have 0 columns)
  Eigen::VectorXd q;         // threshold variable
};

class ThresholdDesign {
 public:
  // INVALID_ARGUMENT when the shapes disagree.
  static absl::StatusOr<ThresholdDesign> Create(const ThresholdData& data);

  // Within-transformed dependent variable.
  const Eigen::VectorXd& y() const { return y_; }
  int64_t rows() const { return y_.size(); }
  int64_t entities() const { return entities_; }
  int64_t periods() const { return periods_; }
  const Eigen::VectorXd& q() const { return q_; }
  // Raw (not demeaned) regime regressors and the row indices in ascending q (ties in row order).
  const Eigen::MatrixXd& regime_raw() const { return regime_raw_; }
  const std::vector<int64_t>& rows_by_q() const { return by_q_; }

  // The demeaned regressors of the model with `thresholds` (any order): [z~, x~, C(g)...].
  Eigen::MatrixXd Regressors(const std::vector<double>& thresholds) const;

  // SSR of y (within-transformed) on Regressors(thresholds); +inf when they are collinear.
  double Ssr(const Eigen::VectorXd& y, const std::vector<double>& thresholds) const;

  // SSR of the model with `fixed` plus one threshold at each of `candidates` (ascending);
  // +inf for a candidate that leaves a regime without identifying variation. (For many y
  // on the same design, keep an SsrCurvePlan: threshold_ssr_plan.h.)
  std::vector<double> SsrCurve(const Eigen::VectorXd& y, const std::vector<double>& fixed,
                               const std::vector<double>& candidates) const;

 private:
  int64_t entities_ = 0;
  int64_t periods_ = 0;
  Eigen::VectorXd y_;
  Eigen::MatrixXd controls_;   // demeaned
  Eigen::MatrixXd regime_;     // demeaned
  Eigen::MatrixXd regime_raw_;
  Eigen::VectorXd q_;
  std::vector<int64_t> by_q_;  // rows in ascending q
};

// Rows of each entity minus the entity's mean (balanced, entity-major layout).
Eigen::MatrixXd WithinTransform(const Eigen::MatrixXd& x, int64_t entities, int64_t periods);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_DESIGN_H_

// The wild cluster restricted bootstrap's p-value function of one slope j,
// p(beta0), as test inversion evaluates it ~80 times with the same draws
// (wild_cluster_bootstrap.h describes the procedure).
//
// Why it is cheap: for a fixed draw v every quantity of the replicate is affine in
// beta0. The restricted fit's cluster pieces are c_g(beta0) = c_g(0) - beta0 c'_g,
// so the refit's deviation delta = B sum_g v_g c_g and each projected CR0 score
// s_g = v_g r_g - q_g . delta (or sum_h v_h R_gh - q_g . delta with crossed fixed
// effects) are affine too, and
//   t*_b(beta0) = (a_b - beta0 c_b) / sqrt(g_b (beta0 - m_b)^2 + e_b)
// with g_b = |s''|^2, m_b = s'.s'' / g_b and e_b = |s' - m_b s''|^2 for the scores
// s = s' - beta0 s'' (the sum of squares written as the minimum of the quadratic
// plus a square, so no cancellation far from m_b). The five numbers of every draw
// are computed once per slope, in blocks of draws with matrix products; a p-value
// is then O(B) scalar work instead of O(B G k) (Roodman, MacKinnon, Nielsen & Webb
// 2019, "Fast and wild", Stata Journal 19(1)).
#ifndef GOVMETRICS_COMMON_STATS_WILD_BOOTSTRAP_SLOPE_H_
#define GOVMETRICS_COMMON_STATS_WILD_BOOTSTRAP_SLOPE_H_

#include <cstdint>
#include <vector>

#include "Eigen/Cholesky"
#include "Eigen/Core"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/wild_bootstrap_weights.h"

namespace govmetrics::stats {

// The cluster-level sufficient statistics of the linear model (after the fixed
// effects are partialled out).
struct WildClusterProblem {
  int k = 0;
  int clusters = 0;
  Eigen::MatrixXd gram;            // X'X
  Eigen::MatrixXd bread;           // (X'X)^-1
  Eigen::VectorXd xy;              // X'y
  Eigen::VectorXd beta;            // unrestricted estimate
  std::vector<Eigen::MatrixXd> a;  // X_g'X_g
  Eigen::MatrixXd xy_g;            // clusters x k: row g = (X_g'y_g)'
  // Fixed effects that are NOT nested in the clusters (e.g. period effects with
  // entity clusters) mix clusters when y* is demeaned: then the refit's scores
  // need the demeaned per-cluster pieces M(1_h u~) (see WildSlopeTest).
  bool crossed = false;
  const Eigen::MatrixXd* x = nullptr;         // demeaned design (n x k)
  const Eigen::VectorXd* y = nullptr;         // demeaned response
  const std::vector<int>* cluster = nullptr;  // cluster code per row
  std::vector<const FactorCodes*> factors;    // the absorbed fixed effects
};

// `x`, `y`, `cluster` and `factors` must outlive the problem; `bread` = (x'x)^-1.
WildClusterProblem MakeWildClusterProblem(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          const Eigen::MatrixXd& bread, const FactorCodes& cluster,
                                          const std::vector<const FactorCodes*>& factors);

class WildSlopeTest {
 public:
  // O(B G k) (plus 2 G absorptions with crossed fixed effects). `p` and `w` must
  // outlive the test.
  WildSlopeTest(const WildClusterProblem& p, int j, const WildWeightSource& w);

  double estimate() const { return p_.beta[j_]; }
  double std_error() const { return se_; }  // unrestricted CR0
  // Bootstrap t of replicate b under H0: beta_j = beta0.
  double TStar(int64_t b, double beta0) const;
  // Symmetric WCR p-value of H0: beta_j = beta0: #{b : |t*_b| >= |t| (1 - 1e-9)} / B,
  // a draw that rebuilds the data always counting.
  double PValue(double beta0) const;

 private:
  // Per-cluster pieces at beta0 = 0 (suffix 0) and their change per unit of beta0
  // (suffix 1): d = B c_g rows, and R with crossed fixed effects.
  struct Pieces {
    Eigen::MatrixXd d0, d1, r0, r1;
  };
  struct Draw {
    double a = 0, c = 0, g = 0, m = 0, e = 0;
  };
  Pieces NestedPieces() const;
  Pieces CrossedPieces() const;
  void ComputeDraws(const Pieces& pieces);
  void ComputeBlock(const Eigen::MatrixXd& v, const Pieces& pieces, int64_t first);

  const WildClusterProblem& p_;
  int j_;
  const WildWeightSource& w_;
  Eigen::MatrixXd q_;  // row g = (X_g'X_g B_.j)'
  double se_ = 0;
  std::vector<int> others_;
  Eigen::LDLT<Eigen::MatrixXd> restricted_;
  std::vector<Draw> draws_;
  std::vector<char> reproduces_data_;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WILD_BOOTSTRAP_SLOPE_H_

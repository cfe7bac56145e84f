// The wild bootstrap's closed-form p-value function (WildSlopeTest: five numbers per
// draw, t*_b(beta0) in closed form) against the direct computation it replaces: for
// every draw, the restricted LSDV fit of y - beta0 x_j, y* = y~ + v o u~, a full LSDV
// refit of y* (dummies for the fixed effects, no partialling out) and its CR0 t. Pooled
// OLS, entity effects (nested in the entity clusters) and two-way effects (period
// effects cross the clusters), Webb draws and enumerated Rademacher signs (which
// include the two draws that rebuild the data), at null values near and far from the
// estimate.
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Cholesky"
#include "Eigen/LU"
#include "Eigen/QR"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/random_streams.h"
#include "common/stats/wild_bootstrap_slope.h"
#include "common/stats/wild_bootstrap_weights.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

constexpr int kEntities = 8;
constexpr int kPeriods = 12;

struct Panel {
  Eigen::MatrixXd x;  // n x 3
  Eigen::VectorXd y;
  std::vector<int> entity, period;
};

// Regressors correlated with the entity effects, errors heteroskedastic by entity.
Panel MakePanel() {
  ReplicateStream rng(2026, StreamPurpose::kSimulation, 17);
  Panel p;
  const int n = kEntities * kPeriods;
  p.x.resize(n, 3);
  p.y.resize(n);
  for (int i = 0; i < kEntities; ++i) {
    const double effect = rng.Normal();
    for (int t = 0; t < kPeriods; ++t) {
      const int row = i * kPeriods + t;
      p.x(row, 0) = 0.8 * effect + rng.Normal();
      p.x(row, 1) = 0.1 * t + rng.Normal();
      p.x(row, 2) = rng.Uniform() * 4.0;
      p.y[row] = 1 + 0.5 * p.x(row, 0) - 0.3 * p.x(row, 1) + 0.05 * p.x(row, 2) + effect + 0.2 * t +
                 (0.5 + 0.2 * i) * rng.Normal();
      p.entity.push_back(i);
      p.period.push_back(t);
    }
  }
  return p;
}

enum class Effects { kPooled, kEntity, kTwoWay };

// Dummy columns of the fixed effects (intercept for pooled OLS).
Eigen::MatrixXd Dummies(const Panel& p, Effects effects) {
  const Eigen::Index n = p.y.size();
  if (effects == Effects::kPooled) return Eigen::MatrixXd::Ones(n, 1);
  const int extra = effects == Effects::kTwoWay ? kPeriods - 1 : 0;
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, kEntities + extra);
  for (Eigen::Index r = 0; r < n; ++r) {
    d(r, p.entity[r]) = 1;
    if (extra > 0 && p.period[r] > 0) d(r, kEntities + p.period[r] - 1) = 1;
  }
  return d;
}

// For each draw: restricted LSDV fit, y*, full LSDV refit, CR0 t of coefficient j.
class DirectRefit {
 public:
  DirectRefit(const Eigen::MatrixXd& z, const Eigen::VectorXd& y, const std::vector<int>& cluster)
      : z_(z), y_(y), cluster_(cluster), solver_(z) {}

  void Restrict(int j, double beta0) {
    j_ = j;
    beta0_ = beta0;
    Eigen::MatrixXd others(z_.rows(), z_.cols() - 1);
    for (Eigen::Index c = 0, o = 0; c < z_.cols(); ++c) {
      if (c != j) others.col(o++) = z_.col(c);
    }
    const Eigen::VectorXd target = y_ - beta0 * z_.col(j);
    fitted_ = beta0 * z_.col(j) + others * others.colPivHouseholderQr().solve(target);
    residual_ = y_ - fitted_;
    // Row j of (Z'Z)^-1 Z': b_j = h . y.
    const Eigen::MatrixXd ztz = z_.transpose() * z_;
    h_ = ztz.ldlt().solve(Eigen::MatrixXd(z_.transpose())).row(j).transpose();
  }

  // t of the original data (v == nullptr) or of replicate v.
  double T(const double* v) const {
    Eigen::VectorXd ystar = y_;
    if (v != nullptr) {
      for (Eigen::Index r = 0; r < y_.size(); ++r) ystar[r] = fitted_[r] + v[cluster_[r]] * residual_[r];
    }
    const Eigen::VectorXd b = solver_.solve(ystar);
    const Eigen::VectorXd u = ystar - z_ * b;
    Eigen::VectorXd score = Eigen::VectorXd::Zero(kEntities);
    for (Eigen::Index r = 0; r < u.size(); ++r) score[cluster_[r]] += h_[r] * u[r];
    return (b[j_] - beta0_) / score.norm();
  }

 private:
  Eigen::MatrixXd z_;
  Eigen::VectorXd y_;
  std::vector<int> cluster_;
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> solver_;
  int j_ = 0;
  double beta0_ = 0;
  Eigen::VectorXd fitted_, residual_, h_;
};

void CompareWithDirectRefits(Effects effects, const WildBootstrapOptions& options, bool enumerate) {
  const Panel panel = MakePanel();
  const Eigen::MatrixXd d = Dummies(panel, effects);
  const bool pooled = effects == Effects::kPooled;
  // Design of the closed form: [1, X] for pooled OLS, else X with the effects partialled out.
  Eigen::MatrixXd x(panel.x.rows(), panel.x.cols() + (pooled ? 1 : 0));
  if (pooled) x << d, panel.x;
  if (!pooled) x = panel.x - d * d.colPivHouseholderQr().solve(panel.x);
  const Eigen::VectorXd y = pooled ? panel.y : Eigen::VectorXd(panel.y - d * d.colPivHouseholderQr().solve(panel.y));
  const FactorCodes cluster = RecodeFactor("entity", panel.entity);
  const FactorCodes period = RecodeFactor("period", panel.period);
  std::vector<const FactorCodes*> factors;
  if (!pooled) factors.push_back(&cluster);
  if (effects == Effects::kTwoWay) factors.push_back(&period);
  const WildClusterProblem problem =
      MakeWildClusterProblem(x, y, (x.transpose() * x).inverse(), cluster, factors);
  EXPECT_EQ(problem.crossed, effects == Effects::kTwoWay);
  const WildWeightSource weights(options, kEntities, enumerate);
  Eigen::MatrixXd z(panel.x.rows(), panel.x.cols() + d.cols());
  z << panel.x, d;
  DirectRefit direct(z, panel.y, cluster.codes);
  std::vector<double> scratch;
  for (int j = pooled ? 1 : 0; j < x.cols(); ++j) {
    const WildSlopeTest fast(problem, j, weights);
    const int zj = pooled ? j - 1 : j;
    const double se = fast.std_error(), est = fast.estimate();
    for (double beta0 : {0.0, est, est + 0.5 * se, est - 2.5 * se, est + 40 * se, est - 3e4 * se}) {
      SCOPED_TRACE("slope " + std::to_string(j) + " null " + std::to_string(beta0));
      direct.Restrict(zj, beta0);
      const double t = direct.T(nullptr);
      int64_t exceed = 0;
      for (int64_t b = 0; b < weights.replications(); ++b) {
        const double* v = weights.Get(b, &scratch);
        const double t_star = direct.T(v);
        ASSERT_NEAR(fast.TStar(b, beta0), t_star, 1e-8 * std::max(1.0, std::fabs(t_star))) << "draw " << b;
        if (ReproducesData(v, kEntities) || std::fabs(t_star) >= std::fabs(t) * (1.0 - 1e-9)) ++exceed;
      }
      EXPECT_EQ(fast.PValue(beta0), static_cast<double>(exceed) / static_cast<double>(weights.replications()));
    }
  }
}

WildBootstrapOptions Webb() {
  WildBootstrapOptions o;
  o.replications = 199;
  o.seed = 3;
  o.weights = WildWeightType::kWebb;
  return o;
}

WildBootstrapOptions Rademacher() {
  WildBootstrapOptions o;
  o.replications = 999;  // >= 2^8: all sign vectors
  o.weights = WildWeightType::kRademacher;
  return o;
}

TEST(WildBootstrapSlopeTest, PooledOlsMatchesDirectRefits) {
  CompareWithDirectRefits(Effects::kPooled, Webb(), false);
}

TEST(WildBootstrapSlopeTest, NestedEntityEffectsMatchDirectRefits) {
  CompareWithDirectRefits(Effects::kEntity, Webb(), false);
  CompareWithDirectRefits(Effects::kEntity, Rademacher(), true);
}

TEST(WildBootstrapSlopeTest, CrossedPeriodEffectsMatchDirectRefits) {
  CompareWithDirectRefits(Effects::kTwoWay, Webb(), false);
  CompareWithDirectRefits(Effects::kTwoWay, Rademacher(), true);
}

}  // namespace
}  // namespace govmetrics::stats

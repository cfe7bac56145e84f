#include "common/stats/censored/tobit_marginal_effects.h"

#include <algorithm>
#include <cmath>

namespace govmetrics::stats {
namespace {

constexpr double kInvSqrtTwoPi = 0.39894228040143267794;

double Pdf(double z) { return std::isfinite(z) ? kInvSqrtTwoPi * std::exp(-0.5 * z * z) : 0.0; }
double Cdf(double z) { return 0.5 * std::erfc(-z * M_SQRT1_2); }

// One row's D = Pr(a < y* < b) and the ratios phi(alpha) / D, phi(beta) / D. Far in a
// censored region (alpha >> 0 or beta << 0; the random-effects Tobit, with a small
// sigma_e, puts rows there) D is a difference of two tails that underflows or cancels, so
// it is taken as a tail times 1 - (the ratio of the two tails), both from log Phi, and
// the ratios from the inverse Mills ratio.
struct RowProbabilities {
  double d = 0, r_alpha = 0, r_beta = 0;
};

RowProbabilities Probabilities(double alpha, double beta) {
  RowProbabilities p;
  if (alpha >= 0) {  // both limits in the upper tail: D = Q(alpha) - Q(beta), Q(x) = Phi(-x)
    const double log_q = LogNormalCdf(-alpha);
    const double ratio = std::isfinite(beta) ? std::exp(LogNormalCdf(-beta) - log_q) : 0.0;
    p.d = std::exp(log_q) * (1 - ratio);
    p.r_alpha = InverseMillsRatio(-alpha) / (1 - ratio);
    p.r_beta = std::isfinite(beta) ? InverseMillsRatio(-beta) * ratio / (1 - ratio) : 0.0;
  } else if (beta <= 0) {  // both in the lower tail: D = Phi(beta) - Phi(alpha)
    const double log_p = LogNormalCdf(beta);
    const double ratio = std::isfinite(alpha) ? std::exp(LogNormalCdf(alpha) - log_p) : 0.0;
    p.d = std::exp(log_p) * (1 - ratio);
    p.r_beta = InverseMillsRatio(beta) / (1 - ratio);
    p.r_alpha = std::isfinite(alpha) ? InverseMillsRatio(alpha) * ratio / (1 - ratio) : 0.0;
  } else {
    p.d = Cdf(beta) - Cdf(alpha);
    p.r_alpha = Pdf(alpha) / p.d;
    p.r_beta = Pdf(beta) / p.d;
  }
  return p;
}

// The factor multiplying b_k for one row's index, averaged over the rows of x.
double MeanFactor(const Eigen::MatrixXd& x, const CensoringLimits& limits, const Eigen::VectorXd& theta,
                  MarginalKind kind) {
  const Eigen::Index k = x.cols();
  const double s = std::exp(theta(k));
  const Eigen::VectorXd eta = x * theta.head(k);
  double total = 0;
  for (Eigen::Index i = 0; i < eta.size(); ++i) {
    const double alpha = (limits.left - eta(i)) / s;
    const double beta = (limits.right - eta(i)) / s;
    switch (kind) {
      case MarginalKind::kLatent: total += 1.0; break;
      case MarginalKind::kUnconditional: total += Probabilities(alpha, beta).d; break;
      case MarginalKind::kProbability: total += (Pdf(alpha) - Pdf(beta)) / s; break;
      case MarginalKind::kConditional: {
        const RowProbabilities p = Probabilities(alpha, beta);
        const double a_term = std::isfinite(alpha) ? alpha * p.r_alpha : 0.0;
        const double b_term = std::isfinite(beta) ? beta * p.r_beta : 0.0;
        const double spread = p.r_alpha - p.r_beta;
        // Var(y* | a < y* < b) / s^2, in [0, 1] (the clamp only absorbs rounding far in a tail).
        total += std::clamp(1.0 + a_term - b_term - spread * spread, 0.0, 1.0);
        break;
      }
    }
  }
  return total / static_cast<double>(eta.size());
}

// Marginal effects of columns 1..k-1 at theta.
Eigen::VectorXd Effects(const Eigen::MatrixXd& x, const CensoringLimits& limits, const Eigen::VectorXd& theta,
                        MarginalKind kind) {
  const Eigen::Index k = x.cols();
  return MeanFactor(x, limits, theta, kind) * theta.segment(1, k - 1);
}

Eigen::MatrixXd CentralDifferenceJacobian(const Eigen::MatrixXd& x, const CensoringLimits& limits,
                                          const Eigen::VectorXd& theta, MarginalKind kind) {
  Eigen::MatrixXd j(x.cols() - 1, theta.size());
  for (Eigen::Index p = 0; p < theta.size(); ++p) {
    const double h = 1e-6 * std::max(1.0, std::fabs(theta(p)));
    Eigen::VectorXd up = theta, down = theta;
    up(p) += h;
    down(p) -= h;
    j.col(p) = (Effects(x, limits, up, kind) - Effects(x, limits, down, kind)) / (up(p) - down(p));
  }
  return j;
}

}  // namespace

std::vector<MarginalEffect> TobitMarginalEffects(const Eigen::MatrixXd& x, const CensoringLimits& limits,
                                                 const Eigen::VectorXd& theta, const Eigen::MatrixXd& covariance) {
  std::vector<MarginalEffect> out;
  const Eigen::MatrixXd means = x.colwise().mean();
  for (MarginalAt at : {MarginalAt::kMeans, MarginalAt::kAverage}) {
    const Eigen::MatrixXd& points = at == MarginalAt::kMeans ? means : x;
    for (MarginalKind kind : {MarginalKind::kLatent, MarginalKind::kUnconditional, MarginalKind::kConditional,
                              MarginalKind::kProbability}) {
      const Eigen::VectorXd estimate = Effects(points, limits, theta, kind);
      const Eigen::MatrixXd jacobian = CentralDifferenceJacobian(points, limits, theta, kind);
      const Eigen::VectorXd variance = (jacobian * covariance * jacobian.transpose()).diagonal();
      for (Eigen::Index c = 0; c < estimate.size(); ++c) {
        out.push_back({static_cast<int>(c + 1), kind, at, estimate(c), std::sqrt(variance(c))});
      }
    }
  }
  return out;
}

}  // namespace govmetrics::stats

#include "common/stats/censored/tobit_marginal_effects.h"

#include <cmath>

namespace govmetrics::stats {
namespace {

constexpr double kInvSqrtTwoPi = 0.39894228040143267794;

double Pdf(double z) { return std::isfinite(z) ? kInvSqrtTwoPi * std::exp(-0.5 * z * z) : 0.0; }
double Cdf(double z) { return 0.5 * std::erfc(-z * M_SQRT1_2); }

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
    const double d = Cdf(beta) - Cdf(alpha);
    const double n = Pdf(alpha) - Pdf(beta);
    switch (kind) {
      case MarginalKind::kLatent: total += 1.0; break;
      case MarginalKind::kUnconditional: total += d; break;
      case MarginalKind::kProbability: total += n / s; break;
      case MarginalKind::kConditional: {
        const double a_pdf = std::isfinite(alpha) ? alpha * Pdf(alpha) : 0.0;
        const double b_pdf = std::isfinite(beta) ? beta * Pdf(beta) : 0.0;
        total += 1.0 + (a_pdf - b_pdf) / d - (n / d) * (n / d);
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

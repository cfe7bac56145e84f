#include "common/stats/spatial/spatial_impacts.h"

#include <cmath>
#include <limits>

#include "Eigen/Cholesky"
#include "Eigen/Eigenvalues"
#include "Eigen/SparseLU"
#include "common/stats/random_streams.h"

namespace govmetrics::stats {
namespace {

// (1'(I - rho W)^-1 1, 1'(I - rho W)^-1 W 1), each divided by N.
std::pair<double, double> TotalMultipliers(const SpatialWeights& weights, double rho) {
  const int n = weights.n();
  if (weights.row_standardised && weights.islands.empty()) return {1.0 / (1.0 - rho), 1.0 / (1.0 - rho)};
  Eigen::SparseMatrix<double> a(n, n);
  a.setIdentity();
  a -= rho * Eigen::SparseMatrix<double>(weights.w);
  Eigen::SparseLU<Eigen::SparseMatrix<double>> lu;
  lu.compute(a.transpose());
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
  const Eigen::VectorXd row = lu.solve(ones);  // (I - rho W)^-T 1
  const Eigen::VectorXd w1 = weights.w * ones;
  return {row.sum() / n, row.dot(w1) / n};
}

// Lower-triangular factor L with L L' = covariance (eigen square root when not PD).
Eigen::MatrixXd CovarianceFactor(const Eigen::MatrixXd& covariance) {
  Eigen::LLT<Eigen::MatrixXd> llt(covariance);
  if (llt.info() == Eigen::Success) return llt.matrixL();
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(covariance);
  return eig.eigenvectors() * eig.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
}

}  // namespace

ImpactValues ComputeImpacts(const SpatialLogDeterminant& log_det, const SpatialWeights& weights, const ImpactParameters& p) {
  const double n = weights.n();
  const double tr_inverse = log_det.TraceInverse(p.rho) / n;
  const double tr_g = log_det.TraceG(p.rho) / n;
  const auto [total_x, total_wx] = TotalMultipliers(weights, p.rho);
  ImpactValues out;
  out.direct = p.beta * tr_inverse;
  out.total = p.beta * total_x;
  if (p.theta.size() > 0) {
    out.direct += p.theta * tr_g;
    out.total += p.theta * total_wx;
  }
  out.indirect = out.total - out.direct;
  return out;
}

absl::StatusOr<SimulatedImpacts> SimulateImpacts(const SpatialLogDeterminant& log_det, const SpatialWeights& weights,
                                                 const ImpactParameters& parameters,
                                                 const Eigen::MatrixXd& covariance, int draws, uint64_t seed,
                                                 const StopPredicate* should_stop) {
  SimulatedImpacts out;
  out.estimate = ComputeImpacts(log_det, weights, parameters);
  const int k = static_cast<int>(parameters.beta.size());
  const bool durbin = parameters.theta.size() > 0;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  out.std_error = {Eigen::VectorXd::Constant(k, nan), Eigen::VectorXd::Constant(k, nan),
                   Eigen::VectorXd::Constant(k, nan)};
  if (draws < 2) return out;
  out.draws = draws;
  const Eigen::MatrixXd factor = CovarianceFactor(covariance);
  const int dim = static_cast<int>(covariance.rows());
  Eigen::VectorXd mean(dim);
  mean << parameters.rho, parameters.beta, (durbin ? parameters.theta : Eigen::VectorXd());
  // Welford's running mean and sum of squared deviations (no cancellation).
  Eigen::MatrixXd running_mean = Eigen::MatrixXd::Zero(k, 3), m2 = Eigen::MatrixXd::Zero(k, 3);
  for (int r = 0; r < draws; ++r) {
    if (absl::Status st = CheckStop(should_stop); !st.ok()) return st;
    ReplicateStream stream(seed, StreamPurpose::kSpatialImpacts, static_cast<uint64_t>(r));
    Eigen::VectorXd z(dim);
    for (int i = 0; i < dim; ++i) z(i) = stream.Normal();
    const Eigen::VectorXd draw = mean + factor * z;
    ImpactParameters q{draw(0), draw.segment(1, k), durbin ? Eigen::VectorXd(draw.segment(1 + k, k)) : Eigen::VectorXd()};
    const ImpactValues v = ComputeImpacts(log_det, weights, q);
    Eigen::MatrixXd m(k, 3);
    m << v.direct, v.indirect, v.total;
    const Eigen::MatrixXd delta = m - running_mean;
    running_mean += delta / (r + 1);
    m2 += delta.cwiseProduct(m - running_mean);
  }
  const Eigen::MatrixXd var = m2 / (draws - 1);
  const Eigen::MatrixXd se = var.cwiseMax(0.0).cwiseSqrt();
  out.std_error = {se.col(0), se.col(1), se.col(2)};
  return out;
}

}  // namespace govmetrics::stats

#include "common/stats/panel/kleibergen_paap.h"

#include <algorithm>
#include <utility>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "common/stats/panel/score_meat.h"

namespace govmetrics::stats {
namespace {

Eigen::MatrixXd Kronecker(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  Eigen::MatrixXd out(a.rows() * b.rows(), a.cols() * b.cols());
  for (Eigen::Index i = 0; i < a.rows(); ++i) {
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      out.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
    }
  }
  return out;
}

// Symmetric square root of a positive semi-definite matrix.
Eigen::MatrixXd SymmetricSqrt(const Eigen::MatrixXd& a) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(0.5 * (a + a.transpose()));
  const Eigen::VectorXd root = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return eig.eigenvectors() * root.asDiagonal() * eig.eigenvectors().transpose();
}

absl::StatusOr<Eigen::MatrixXd> LowerCholeskyInverse(const Eigen::MatrixXd& q, Eigen::MatrixXd* factor) {
  Eigen::LLT<Eigen::MatrixXd> llt(q);
  if (llt.info() != Eigen::Success) {
    return absl::FailedPreconditionError("instrument diagnostics: a first-stage cross-product is singular");
  }
  *factor = llt.matrixL();
  return Eigen::MatrixXd(llt.matrixL().solve(Eigen::MatrixXd::Identity(q.rows(), q.cols())));
}

}  // namespace

absl::StatusOr<FirstStageCanonical> CanonicalDecomposition(Eigen::MatrixXd x1p, Eigen::MatrixXd z1p) {
  FirstStageCanonical c;
  const double n = static_cast<double>(x1p.rows());
  const Eigen::MatrixXd qzz = z1p.transpose() * z1p / n;
  const Eigen::MatrixXd qzy = z1p.transpose() * x1p / n;
  const Eigen::MatrixXd qyy = x1p.transpose() * x1p / n;
  Eigen::MatrixXd fzz, fyy;
  absl::StatusOr<Eigen::MatrixXd> fzz_inv = LowerCholeskyInverse(qzz, &fzz);
  if (!fzz_inv.ok()) return fzz_inv.status();
  absl::StatusOr<Eigen::MatrixXd> fyy_inv = LowerCholeskyInverse(qyy, &fyy);
  if (!fyy_inv.ok()) return fyy_inv.status();
  c.fzz_inv = *std::move(fzz_inv);
  c.fyy_inv = *std::move(fyy_inv);
  c.pi = qzz.llt().solve(qzy);
  c.theta = fzz.transpose() * c.pi * c.fyy_inv.transpose();
  Eigen::JacobiSVD<Eigen::MatrixXd> svd(c.theta, Eigen::ComputeFullU | Eigen::ComputeFullV);
  c.u = svd.matrixU();
  c.v = svd.matrixV();
  const double smallest = svd.singularValues().minCoeff();
  if (!(smallest < 1.0)) {
    return absl::FailedPreconditionError(
        "instrument diagnostics: an endogenous regressor is a linear combination of the instruments");
  }
  c.min_squared_correlation = smallest * smallest;
  c.x1p = std::move(x1p);
  c.z1p = std::move(z1p);
  return c;
}

absl::StatusOr<double> KleibergenPaapRk(const FirstStageCanonical& c, const Eigen::MatrixXd& w,
                                        const FactorCodes* cluster) {
  const Eigen::Index k1 = c.x1p.cols(), l1 = c.z1p.cols();
  const double n = static_cast<double>(c.x1p.rows());
  Eigen::MatrixXd scores(c.x1p.rows(), k1 * l1);
  for (Eigen::Index j = 0; j < k1; ++j) scores.middleCols(j * l1, l1) = MomentScores(c.z1p, w.col(j));
  const Eigen::MatrixXd shat = ScoreMeat(scores, cluster) / n;
  const Eigen::MatrixXd t = Kronecker(c.fyy_inv, c.fzz_inv);
  const Eigen::MatrixXd kpvar = t * shat * t.transpose();
  // Kleibergen and Paap (2006), eq. (12)-(15): rotate theta by the singular
  // vectors beyond the hypothesised rank kk = K1 - 1.
  const Eigen::Index kk = k1 - 1;
  const Eigen::MatrixXd u22 = c.u.block(kk, kk, l1 - kk, l1 - kk);
  const Eigen::MatrixXd v22 = c.v.block(kk, kk, k1 - kk, k1 - kk);
  const Eigen::MatrixXd aq =
      c.u.rightCols(l1 - kk) * u22.inverse() * SymmetricSqrt(u22 * u22.transpose());
  const Eigen::MatrixXd bq = SymmetricSqrt(v22 * v22.transpose()) * v22.transpose().inverse() *
                             c.v.rightCols(k1 - kk).transpose();
  const Eigen::MatrixXd k = Kronecker(bq, aq.transpose());
  const Eigen::VectorXd lab =
      k * Eigen::Map<const Eigen::VectorXd>(c.theta.data(), c.theta.size());
  Eigen::MatrixXd vlab = k * kpvar * k.transpose();
  vlab = 0.5 * (vlab + vlab.transpose());
  Eigen::LDLT<Eigen::MatrixXd> ldlt(vlab);
  if (ldlt.info() != Eigen::Success || !(ldlt.vectorD().array() > 0).all()) {
    return absl::FailedPreconditionError(
        "instrument diagnostics: the Kleibergen-Paap covariance is singular (too few clusters?)");
  }
  return n * lab.dot(ldlt.solve(lab));
}

}  // namespace govmetrics::stats

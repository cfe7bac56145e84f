#include "common/stats/linear_solve.h"

#include <cmath>
#include <vector>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "common/stats/panel_parallel.h"

namespace govmetrics::stats {

Eigen::MatrixXd GramMatrix(const Eigen::Ref<const Eigen::MatrixXd>& a,
                           int threads) {
  const int64_t n = a.rows();
  const int64_t k = a.cols();
  const int chunks = EffectiveThreads(n * k, threads);
  std::vector<Eigen::MatrixXd> parts(chunks, Eigen::MatrixXd::Zero(k, k));
  ParallelChunks(n, chunks, [&](int c, int64_t begin, int64_t end) {
    if (end <= begin) return;
    // rankUpdate fills only the lower triangle: half the flops of A'A.
    parts[c].selfadjointView<Eigen::Lower>().rankUpdate(
        a.middleRows(begin, end - begin).transpose());
  });
  Eigen::MatrixXd gram = parts[0];
  for (int c = 1; c < chunks; ++c) gram += parts[c];
  gram.triangularView<Eigen::StrictlyUpper>() = gram.transpose();
  return gram;
}

Eigen::VectorXd TransposeTimes(const Eigen::Ref<const Eigen::MatrixXd>& a,
                               const Eigen::Ref<const Eigen::VectorXd>& v,
                               int threads) {
  const int64_t n = a.rows();
  const int chunks = EffectiveThreads(n * a.cols(), threads);
  std::vector<Eigen::VectorXd> parts(chunks, Eigen::VectorXd::Zero(a.cols()));
  ParallelChunks(n, chunks, [&](int c, int64_t begin, int64_t end) {
    if (end <= begin) return;
    parts[c].noalias() = a.middleRows(begin, end - begin).transpose() *
                         v.segment(begin, end - begin);
  });
  Eigen::VectorXd out = parts[0];
  for (int c = 1; c < chunks; ++c) out += parts[c];
  return out;
}

void Residuals(const Eigen::Ref<const Eigen::MatrixXd>& a,
               const Eigen::Ref<const Eigen::VectorXd>& b,
               const Eigen::Ref<const Eigen::VectorXd>& y,
               Eigen::Ref<Eigen::VectorXd> out, int threads) {
  const int64_t n = a.rows();
  const int chunks = EffectiveThreads(n * a.cols(), threads);
  ParallelChunks(n, chunks, [&](int, int64_t begin, int64_t end) {
    if (end <= begin) return;
    const int64_t len = end - begin;
    // Column-by-column axpy keeps the aliasing (out == y) case correct.
    out.segment(begin, len) = y.segment(begin, len);
    for (Eigen::Index j = 0; j < a.cols(); ++j) {
      if (b[j] != 0.0) {
        out.segment(begin, len) -= b[j] * a.col(j).segment(begin, len);
      }
    }
  });
}

absl::StatusOr<RankRevealingInverse> InvertGramRankRevealing(
    const Eigen::MatrixXd& gram, const Eigen::VectorXd& reference_sq_norms,
    double tolerance) {
  const int k = static_cast<int>(gram.rows());
  if (!gram.allFinite()) {
    return absl::InvalidArgumentError(
        "cross-product matrix has non-finite entries (overflow in the data?)");
  }
  RankRevealingInverse out;
  Eigen::VectorXd scale(k);
  std::vector<bool> candidate(k, true);
  for (int j = 0; j < k; ++j) {
    const double d = gram(j, j);
    const bool swallowed =
        reference_sq_norms.size() == k && d <= tolerance * reference_sq_norms[j];
    if (!(d > 0.0) || swallowed) {
      candidate[j] = false;
      scale[j] = 0.0;
    } else {
      scale[j] = 1.0 / std::sqrt(d);
    }
  }
  // Cholesky of the scaled Gram restricted to the kept set, built column by
  // column (left-looking) so that a column can be rejected on its pivot.
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(k, k);  // rows/cols in kept order
  std::vector<int>& kept = out.kept;
  for (int j = 0; j < k; ++j) {
    if (!candidate[j]) {
      out.dropped.push_back(j);
      continue;
    }
    const int m = static_cast<int>(kept.size());
    // Solve L[0:m,0:m] w = scaled gram(kept, j).
    Eigen::VectorXd w(m);
    for (int r = 0; r < m; ++r) {
      double s = gram(kept[r], j) * scale[kept[r]] * scale[j];
      for (int c = 0; c < r; ++c) s -= l(r, c) * w[c];
      w[r] = s / l(r, r);
    }
    const double pivot = 1.0 - w.squaredNorm();
    if (!(pivot > tolerance)) {
      out.dropped.push_back(j);
      continue;
    }
    for (int c = 0; c < m; ++c) l(m, c) = w[c];
    l(m, m) = std::sqrt(pivot);
    kept.push_back(j);
  }
  const int m = static_cast<int>(kept.size());
  if (m == 0) {
    out.inverse.resize(0, 0);
    return out;
  }
  const Eigen::MatrixXd lk = l.topLeftCorner(m, m);
  Eigen::MatrixXd linv = Eigen::MatrixXd::Identity(m, m);
  lk.triangularView<Eigen::Lower>().solveInPlace(linv);
  Eigen::MatrixXd inv_scaled = linv.transpose() * linv;
  out.inverse.resize(m, m);
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < m; ++c) {
      out.inverse(r, c) = inv_scaled(r, c) * scale[kept[r]] * scale[kept[c]];
    }
  }
  return out;
}

absl::StatusOr<LeastSquaresFit> FitLeastSquares(
    const Eigen::Ref<const Eigen::MatrixXd>& a,
    const Eigen::Ref<const Eigen::VectorXd>& y,
    const Eigen::VectorXd& reference_sq_norms, double tolerance, int threads) {
  if (!y.allFinite()) {
    return absl::InvalidArgumentError("response has non-finite values");
  }
  const Eigen::MatrixXd gram = GramMatrix(a, threads);
  absl::StatusOr<RankRevealingInverse> basis =
      InvertGramRankRevealing(gram, reference_sq_norms, tolerance);
  if (!basis.ok()) return basis.status();
  LeastSquaresFit fit;
  fit.basis = *std::move(basis);
  const auto& kept = fit.basis.kept;
  const int m = static_cast<int>(kept.size());
  // Full-length coefficient vector (zeros at dropped columns) lets us work
  // with A itself rather than a compacted copy.
  Eigen::VectorXd b_full = Eigen::VectorXd::Zero(a.cols());
  fit.residuals.resize(a.rows());
  if (m > 0) {
    const Eigen::VectorXd aty = TransposeTimes(a, y, threads);
    Eigen::VectorXd rhs(m);
    for (int r = 0; r < m; ++r) rhs[r] = aty[kept[r]];
    Eigen::VectorXd b = fit.basis.inverse * rhs;
    for (int r = 0; r < m; ++r) b_full[kept[r]] = b[r];
    // One refinement step: solve for the correction from the true residual.
    Residuals(a, b_full, y, fit.residuals, threads);
    const Eigen::VectorXd atr = TransposeTimes(a, fit.residuals, threads);
    for (int r = 0; r < m; ++r) rhs[r] = atr[kept[r]];
    b += fit.basis.inverse * rhs;
    for (int r = 0; r < m; ++r) b_full[kept[r]] = b[r];
    fit.coefficients = b;
  } else {
    fit.coefficients.resize(0);
  }
  Residuals(a, b_full, y, fit.residuals, threads);
  return fit;
}

void CompactColumns(const std::vector<int>& kept, Eigen::MatrixXd& a) {
  for (size_t r = 0; r < kept.size(); ++r) {
    if (kept[r] != static_cast<int>(r)) a.col(r) = a.col(kept[r]);
  }
  a.conservativeResize(Eigen::NoChange, static_cast<Eigen::Index>(kept.size()));
}

}  // namespace govmetrics::stats

#include "common/stats/bootstrap_cross_products.h"

#include <cmath>

#include "common/stats/fixed_effects_absorb.h"

namespace govmetrics::stats {

absl::Status AbsorbedCrossProducts(Eigen::MatrixXd& z, const AbsorbSpec& spec,
                                   Eigen::MatrixXd* cross, Eigen::VectorXd* raw_sq_norms) {
  const int64_t n = z.rows();
  const Eigen::Index p = z.cols();
  if (raw_sq_norms != nullptr) {
    raw_sq_norms->resize(p);
    for (Eigen::Index j = 0; j < p; ++j) {
      const double mean = n > 0 ? z.col(j).mean() : 0.0;
      (*raw_sq_norms)[j] = (z.col(j).array() - mean).square().sum();
    }
  }
  if (!spec.factors.empty()) {
    std::vector<double*> columns;
    columns.reserve(p);
    for (Eigen::Index j = 0; j < p; ++j) columns.push_back(z.col(j).data());
    AbsorbOptions options;
    options.threads = 1;
    absl::StatusOr<AbsorbReport> report = AbsorbFixedEffects(spec.factors, columns, n, options);
    if (!report.ok()) return report.status();
  } else if (spec.center && n > 0) {
    z.rowwise() -= z.colwise().mean();
  }
  cross->noalias() = z.transpose() * z;
  return absl::OkStatus();
}

bool SolveFromCrossProducts(const Eigen::MatrixXd& cross, int response,
                            const std::vector<int>& regressors,
                            const Eigen::VectorXd& raw_sq_norms, double tolerance,
                            Eigen::VectorXd* slopes) {
  const int k = static_cast<int>(regressors.size());
  Eigen::MatrixXd a(k, k);
  Eigen::VectorXd rhs(k), scale(k);
  for (int i = 0; i < k; ++i) {
    const double d = cross(regressors[i], regressors[i]);
    if (!(d > 0.0) || !std::isfinite(d)) return false;
    if (raw_sq_norms.size() > 0 && d < tolerance * raw_sq_norms[regressors[i]]) return false;
    scale[i] = 1.0 / std::sqrt(d);
  }
  for (int i = 0; i < k; ++i) {
    rhs[i] = cross(regressors[i], response) * scale[i];
    for (int j = 0; j < k; ++j) a(i, j) = cross(regressors[i], regressors[j]) * scale[i] * scale[j];
  }
  // Cholesky without pivoting on the unit-diagonal matrix: a pivot is the share
  // of a column's variance not explained by the earlier columns.
  for (int j = 0; j < k; ++j) {
    double d = a(j, j);
    for (int m = 0; m < j; ++m) d -= a(j, m) * a(j, m);
    if (!(d > tolerance)) return false;
    const double l = std::sqrt(d);
    a(j, j) = l;
    for (int i = j + 1; i < k; ++i) {
      double s = a(i, j);
      for (int m = 0; m < j; ++m) s -= a(i, m) * a(j, m);
      a(i, j) = s / l;
    }
  }
  Eigen::VectorXd w = rhs;
  for (int i = 0; i < k; ++i) {
    for (int m = 0; m < i; ++m) w[i] -= a(i, m) * w[m];
    w[i] /= a(i, i);
  }
  for (int i = k - 1; i >= 0; --i) {
    for (int m = i + 1; m < k; ++m) w[i] -= a(m, i) * w[m];
    w[i] /= a(i, i);
  }
  *slopes = w.cwiseProduct(scale);
  return true;
}

}  // namespace govmetrics::stats

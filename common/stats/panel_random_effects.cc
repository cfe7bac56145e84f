#include "common/stats/panel_random_effects.h"

#include <cmath>
#include <map>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/linear_solve.h"
#include "common/stats/panel_estimators.h"

namespace govmetrics::stats {

void QuasiDemean(const FactorCodes& group, const std::vector<double>& theta,
                 double* v, int64_t n) {
  std::vector<double> mean(group.levels, 0.0);
  for (int64_t i = 0; i < n; ++i) mean[group.codes[i]] += v[i];
  for (int g = 0; g < group.levels; ++g) {
    mean[g] = theta[g] * mean[g] / static_cast<double>(group.counts[g]);
  }
  for (int64_t i = 0; i < n; ++i) v[i] -= mean[group.codes[i]];
}

absl::StatusOr<SwamyAroraComponents> EstimateSwamyArora(
    const Eigen::Ref<const Eigen::MatrixXd>& x,
    const Eigen::Ref<const Eigen::VectorXd>& y, const FactorCodes& group,
    double tol, int threads) {
  const int64_t n = x.rows();
  const int64_t k = x.cols();
  const int64_t g_count = group.levels;
  SwamyAroraComponents out;

  // Within regression.
  Eigen::MatrixXd xw = x;
  Eigen::VectorXd yw = y;
  Eigen::VectorXd ref(k);
  std::vector<double*> cols;
  for (int64_t j = 0; j < k; ++j) {
    ref[j] = xw.col(j).squaredNorm();
    cols.push_back(xw.col(j).data());
  }
  cols.push_back(yw.data());
  AbsorbOptions ao;
  ao.threads = threads;
  absl::StatusOr<AbsorbReport> ar = AbsorbFixedEffects({&group}, cols, n, ao);
  if (!ar.ok()) return ar.status();
  absl::StatusOr<LeastSquaresFit> within = FitLeastSquares(xw, yw, ref, tol, threads);
  if (!within.ok()) return within.status();
  const double quad_within = within->residuals.squaredNorm();
  out.k_within = static_cast<int64_t>(within->basis.kept.size());

  // Between regression on group means, weighted by T_g (plm's "Between").
  Eigen::MatrixXd zbar = Eigen::MatrixXd::Zero(g_count, k + 1);
  Eigen::VectorXd ybar = Eigen::VectorXd::Zero(g_count);
  for (int64_t i = 0; i < n; ++i) {
    const int g = group.codes[i];
    ybar[g] += y[i];
    for (int64_t j = 0; j < k; ++j) zbar(g, j + 1) += x(i, j);
  }
  Eigen::VectorXd sqrt_t(g_count);
  for (int64_t g = 0; g < g_count; ++g) {
    const double t = static_cast<double>(group.counts[g]);
    zbar.row(g) /= t;
    zbar(g, 0) = 1.0;
    ybar[g] /= t;
    sqrt_t[g] = std::sqrt(t);
  }
  const Eigen::MatrixXd a = zbar.array().colwise() * sqrt_t.array();
  const Eigen::VectorXd b = ybar.cwiseProduct(sqrt_t);
  absl::StatusOr<LeastSquaresFit> between =
      FitLeastSquares(a, b, Eigen::VectorXd(), tol, 1);
  if (!between.ok()) return between.status();
  const double quad_between = between->residuals.squaredNorm();
  const int64_t k_between = static_cast<int64_t>(between->basis.kept.size()) - 1;
  // tr[(Zb'Zb)^{-1} Zs'Z] with Zb'Zb = sum T zbar zbar', Zs'Z = sum T^2 zbar zbar'.
  const auto& kept = between->basis.kept;
  const int m = static_cast<int>(kept.size());
  Eigen::MatrixXd c = Eigen::MatrixXd::Zero(m, m);
  for (int64_t g = 0; g < g_count; ++g) {
    const double t2 = static_cast<double>(group.counts[g]) * group.counts[g];
    for (int r = 0; r < m; ++r) {
      for (int s = 0; s < m; ++s) c(r, s) += t2 * zbar(g, kept[r]) * zbar(g, kept[s]);
    }
  }
  const double trace = (between->basis.inverse * c).trace();

  const double df_nu = static_cast<double>(n - g_count - out.k_within);
  const double df_between = static_cast<double>(g_count - k_between - 1);
  if (df_nu <= 0 || df_between <= 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "random effects: too few degrees of freedom for the variance components (",
        n, " observations, ", g_count, " groups, ", k, " regressors)"));
  }
  out.sigma2_idiosyncratic = quad_within / df_nu;
  out.sigma2_effect = (quad_between - df_between * out.sigma2_idiosyncratic) /
                      (static_cast<double>(n) - trace);
  if (out.sigma2_effect < 0) out.sigma2_effect = 0;
  out.theta.resize(g_count);
  for (int64_t g = 0; g < g_count; ++g) {
    out.theta[g] = 1.0 - std::sqrt(out.sigma2_idiosyncratic /
                                   (group.counts[g] * out.sigma2_effect +
                                    out.sigma2_idiosyncratic));
  }
  return out;
}

absl::StatusOr<LinearProblem> BuildRandomEffectsProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& o,
    const std::function<bool()>* /*should_stop*/, PanelFit* fit) {
  const bool by_period = o.fixed_effects == FixedEffectsKind::kPeriod;
  if (by_period && in.period.empty()) {
    return absl::InvalidArgumentError("period: required by random period effects");
  }
  const FactorCodes group =
      by_period ? RecodeFactor("period", absl::MakeConstSpan(in.period.data(), n))
                : RecodeFactor("entity", absl::MakeConstSpan(in.entity.data(), n));
  const int64_t k = in.x.cols();
  absl::StatusOr<SwamyAroraComponents> sa =
      EstimateSwamyArora(in.x.topRows(n), in.y.head(n), group,
                         o.collinearity_tolerance, std::max(1, o.threads));
  if (!sa.ok()) return sa.status();
  fit->random_effects.sigma2_idiosyncratic = sa->sigma2_idiosyncratic;
  fit->random_effects.sigma2_effect = sa->sigma2_effect;
  fit->random_effects.theta_min = *std::min_element(sa->theta.begin(), sa->theta.end());
  fit->random_effects.theta_max = *std::max_element(sa->theta.begin(), sa->theta.end());
  std::map<int64_t, double> by_size;
  for (int g = 0; g < group.levels; ++g) by_size[group.counts[g]] = sa->theta[g];
  fit->random_effects.theta_by_group_size.assign(by_size.begin(), by_size.end());

  LinearProblem p;
  p.n = n;
  p.x.resize(n, k + 1);
  for (int64_t i = 0; i < n; ++i) p.x(i, 0) = 1.0 - sa->theta[group.codes[i]];
  p.x.rightCols(k) = in.x.topRows(n);
  for (int64_t j = 1; j <= k; ++j) QuasiDemean(group, sa->theta, p.x.col(j).data(), n);
  p.y = in.y.head(n);
  QuasiDemean(group, sa->theta, p.y.data(), n);
  p.names.push_back("(Intercept)");
  for (const auto& name : in.x_names) p.names.push_back(name);
  p.intercept = 0;
  AttachIdentifiers(in, n, &p);
  p.tss = CenteredSumOfSquares(p.y.data(), n);
  p.r2_by_correlation = true;  // as plm's summary
  return p;
}

}  // namespace govmetrics::stats

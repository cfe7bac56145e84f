#include "common/stats/panel_linear_problem.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/stats/distributions.h"
#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/linear_solve.h"
#include "common/stats/variance_estimators.h"

namespace govmetrics::stats {
namespace {

using MatrixView = Eigen::Map<Eigen::MatrixXd, 0, Eigen::OuterStride<>>;

MatrixView TopRows(Eigen::MatrixXd& m, int64_t n) {
  return MatrixView(m.data(), n, m.cols(), Eigen::OuterStride<>(m.rows()));
}

// Wald statistic b' V^{-1} b; NaN if V is not invertible.
double WaldStatistic(const Eigen::VectorXd& b, const Eigen::MatrixXd& v) {
  if (b.size() == 0) return kNotApplicable;
  Eigen::LDLT<Eigen::MatrixXd> ldlt(v);
  if (ldlt.info() != Eigen::Success || !(ldlt.vectorD().array() > 0).all()) {
    Eigen::FullPivLU<Eigen::MatrixXd> lu(v);
    if (!lu.isInvertible()) return kNotApplicable;
    return b.dot(lu.solve(b));
  }
  return b.dot(ldlt.solve(b));
}

struct WaldTest {
  double f = kNotApplicable, f_p = kNotApplicable;
  double chi2 = kNotApplicable, chi2_p = kNotApplicable;
  int q = 0;
  double df2 = 0;
};

WaldTest JointTest(const Eigen::VectorXd& b, const Eigen::MatrixXd& v,
                   const std::vector<int>& idx, const SmallSampleAdjustment& adj) {
  WaldTest t;
  t.q = static_cast<int>(idx.size());
  if (t.q == 0) return t;
  Eigen::VectorXd bs(t.q);
  Eigen::MatrixXd vs(t.q, t.q);
  for (int r = 0; r < t.q; ++r) {
    bs[r] = b[idx[r]];
    for (int c = 0; c < t.q; ++c) vs(r, c) = v(idx[r], idx[c]);
  }
  t.chi2 = WaldStatistic(bs, vs);
  t.chi2_p = ChiSquaredUpperTailPValue(t.chi2, t.q);
  t.f = t.chi2 / t.q;
  t.df2 = adj.normal ? std::numeric_limits<double>::infinity() : adj.t_df;
  t.f_p = FUpperTailPValue(t.f, t.q, t.df2);
  return t;
}

// One row of a coefficient table: t (or z) test and interval at `level`.
CoefficientEstimate CoefficientRow(std::string name, double estimate, double variance,
                                   const SmallSampleAdjustment& adj, double level) {
  const double alpha = 1.0 - level;
  const double crit = adj.normal ? NormalQuantile(1.0 - alpha / 2)
                                 : StudentTQuantile(1.0 - alpha / 2, adj.t_df);
  CoefficientEstimate c;
  c.name = std::move(name);
  c.estimate = estimate;
  c.std_error = std::sqrt(std::max(0.0, variance));
  c.statistic = c.estimate / c.std_error;
  c.p_value = adj.normal ? NormalTwoSidedPValue(c.statistic)
                         : StudentTTwoSidedPValue(c.statistic, adj.t_df);
  c.ci_lower = c.estimate - crit * c.std_error;
  c.ci_upper = c.estimate + crit * c.std_error;
  return c;
}

const FactorCodes* FindCluster(const LinearProblem& p, const std::string& name) {
  if (name == "entity") return p.entity.levels > 0 ? &p.entity : nullptr;
  if (name == "period") return p.period.levels > 0 ? &p.period : nullptr;
  for (const FactorCodes& f : p.extra_clusters) {
    if (f.name == name) return &f;
  }
  return nullptr;
}

// Degrees of freedom of absorbed effects nested in some cluster variable.
int64_t NestedAbsorbedDf(const LinearProblem& p,
                         const std::vector<const FactorCodes*>& clusters) {
  int64_t nested = 0;
  for (const FactorCodes& fe : p.absorbed) {
    for (const FactorCodes* c : clusters) {
      if (IsNestedIn(fe, *c)) {
        nested += fe.levels;
        break;
      }
    }
  }
  return std::min(nested, p.df_absorbed);
}

// Diagonal of the projection on the fixed-effect dummies: 1/T_g for one
// factor; 1/T_i + 1/N_t - 1/n for a complete two-way crossing. Other layouts
// would need the full projection, which is not computed.
absl::StatusOr<Eigen::VectorXd> AbsorbedLeverage(const LinearProblem& p) {
  const int64_t n = p.n;
  Eigen::VectorXd h(n);
  if (p.absorbed.size() == 1) {
    const FactorCodes& f = p.absorbed[0];
    for (int64_t i = 0; i < n; ++i) h[i] = 1.0 / static_cast<double>(f.counts[f.codes[i]]);
    return h;
  }
  if (p.absorbed.size() == 2 && IsCompleteCrossing(p.absorbed[0], p.absorbed[1])) {
    const FactorCodes& a = p.absorbed[0];
    const FactorCodes& b = p.absorbed[1];
    for (int64_t i = 0; i < n; ++i) {
      h[i] = 1.0 / static_cast<double>(a.counts[a.codes[i]]) +
             1.0 / static_cast<double>(b.counts[b.codes[i]]) - 1.0 / static_cast<double>(n);
    }
    return h;
  }
  return absl::InvalidArgumentError(
      "variance: HC2/HC3 under the STATA/FIXEST convention (LSDV leverage) needs one "
      "absorbed effect or a balanced two-way panel; use the PLM convention "
      "(demeaned leverage) instead");
}

}  // namespace

const FactorCodes* FindClusterFactor(const LinearProblem& p, const std::string& name) {
  return FindCluster(p, name);
}

double CenteredSumOfSquares(const double* v, int64_t n) {
  if (n == 0) return kNotApplicable;
  double mean = 0;
  for (int64_t i = 0; i < n; ++i) mean += v[i];
  mean /= static_cast<double>(n);
  double ss = 0;
  for (int64_t i = 0; i < n; ++i) ss += (v[i] - mean) * (v[i] - mean);
  return ss;
}

absl::Status SolveLinearProblem(LinearProblem& p, const PanelModelOptions& o,
                                PanelFit* fit) {
  const int64_t n = p.n;
  const int threads = std::max(1, o.threads);
  const double tol = o.collinearity_tolerance;
  MatrixView x = TopRows(p.x, n);
  auto y = p.y.head(n);
  const bool iv = !p.endogenous.empty();

  // The matrix the sandwich and the bread are built on: X itself for OLS, the
  // first-stage fitted values for 2SLS.
  for (const std::string& c : o.variance.cluster_by) {
    if (FindCluster(p, c) == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("variance.cluster_by: '", c, "' unavailable"));
    }
  }
  Eigen::MatrixXd xhat_storage;
  LeastSquaresFit ls;
  if (!iv) {
    absl::StatusOr<LeastSquaresFit> r =
        FitLeastSquares(x, y, p.reference_sq_norms, tol, threads);
    if (!r.ok()) return r.status();
    ls = *std::move(r);
  } else {
    const int k = static_cast<int>(x.cols());
    const int m = static_cast<int>(p.z.cols());
    std::vector<int> exog;
    for (int j = 0; j < k; ++j) {
      if (std::find(p.endogenous.begin(), p.endogenous.end(), j) == p.endogenous.end()) {
        exog.push_back(j);
      }
    }
    const int ke = static_cast<int>(exog.size());
    Eigen::MatrixXd w(n, ke + m);
    Eigen::VectorXd w_ref(ke + m);
    const bool have_ref = p.reference_sq_norms.size() == k;
    for (int j = 0; j < ke; ++j) {
      w.col(j) = x.col(exog[j]);
      w_ref[j] = have_ref ? p.reference_sq_norms[exog[j]] : w.col(j).squaredNorm();
    }
    for (int j = 0; j < m; ++j) {
      w.col(ke + j) = p.z.col(j).head(n);
      w_ref[ke + j] = p.z_reference_sq_norms.size() == m ? p.z_reference_sq_norms[j]
                                                         : w.col(ke + j).squaredNorm();
    }
    Eigen::MatrixXd w_exog = w.leftCols(ke);
    xhat_storage = x;
    for (int e : p.endogenous) {
      absl::StatusOr<LeastSquaresFit> fs =
          FitLeastSquares(w, x.col(e), w_ref, tol, threads);
      if (!fs.ok()) return fs.status();
      xhat_storage.col(e) = x.col(e) - fs->residuals;
      FirstStageSummary summary;
      summary.endogenous = p.names[e];
      // Wald test on the excluded instruments, same variance type.
      std::vector<int> excluded;
      for (size_t r = 0; r < fs->basis.kept.size(); ++r) {
        if (fs->basis.kept[r] >= ke) excluded.push_back(static_cast<int>(r));
      }
      if (excluded.empty()) {
        return absl::FailedPreconditionError(absl::StrCat(
            "first stage of '", p.names[e],
            "': no excluded instrument survives (all collinear with the exogenous regressors)"));
      }
      Eigen::MatrixXd wk(n, fs->basis.kept.size());
      for (size_t r = 0; r < fs->basis.kept.size(); ++r) wk.col(r) = w.col(fs->basis.kept[r]);
      VarianceContext ctx;
      ctx.options = o.variance;
      ctx.ssr = fs->residuals.squaredNorm();
      ctx.k = static_cast<int64_t>(fs->basis.kept.size());
      ctx.df_absorbed = p.df_absorbed;
      ctx.df_resid = static_cast<double>(n - ctx.k - p.df_absorbed);
      for (const std::string& c : o.variance.cluster_by) ctx.clusters.push_back(FindCluster(p, c));
      ctx.df_absorbed_nested = NestedAbsorbedDf(p, ctx.clusters);
      ctx.period = p.period.levels > 0 ? &p.period : nullptr;
      ctx.max_periods_per_entity = p.max_periods_per_entity;
      ctx.threads = threads;
      absl::StatusOr<VarianceResult> vr =
          ComputeCoefficientVariance(wk, fs->residuals, fs->basis.inverse, ctx);
      if (!vr.ok()) return vr.status();
      for (size_t r = 0; r < fs->basis.kept.size(); ++r) {
        const int c = fs->basis.kept[r];
        summary.coefficients.push_back(CoefficientRow(
            c < ke ? p.names[exog[c]] : p.z_names[c - ke], fs->coefficients[r],
            vr->covariance(r, r), vr->adjustment, o.confidence_level));
      }
      const WaldTest t = JointTest(fs->coefficients, vr->covariance, excluded, vr->adjustment);
      summary.f_statistic = t.f;
      summary.f_p_value = t.f_p;
      summary.df1 = t.q;
      summary.df2 = t.df2;
      // Partial R2 of the excluded instruments.
      double ssr_restricted = x.col(e).squaredNorm();
      if (ke > 0) {
        absl::StatusOr<LeastSquaresFit> rs = FitLeastSquares(
            w_exog, x.col(e), w_ref.head(ke), tol, threads);
        if (rs.ok()) ssr_restricted = rs->residuals.squaredNorm();
      }
      summary.partial_r_squared = 1.0 - ctx.ssr / ssr_restricted;
      summary.df2_iid = ctx.df_resid;
      summary.f_statistic_iid =
          ((ssr_restricted - ctx.ssr) / t.q) / (ctx.ssr / ctx.df_resid);
      summary.f_p_value_iid = FUpperTailPValue(summary.f_statistic_iid, t.q, ctx.df_resid);
      fit->first_stage.push_back(summary);
    }
    absl::StatusOr<LeastSquaresFit> r =
        FitLeastSquares(xhat_storage, y, p.reference_sq_norms, tol, threads);
    if (!r.ok()) return r.status();
    ls = *std::move(r);
  }

  const std::vector<int>& kept = ls.basis.kept;
  if (kept.empty()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no estimable regressor: every column is collinear or absorbed (",
        absl::StrJoin(p.names, ", "), ")"));
  }
  for (int d : ls.basis.dropped) {
    if (d == p.intercept) {
      return absl::FailedPreconditionError("the intercept is collinear with the regressors");
    }
    fit->collinear_dropped.push_back(p.names[d]);
  }
  for (int e : p.endogenous) {
    if (std::find(kept.begin(), kept.end(), e) == kept.end()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "endogenous regressor '", p.names[e], "' is collinear with the instruments' projection"));
    }
  }
  if (!ls.basis.dropped.empty()) {
    std::vector<std::string> names;
    int intercept = -1;
    for (size_t r = 0; r < kept.size(); ++r) {
      names.push_back(p.names[kept[r]]);
      if (kept[r] == p.intercept) intercept = static_cast<int>(r);
    }
    CompactColumns(kept, p.x);
    if (iv) CompactColumns(kept, xhat_storage);
    p.names = names;
    p.intercept = intercept;
  }
  // A fresh view: compaction may have moved the storage (a Map cannot be
  // re-seated by assignment, which would copy elements instead).
  const MatrixView xk = TopRows(p.x, n);
  const int64_t k = static_cast<int64_t>(kept.size());
  Eigen::VectorXd resid = std::move(ls.residuals);
  if (iv) {
    // Structural residuals use the endogenous regressors themselves.
    Residuals(xk, ls.coefficients, y, resid, threads);
  }
  const double ssr = resid.squaredNorm();
  const double df_resid = static_cast<double>(n - k - p.df_absorbed);
  if (df_resid <= 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no residual degrees of freedom: ", n, " observations, ", k,
        " coefficients, ", p.df_absorbed, " absorbed fixed effects"));
  }

  VarianceContext ctx;
  ctx.options = o.variance;
  ctx.ssr = ssr;
  ctx.k = k;
  ctx.df_absorbed = p.df_absorbed;
  ctx.df_resid = df_resid;
  for (const std::string& c : o.variance.cluster_by) {
    ctx.clusters.push_back(FindCluster(p, c));
  }
  if (o.variance.type == VarianceType::kCluster) {
    for (const FactorCodes* c : ctx.clusters) {
      if (c->levels < 2) {
        return absl::FailedPreconditionError(absl::StrCat(
            "cluster variable '", c->name, "' has fewer than 2 clusters in the sample"));
      }
    }
  }
  ctx.df_absorbed_nested =
      o.variance.type == VarianceType::kCluster ? NestedAbsorbedDf(p, ctx.clusters) : 0;
  ctx.period = p.period.levels > 0 ? &p.period : nullptr;
  ctx.max_periods_per_entity = p.max_periods_per_entity;
  ctx.threads = threads;
  const VarianceType vt = o.variance.type;
  const SmallSampleConvention sc = o.variance.small_sample;
  if ((vt == VarianceType::kHc2 || vt == VarianceType::kHc3) && !p.absorbed.empty() &&
      (sc == SmallSampleConvention::kStata || sc == SmallSampleConvention::kFixest)) {
    absl::StatusOr<Eigen::VectorXd> h = AbsorbedLeverage(p);
    if (!h.ok()) return h.status();
    ctx.absorbed_leverage = *std::move(h);
  }
  absl::StatusOr<VarianceResult> vr = ComputeCoefficientVariance(
      iv ? Eigen::Ref<const Eigen::MatrixXd>(xhat_storage.topRows(n))
         : Eigen::Ref<const Eigen::MatrixXd>(xk),
      resid, ls.basis.inverse, ctx);
  if (!vr.ok()) return vr.status();

  const SmallSampleAdjustment& adj = vr->adjustment;
  fit->coefficients.clear();
  for (int64_t j = 0; j < k; ++j) {
    fit->coefficients.push_back(CoefficientRow(p.names[j], ls.coefficients[j], vr->covariance(j, j),
                                               adj, o.confidence_level));
  }
  fit->covariance = vr->covariance;
  fit->n_obs = n;
  fit->df_resid = df_resid;
  fit->df_absorbed = p.df_absorbed;
  fit->ssr = ssr;
  if (std::isfinite(p.tss) && p.tss > 0) {
    fit->r_squared = 1.0 - ssr / p.tss;
    if (p.r2_by_correlation) {
      const Eigen::VectorXd fitted = y - resid;
      const double fy = (fitted.array() - fitted.mean()).matrix().dot(
          (y.array() - y.mean()).matrix());
      const double ff = (fitted.array() - fitted.mean()).matrix().squaredNorm();
      fit->r_squared = fy * fy / (ff * p.tss);
    }
    fit->adj_r_squared = 1.0 - (1.0 - fit->r_squared) * (n - 1) / df_resid;
    if (p.report_within_r2) fit->r_squared_within = fit->r_squared;
  }
  if (std::isfinite(p.tss_overall) && p.tss_overall > 0) {
    fit->r_squared_overall = 1.0 - ssr / p.tss_overall;
  }
  std::vector<int> slopes;
  for (int64_t j = 0; j < k; ++j) {
    if (j != p.intercept) slopes.push_back(static_cast<int>(j));
  }
  const WaldTest t = JointTest(ls.coefficients, vr->covariance, slopes, adj);
  fit->f_statistic = t.f;
  fit->f_p_value = t.f_p;
  fit->f_df1 = t.q;
  fit->f_df2 = t.df2;
  fit->wald_statistic = t.chi2;
  fit->wald_p_value = t.chi2_p;
  fit->f_kind = o.variance.type == VarianceType::kIid ? "classical" : "robust_wald";
  fit->small_sample_factors = adj.term_factors;
  fit->small_sample_k = adj.k_used;
  fit->small_sample_formula = adj.formula;
  fit->distribution = adj.distribution;
  fit->inference_df = adj.t_df;
  fit->cluster_counts = vr->cluster_counts;
  fit->driscoll_kraay_lag = vr->max_lag;
  fit->covariance_psd = vr->positive_semidefinite;
  if (!vr->positive_semidefinite) {
    fit->notes.push_back(
        "two-way cluster covariance is not positive semi-definite; some "
        "standard errors may be understated");
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::stats

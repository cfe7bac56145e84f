#include "common/stats/panel/iv_diagnostics.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "Eigen/Dense"
#include "absl/strings/str_cat.h"
#include "common/stats/distributions.h"
#include "common/stats/panel/kleibergen_paap.h"
#include "common/stats/panel/score_meat.h"
#include "common/stats/panel/stock_yogo.h"

namespace govmetrics::stats {
namespace {

// Orthonormal basis of a matrix's column space (rank-revealing), for the
// projections P v = Q Q'v and the annihilators M v = v - P v.
class Projection {
 public:
  explicit Projection(const Eigen::MatrixXd& a) {
    if (a.cols() == 0) {
      q_.resize(a.rows(), 0);
      return;
    }
    Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(a);
    q_ = qr.householderQ() * Eigen::MatrixXd::Identity(a.rows(), qr.rank());
  }
  Eigen::MatrixXd Residual(const Eigen::MatrixXd& v) const { return v - q_ * (q_.transpose() * v); }
  // Coordinates of P v in the basis: (Q'v)'(Q'w) = v'P w.
  Eigen::MatrixXd Coordinates(const Eigen::MatrixXd& v) const { return q_.transpose() * v; }
  int rank() const { return static_cast<int>(q_.cols()); }

 private:
  Eigen::MatrixXd q_;
};

enum class Convention { kIid, kRobust, kCluster };

// The model on the rows after the fixed effects were swept out.
struct IvData {
  Eigen::MatrixXd x1;  // endogenous regressors (K1)
  Eigen::MatrixXd x2;  // included exogenous regressors (with the pooled intercept)
  Eigen::MatrixXd z1;  // excluded instruments (linearly independent given x2)
  Eigen::MatrixXd x;   // [x1, x2]
  Eigen::MatrixXd z;   // [x2, z1]
  Eigen::VectorXd y;
  Eigen::VectorXd u;   // 2SLS residuals
  double n = 0;
  double d = 0;        // absorbed degrees of freedom (xtivreg2's dofminus)
  double l = 0;        // instruments
  double l1 = 0;
  Convention convention = Convention::kIid;
  const FactorCodes* cluster = nullptr;
  double m = 0;        // clusters
};

Eigen::MatrixXd Columns(const Eigen::MatrixXd& a, const std::vector<int>& idx) {
  Eigen::MatrixXd out(a.rows(), static_cast<Eigen::Index>(idx.size()));
  for (size_t j = 0; j < idx.size(); ++j) out.col(static_cast<Eigen::Index>(j)) = a.col(idx[j]);
  return out;
}

// Excluded instruments that are linearly independent of x2 and of each other.
Eigen::MatrixXd IndependentInstruments(const Eigen::MatrixXd& z, const Projection& included) {
  const Eigen::MatrixXd zp = included.Residual(z);
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(zp);
  qr.setThreshold(1e-10);
  std::vector<int> keep;
  for (Eigen::Index r = 0; r < qr.rank(); ++r) keep.push_back(static_cast<int>(qr.colsPermutation().indices()[r]));
  std::sort(keep.begin(), keep.end());
  return Columns(z, keep);
}

IvData Gather(const LinearProblem& p, const PanelModelOptions& o, const PanelFit& fit) {
  const int64_t n = p.n;
  IvData d;
  const Eigen::MatrixXd x = p.x.topLeftCorner(n, static_cast<Eigen::Index>(fit.coefficients.size()));
  d.y = p.y.head(n);
  Eigen::VectorXd b(fit.coefficients.size());
  for (size_t j = 0; j < fit.coefficients.size(); ++j) b[j] = fit.coefficients[j].estimate;
  d.u = d.y - x * b;
  std::vector<int> endo, exo;
  for (size_t j = 0; j < fit.coefficients.size(); ++j) {
    const bool e = std::find(o.endogenous.begin(), o.endogenous.end(), fit.coefficients[j].name) !=
                   o.endogenous.end();
    (e ? endo : exo).push_back(static_cast<int>(j));
  }
  d.x1 = Columns(x, endo);
  d.x2 = Columns(x, exo);
  d.z1 = IndependentInstruments(p.z.topRows(n), Projection(d.x2));
  d.x.resize(n, d.x1.cols() + d.x2.cols());
  d.x << d.x1, d.x2;
  d.z.resize(n, d.x2.cols() + d.z1.cols());
  d.z << d.x2, d.z1;
  d.n = static_cast<double>(n);
  d.d = static_cast<double>(p.df_absorbed);
  d.l = static_cast<double>(d.z.cols());
  d.l1 = static_cast<double>(d.z1.cols());
  return d;
}

// ivreg2's F form of a robust chi-square (Baum, Schaffer and Stillman 2007):
// chi2 / N * (N - L - D) / L1, or with clusters chi2 / (N - 1) * (N - L) *
// (M - 1) / M / L1. Returns the F and its denominator df.
std::pair<double, double> RobustF(double chi2, const IvData& d) {
  if (d.convention == Convention::kCluster) {
    return {chi2 / (d.n - 1) * (d.n - d.l) * (d.m - 1) / d.m / d.l1, d.m - 1};
  }
  return {chi2 / d.n * (d.n - d.l - d.d) / d.l1, d.n - d.l - d.d};
}

IvTest ChiSquareTest(std::string name, double statistic, double df) {
  return {std::move(name), statistic, df, 0, ChiSquaredUpperTailPValue(statistic, df)};
}

absl::Status Identification(const IvData& d, IvDiagnostics* out) {
  absl::StatusOr<FirstStageCanonical> c =
      CanonicalDecomposition(Projection(d.x2).Residual(d.x1), Projection(d.x2).Residual(d.z1));
  if (!c.ok()) return c.status();
  const double e = c->min_squared_correlation;
  const double df = d.l1 - static_cast<double>(d.x1.cols()) + 1;
  out->cragg_donald_f = e / (1 - e) * (d.n - d.l - d.d) / d.l1;
  if (d.convention == Convention::kIid) {
    out->underidentification = ChiSquareTest("anderson_lm", (d.n - d.d) * e, df);
    return absl::OkStatus();
  }
  absl::StatusOr<double> lm = KleibergenPaapRk(*c, c->x1p, d.cluster);
  if (!lm.ok()) return lm.status();
  const double lm_stat = d.convention == Convention::kCluster ? *lm : *lm * (d.n - d.d) / d.n;
  out->underidentification = ChiSquareTest("kleibergen_paap_lm", lm_stat, df);
  absl::StatusOr<double> wald = KleibergenPaapRk(*c, c->x1p - c->z1p * c->pi, d.cluster);
  if (!wald.ok()) return wald.status();
  out->kleibergen_paap_f = RobustF(*wald, d).first;
  return absl::OkStatus();
}

// Covariance S of the moments z_i e_i: iid sigma2 Z'Z / N with
// sigma2 = e'e / (N - D); robust sum (z e)(z e)' / (N - D); cluster sums / N.
Eigen::MatrixXd MomentCovariance(const Eigen::MatrixXd& z, const Eigen::VectorXd& e, const IvData& d) {
  if (d.convention == Convention::kIid) return (e.squaredNorm() / (d.n - d.d)) * (z.transpose() * z) / d.n;
  const Eigen::MatrixXd meat = ScoreMeat(MomentScores(z, e), d.cluster);
  return d.convention == Convention::kCluster ? meat / d.n : meat / (d.n - d.d);
}

// Hansen's J at the two-step efficient GMM estimate with moment covariance
// `s`: N gbar' S^-1 gbar (with the iid S this is Sargan's statistic).
absl::StatusOr<double> HansenJ(const Eigen::MatrixXd& z, const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                               const Eigen::MatrixXd& s, double n) {
  Eigen::LLT<Eigen::MatrixXd> w(0.5 * (s + s.transpose()));
  if (w.info() != Eigen::Success) {
    return absl::FailedPreconditionError(
        "instrument diagnostics: the moment covariance is singular (more instruments than clusters?)");
  }
  const Eigen::MatrixXd qxz = x.transpose() * z / n;
  const Eigen::VectorXd qzy = z.transpose() * y / n;
  const Eigen::MatrixXd wq = w.solve(qxz.transpose());
  const Eigen::VectorXd beta = (qxz * wq).ldlt().solve(wq.transpose() * qzy);
  const Eigen::VectorXd gbar = z.transpose() * (y - x * beta) / n;
  return n * gbar.dot(w.solve(gbar));
}

absl::Status Overidentification(const IvData& d, IvDiagnostics* out) {
  const double df = d.l1 - static_cast<double>(d.x1.cols());
  if (df <= 0) return absl::OkStatus();
  if (d.convention == Convention::kIid) {
    const double upu = d.u.squaredNorm() - Projection(d.z).Residual(d.u).squaredNorm();
    out->overidentification = ChiSquareTest("sargan", upu / (d.u.squaredNorm() / (d.n - d.d)), df);
    return absl::OkStatus();
  }
  absl::StatusOr<double> j = HansenJ(d.z, d.x, d.y, MomentCovariance(d.z, d.u, d), d.n);
  if (!j.ok()) return j.status();
  out->overidentification = ChiSquareTest("hansen_j", *j, df);
  return absl::OkStatus();
}

// C statistic (Hayashi 2000, sec. 3.6; ivreg2's endog()): J with the
// endogenous regressors added to the instruments minus J without them, both
// with the moment covariance of the model that treats them as exogenous (OLS).
absl::Status Endogeneity(const IvData& d, IvDiagnostics* out) {
  Eigen::MatrixXd zr(d.z.rows(), d.z.cols() + d.x1.cols());
  zr << d.z, d.x1;
  const Eigen::VectorXd e_ols = Projection(d.x).Residual(d.y);
  const Eigen::MatrixXd s = MomentCovariance(zr, e_ols, d);
  absl::StatusOr<double> jr = HansenJ(zr, d.x, d.y, s, d.n);
  if (!jr.ok()) return jr.status();
  absl::StatusOr<double> jf = HansenJ(d.z, d.x, d.y, s.topLeftCorner(d.z.cols(), d.z.cols()), d.n);
  if (!jf.ok()) return jf.status();
  const bool iid = d.convention == Convention::kIid;
  out->endogeneity = ChiSquareTest(iid ? "difference_in_sargan" : "difference_in_hansen", *jr - *jf,
                                   static_cast<double>(d.x1.cols()));
  return absl::OkStatus();
}

// Wu-Hausman F (as AER's summary(diagnostics = TRUE)): the first-stage
// residuals added to the OLS regression, classical F.
void WuHausman(const IvData& d, IvDiagnostics* out) {
  const Eigen::MatrixXd v = Projection(d.z).Residual(d.x1);
  Eigen::MatrixXd augmented(d.x.rows(), d.x.cols() + v.cols());
  augmented << d.x, v;
  const Projection regressors(d.x), with_residuals(augmented);
  const double rss0 = regressors.Residual(d.y).squaredNorm();
  const double rss1 = with_residuals.Residual(d.y).squaredNorm();
  const double df1 = with_residuals.rank() - regressors.rank();
  const double df2 = d.n - with_residuals.rank() - d.d;
  const double f = ((rss0 - rss1) / df1) / (rss1 / df2);
  out->wu_hausman = {"wu_hausman", f, df1, df2, FUpperTailPValue(f, df1, df2)};
}

}  // namespace

namespace {

// {b : F(b) <= c} from F(b) <= c <=> w'K w <= 0 with w = (1, -b): the
// quadratic a2 b^2 + a1 b + a0 <= 0.
void QuadraticSet(const Eigen::Matrix2d& k, IvDiagnostics* out) {
  const double a2 = k(1, 1), a1 = -2 * k(0, 1), a0 = k(0, 0);
  const double disc = a1 * a1 - 4 * a2 * a0;
  if (disc <= 0 || a2 == 0) {
    out->anderson_rubin_set = a2 > 0 ? "empty" : "everything";
    return;
  }
  const double q = -0.5 * (a1 + std::copysign(std::sqrt(disc), a1));
  out->anderson_rubin_lower = std::min(q / a2, a0 / q);
  out->anderson_rubin_upper = std::max(q / a2, a0 / q);
  out->anderson_rubin_set = a2 > 0 ? "interval" : "outside";
}

// Anderson and Rubin (1949): the excluded instruments in the regression of
// y - x1 b0 on every instrument (b0 = 0), F form; robust forms as ivreg2.
// With one endogenous regressor, the set of b0 the test does not reject.
void AndersonRubin(const IvData& d, double level, IvDiagnostics* out) {
  const Projection included(d.x2);
  const Eigen::MatrixXd z1p = included.Residual(d.z1);
  Eigen::MatrixXd v(d.y.size(), 2);
  v.col(0) = d.y;
  v.col(1) = d.x1.cols() == 1 ? Eigen::VectorXd(d.x1.col(0)) : Eigen::VectorXd::Zero(d.y.size());
  const Eigen::MatrixXd vp = included.Residual(v);
  const Projection excluded(z1p);
  const Eigen::MatrixXd r = excluded.Residual(vp);  // annihilated by every instrument
  const bool iid = d.convention == Convention::kIid;
  const Eigen::MatrixXd bread = (z1p.transpose() * z1p).inverse();
  double f = 0, df2 = d.n - d.l - d.d;
  if (iid) {
    const double rss_u = r.col(0).squaredNorm();
    f = ((vp.col(0).squaredNorm() - rss_u) / d.l1) / (rss_u / df2);
  } else {
    const Eigen::VectorXd pi = bread * z1p.transpose() * vp.col(0);
    const Eigen::MatrixXd cov = bread * ScoreMeat(MomentScores(z1p, r.col(0)), d.cluster) * bread;
    std::tie(f, df2) = RobustF(pi.dot(cov.ldlt().solve(pi)), d);
  }
  out->anderson_rubin = {"anderson_rubin", f, d.l1, df2, FUpperTailPValue(f, d.l1, df2)};
  if (d.x1.cols() != 1) return;
  const double c = FQuantile(level, d.l1, df2);
  if (iid) {
    const Eigen::MatrixXd pz = excluded.Coordinates(vp);
    QuadraticSet(df2 / d.l1 * (pz.transpose() * pz) - c * (r.transpose() * r), out);
  } else if (d.l1 == 1) {
    const Eigen::RowVector2d g = bread(0, 0) * (z1p.transpose() * vp);
    Eigen::MatrixXd scores(r.rows(), 2);
    scores << MomentScores(z1p, r.col(0)), MomentScores(z1p, r.col(1));
    const double factor = RobustF(1.0, d).first;
    QuadraticSet(factor / (bread(0, 0) * bread(0, 0)) * (g.transpose() * g) -
                     c * ScoreMeat(scores, d.cluster),
                 out);
  } else {
    out->anderson_rubin_set = "not_computed";
  }
}

const char* ConventionName(Convention c) {
  switch (c) {
    case Convention::kIid: return "iid";
    case Convention::kRobust: return "robust";
    case Convention::kCluster: return "cluster";
  }
  return "iid";
}

// The convention of ivreg2 matching the model's variance estimator; false
// when there is none (two-way clustering, Driscoll-Kraay): iid statistics.
bool SelectConvention(const LinearProblem& p, const VarianceOptions& v, IvData* d) {
  switch (v.type) {
    case VarianceType::kIid: d->convention = Convention::kIid; return true;
    case VarianceType::kHc0:
    case VarianceType::kHc1:
    case VarianceType::kHc2:
    case VarianceType::kHc3: d->convention = Convention::kRobust; return true;
    case VarianceType::kCluster:
      if (v.cluster_by.size() != 1) break;
      d->cluster = FindClusterFactor(p, v.cluster_by[0]);
      if (d->cluster == nullptr) break;
      d->convention = Convention::kCluster;
      d->m = d->cluster->levels;
      return true;
    case VarianceType::kDriscollKraay: break;
  }
  d->convention = Convention::kIid;
  return false;
}

}  // namespace

absl::Status ComputeIvDiagnostics(const LinearProblem& p, const PanelModelOptions& o, PanelFit* fit) {
  IvData d = Gather(p, o, *fit);
  IvDiagnostics& out = fit->iv_diagnostics;
  const bool matched = SelectConvention(p, o.variance, &d);
  out.convention = matched ? ConventionName(d.convention) : "iid_only";
  out.endogenous = static_cast<int>(d.x1.cols());
  out.excluded_instruments = static_cast<int>(d.l1);
  out.instruments = static_cast<int>(d.l);
  out.df_absorbed = p.df_absorbed;
  out.df_resid = d.n - d.l - d.d;
  out.n_clusters = static_cast<int64_t>(d.m);
  if (out.endogenous == 0 || d.l1 < out.endogenous || out.df_resid <= 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        "instruments: ", d.l1, " excluded instrument(s) independent of the exogenous regressors for ",
        out.endogenous, " endogenous regressor(s) and ", out.df_resid, " residual degrees of freedom"));
  }
  if (!matched) {
    fit->notes.push_back(absl::StrCat("IV diagnostics: no robust form for variance ",
                                      ToString(o.variance.type),
                                      " with this clustering; the iid statistics are reported"));
  }
  auto keep_going = [fit](const absl::Status& s) {
    if (!s.ok()) fit->notes.push_back(std::string(s.message()));
  };
  keep_going(Identification(d, &out));
  out.stock_yogo = StockYogoCriticalValues(out.endogenous, out.excluded_instruments);
  keep_going(Overidentification(d, &out));
  keep_going(Endogeneity(d, &out));
  WuHausman(d, &out);
  AndersonRubin(d, o.confidence_level, &out);
  out.computed = true;
  return absl::OkStatus();
}

}  // namespace govmetrics::stats

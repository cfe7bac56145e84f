#include "common/stats/panel_hausman.h"

#include <cmath>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/distributions.h"
#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/panel_estimators.h"
#include "common/stats/panel_fit.h"
#include "common/stats/panel_linear_problem.h"
#include "common/stats/panel_random_effects.h"
#include "common/stats/panel_sample.h"

namespace govmetrics::stats {
namespace {

absl::StatusOr<HausmanResult> ChiSquaredTest(PanelInput input, const HausmanOptions& h,
                                             const std::function<bool()>* should_stop) {
  PanelModelOptions o;
  o.fixed_effects = h.effect;
  o.variance.type = VarianceType::kIid;
  o.singletons = SingletonPolicy::kKeep;
  o.collinearity_tolerance = h.collinearity_tolerance;
  o.threads = h.threads;
  o.estimator = PanelEstimator::kRandomEffects;
  absl::StatusOr<PanelFit> re = FitPanelModel(input, o, should_stop);
  if (!re.ok()) return re.status();
  o.estimator = PanelEstimator::kWithin;
  absl::StatusOr<PanelFit> fe = FitPanelModel(std::move(input), o, should_stop);
  if (!fe.ok()) return fe.status();

  HausmanResult out;
  out.method = "chisq";
  out.n_obs = fe->n_obs;
  std::vector<int> ife, ire;
  for (size_t a = 0; a < fe->coefficients.size(); ++a) {
    for (size_t b = 0; b < re->coefficients.size(); ++b) {
      if (fe->coefficients[a].name == re->coefficients[b].name &&
          re->coefficients[b].name != "(Intercept)") {
        ife.push_back(static_cast<int>(a));
        ire.push_back(static_cast<int>(b));
      }
    }
  }
  const int q = static_cast<int>(ife.size());
  if (q == 0) return absl::FailedPreconditionError("no common coefficients in the two models");
  Eigen::VectorXd d(q);
  Eigen::MatrixXd dv(q, q);
  for (int r = 0; r < q; ++r) {
    out.coefficients.push_back(fe->coefficients[ife[r]].name);
    out.fixed_effects_estimates.push_back(fe->coefficients[ife[r]].estimate);
    out.random_effects_estimates.push_back(re->coefficients[ire[r]].estimate);
    d[r] = fe->coefficients[ife[r]].estimate - re->coefficients[ire[r]].estimate;
    for (int c = 0; c < q; ++c) {
      dv(r, c) = fe->covariance(ife[r], ife[c]) - re->covariance(ire[r], ire[c]);
    }
  }
  Eigen::LLT<Eigen::MatrixXd> llt(dv);
  out.variance_difference_positive_definite = llt.info() == Eigen::Success;
  Eigen::FullPivLU<Eigen::MatrixXd> lu(dv);
  if (!lu.isInvertible()) {
    return absl::FailedPreconditionError(
        "Hausman: the difference of the covariance matrices is singular");
  }
  if (!out.variance_difference_positive_definite) {
    out.notes.push_back(
        "V_fe - V_re is not positive definite; the statistic is |d'(V_fe-V_re)^-1 d| "
        "as in plm, consider method = aux");
  }
  out.statistic = std::fabs(d.dot(lu.solve(d)));
  out.df = q;
  out.p_value = ChiSquaredUpperTailPValue(out.statistic, q);
  return out;
}

absl::StatusOr<HausmanResult> AuxiliaryTest(PanelInput in, const HausmanOptions& h,
                                            const std::function<bool()>* should_stop) {
  PanelModelOptions o;
  o.estimator = PanelEstimator::kPooledOls;
  o.fixed_effects = FixedEffectsKind::kNone;
  o.variance = h.variance;
  if (o.variance.type == VarianceType::kCluster && o.variance.cluster_by.empty()) {
    o.variance.cluster_by = {"entity"};
  }
  o.collinearity_tolerance = h.collinearity_tolerance;
  o.threads = h.threads;
  PanelModelOptions check = o;
  check.estimator = PanelEstimator::kRandomEffects;
  if (absl::Status s = ValidatePanelInput(in, check); !s.ok()) return s;
  PanelFit fit;
  const int64_t n = DropIncompleteRows(in, false, &fit.dropped_rows);
  if (n == 0) return absl::FailedPreconditionError("no complete observations");
  const bool by_period = h.effect == FixedEffectsKind::kPeriod;
  if (by_period && in.period.empty()) return absl::InvalidArgumentError("period: required");
  const FactorCodes group =
      by_period ? RecodeFactor("period", absl::MakeConstSpan(in.period.data(), n))
                : RecodeFactor("entity", absl::MakeConstSpan(in.entity.data(), n));
  const int64_t k = in.x.cols();
  absl::StatusOr<SwamyAroraComponents> sa = EstimateSwamyArora(
      in.x.topRows(n), in.y.head(n), group, h.collinearity_tolerance, h.threads);
  if (!sa.ok()) return sa.status();

  // Within-transformed X, keeping the columns that vary within groups.
  Eigen::MatrixXd fex = in.x.topRows(n);
  std::vector<double*> cols;
  for (int64_t j = 0; j < k; ++j) cols.push_back(fex.col(j).data());
  AbsorbOptions ao;
  ao.threads = h.threads;
  ao.should_stop = should_stop;
  absl::StatusOr<AbsorbReport> ar = AbsorbFixedEffects({&group}, cols, n, ao);
  if (!ar.ok()) return ar.status();
  std::vector<int> varying;
  for (int64_t j = 0; j < k; ++j) {
    const double before = in.x.col(j).head(n).squaredNorm();
    if (fex.col(j).squaredNorm() > h.collinearity_tolerance * before) {
      varying.push_back(static_cast<int>(j));
    }
  }
  LinearProblem p;
  p.n = n;
  const int64_t q = static_cast<int64_t>(varying.size());
  if (q == 0) return absl::FailedPreconditionError("no regressor varies within groups");
  p.x.resize(n, 1 + k + q);
  p.x.col(0).setOnes();
  p.names.push_back("(Intercept)");
  for (int64_t j = 0; j < k; ++j) {
    p.x.col(1 + j) = in.x.col(j).head(n);
    QuasiDemean(group, sa->theta, p.x.col(1 + j).data(), n);
    p.names.push_back(in.x_names[j]);
  }
  for (int64_t r = 0; r < q; ++r) {
    p.x.col(1 + k + r) = fex.col(varying[r]);
    p.names.push_back(absl::StrCat(in.x_names[varying[r]], ".tilde"));
  }
  p.y = in.y.head(n);
  QuasiDemean(group, sa->theta, p.y.data(), n);
  p.intercept = 0;
  AttachIdentifiers(in, n, &p);
  p.tss = CenteredSumOfSquares(p.y.data(), n);
  if (absl::Status s = SolveLinearProblem(p, o, &fit); !s.ok()) return s;

  HausmanResult out;
  out.method = "aux";
  out.n_obs = n;
  std::vector<int> idx;
  for (size_t j = 0; j < fit.coefficients.size(); ++j) {
    const std::string& name = fit.coefficients[j].name;
    if (name.size() > 6 && name.compare(name.size() - 6, 6, ".tilde") == 0) {
      idx.push_back(static_cast<int>(j));
      out.coefficients.push_back(name);
    }
  }
  if (idx.empty()) return absl::FailedPreconditionError("auxiliary regression: all tilde terms collinear");
  const int m = static_cast<int>(idx.size());
  Eigen::VectorXd b(m);
  Eigen::MatrixXd v(m, m);
  for (int r = 0; r < m; ++r) {
    b[r] = fit.coefficients[idx[r]].estimate;
    for (int c = 0; c < m; ++c) v(r, c) = fit.covariance(idx[r], idx[c]);
  }
  Eigen::FullPivLU<Eigen::MatrixXd> lu(v);
  if (!lu.isInvertible()) {
    return absl::FailedPreconditionError("auxiliary regression: singular covariance of the tilde terms");
  }
  out.statistic = b.dot(lu.solve(b));
  out.df = m;
  out.p_value = ChiSquaredUpperTailPValue(out.statistic, m);
  out.notes = fit.notes;
  return out;
}

}  // namespace

absl::StatusOr<HausmanResult> HausmanTest(PanelInput input, const HausmanOptions& options,
                                          const std::function<bool()>* should_stop) {
  if (options.effect != FixedEffectsKind::kEntity && options.effect != FixedEffectsKind::kPeriod) {
    return absl::InvalidArgumentError("effect: Hausman supports entity or period effects");
  }
  if (options.method == HausmanMethod::kChiSquared) {
    return ChiSquaredTest(std::move(input), options, should_stop);
  }
  return AuxiliaryTest(std::move(input), options, should_stop);
}

}  // namespace govmetrics::stats

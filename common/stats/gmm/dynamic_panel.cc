// FitDynamicPanel: layout and blocks (gmm_blocks.cc), steps (gmm_steps.cc), robust
// covariance and AR tests (gmm_covariance.cc, gmm_ar_test.cc), Hansen and
// difference-in-Hansen tests.
#include "common/stats/gmm/dynamic_panel.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/stats/distributions.h"
#include "common/stats/gmm/gmm_covariance.h"
#include "common/stats/gmm/gmm_steps.h"
#include "common/stats/gmm/gmm_system.h"

namespace govmetrics::stats::gmm {
namespace {

absl::StatusOr<std::vector<bool>> KeepWithout(const GmmSystem& system, const DynamicPanelSpec& spec, size_t i) {
  const InstrumentSubset& subset = spec.difference_in_hansen[i];
  const std::string field = absl::StrCat("difference_in_hansen[", i, "]");
  const int n_iv = static_cast<int>(system.layout.iv.size());
  for (int g : subset.gmm) {
    if (g < 0 || g >= static_cast<int>(spec.gmm.size())) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": no GMM-style instrument entry ", g));
    }
  }
  for (int j : subset.iv) {
    if (j < 0 || j >= n_iv) return absl::InvalidArgumentError(absl::StrCat(field, ": no IV-style instrument entry ", j));
  }
  if (subset.gmm.empty() && subset.iv.empty()) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": the subset names no instruments"));
  }
  std::vector<bool> keep(system.layout.owner.size(), true);
  for (size_t c = 0; c < keep.size(); ++c) {
    const int owner = system.layout.owner[c];
    const bool in_gmm = std::find(subset.gmm.begin(), subset.gmm.end(), owner) != subset.gmm.end();
    const bool in_iv = owner <= -2 && std::find(subset.iv.begin(), subset.iv.end(), -2 - owner) != subset.iv.end();
    keep[c] = !(in_gmm || in_iv);
  }
  return keep;
}

absl::StatusOr<DifferenceInHansen> DifferenceTest(const GmmSystem& system, const DynamicPanelSpec& spec,
                                                  const ChiSquaredTest& full, size_t i) {
  auto keep = KeepWithout(system, spec, i);
  if (!keep.ok()) return keep.status();
  const GmmSystem restricted = RestrictInstruments(system, *keep);
  DifferenceInHansen out;
  out.name = spec.difference_in_hansen[i].name;
  out.n_instruments = system.layout.n_instruments - restricted.layout.n_instruments;
  if (restricted.layout.n_instruments <= restricted.layout.k) {
    return absl::InvalidArgumentError(absl::StrCat(
        "difference_in_hansen[", i, "]: without these ", out.n_instruments, " instruments the model has ",
        restricted.layout.n_instruments, " for ", restricted.layout.k, " coefficients (not over-identified)"));
  }
  auto fit = EstimateGmm(restricted, spec.two_step);
  if (!fit.ok()) return fit.status();
  out.excluded = HansenTest(restricted, *fit);
  out.difference.statistic = full.statistic - out.excluded.statistic;
  out.difference.df = full.df - out.excluded.df;
  out.difference.p_value = ChiSquaredUpperTailPValue(std::max(0.0, out.difference.statistic), out.difference.df);
  return out;
}

void FillCoefficients(const GmmFit& fit, const Eigen::MatrixXd& covariance, DynamicPanelResult* r) {
  r->coefficients = fit.coef();
  r->one_step_coefficients = fit.coef1;
  r->covariance = covariance;
  r->std_errors = covariance.diagonal().cwiseSqrt();
  r->z = r->coefficients.cwiseQuotient(r->std_errors);
  r->p_values.resize(r->z.size());
  for (Eigen::Index i = 0; i < r->z.size(); ++i) r->p_values[i] = NormalTwoSidedPValue(r->z[i]);
}

void AddWarnings(DynamicPanelResult* r) {
  if (r->n_instruments > r->n_groups) {
    r->warnings.push_back(absl::StrCat(r->n_instruments, " instruments exceed the ", r->n_groups,
                                       " groups: the two-step weighting matrix is singular and Hansen's J is weak "
                                       "(collapse the instruments or shorten the lag ranges)"));
  }
  if (r->generalized_inverse) {
    r->warnings.push_back("a weighting matrix was singular; a generalised inverse was used (as plm::pgmm does)");
  }
}

}  // namespace

absl::StatusOr<DynamicPanelResult> FitDynamicPanel(const DynamicPanelData& data, const DynamicPanelSpec& spec) {
  if (!spec.two_step && !spec.robust) {
    return absl::InvalidArgumentError(
        "robust: one-step GMM reports the robust (sandwich) covariance only; pgmm's conventional one-step "
        "covariance is not scaled by the error variance");
  }
  auto system = BuildSystem(data, spec);
  if (!system.ok()) return system.status();
  auto fit = EstimateGmm(*system, spec.two_step);
  if (!fit.ok()) return fit.status();
  const Eigen::MatrixXd covariance = !spec.robust     ? fit->b2
                                     : spec.two_step ? WindmeijerCovariance(*system, *fit)
                                                     : OneStepRobustCovariance(*fit);
  DynamicPanelResult r;
  r.names = system->layout.names;
  r.n_time_effects = system->layout.k - system->layout.k_regressors;
  FillCoefficients(*fit, covariance, &r);
  r.hansen = HansenTest(*system, *fit);
  r.ar1 = ArellanoBondTest(*system, *fit, covariance, 1);
  r.ar2 = ArellanoBondTest(*system, *fit, covariance, 2);
  for (size_t i = 0; i < spec.difference_in_hansen.size(); ++i) {
    auto d = DifferenceTest(*system, spec, r.hansen, i);
    if (!d.ok()) return d.status();
    r.difference_in_hansen.push_back(std::move(*d));
  }
  r.n_groups = data.n_entities;
  r.n_periods = system->layout.T;
  r.first_period = system->layout.first_period;
  r.n_instruments = system->layout.n_instruments;
  r.n_obs_difference = system->n_obs_difference;
  r.n_obs_level = system->n_obs_level;
  r.generalized_inverse = fit->generalized_inverse;
  AddWarnings(&r);
  return r;
}

}  // namespace govmetrics::stats::gmm

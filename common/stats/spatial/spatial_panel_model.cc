#include "common/stats/spatial/spatial_panel_model.h"

#include <cmath>
#include <utility>

#include "Eigen/LU"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/distributions.h"
#include "common/stats/spatial/spatial_panel_information.h"

namespace govmetrics::stats {
namespace {

absl::StatusOr<Eigen::MatrixXd> Invert(const Eigen::MatrixXd& info) {
  Eigen::FullPivLU<Eigen::MatrixXd> lu(info);
  if (!lu.isInvertible()) {
    return absl::FailedPreconditionError("the information matrix of the spatial likelihood is singular");
  }
  return lu.inverse();
}

void FillCoefficients(const SpatialPanelDesign& d, const Eigen::MatrixXd& full_cov, SpatialPanelFit* fit) {
  const SpatialEstimate& est = fit->estimate;
  std::vector<std::pair<std::string, double>> params;
  if (est.has_rho) params.push_back({"rho", est.rho});
  if (est.has_lambda) params.push_back({"lambda", est.lambda});
  for (int j = 0; j < est.beta.size(); ++j) params.push_back({d.names[j], est.beta(j)});
  const int p = static_cast<int>(params.size());
  fit->covariance = full_cov.topLeftCorner(p, p);
  fit->sigma2_std_error = std::sqrt(full_cov(p, p));
  for (int j = 0; j < p; ++j) {
    SpatialCoefficient c{params[j].first, params[j].second, std::sqrt(full_cov(j, j))};
    c.z = c.estimate / c.std_error;
    c.p_value = NormalTwoSidedPValue(c.z);
    fit->coefficients.push_back(c);
  }
}

absl::StatusOr<double> LogLikOf(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                                const SpatialSpectrum& spectrum, SpatialPanelModel model) {
  absl::StatusOr<SpatialPanelDesign> d = BuildSpatialPanelDesign(input, model, options.effects, options.correction);
  if (!d.ok()) return d.status();
  absl::StatusOr<SpatialEstimate> est = EstimateSpatialPanel(*d, spectrum, model);
  if (!est.ok()) return est.status();
  return est->log_likelihood;
}

absl::Status AddTests(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                      const SpatialSpectrum& spectrum, SpatialPanelFit* fit) {
  if (options.lm_tests) {
    absl::StatusOr<SpatialPanelDesign> plain =
        BuildSpatialPanelDesign(input, SpatialPanelModel::kSar, options.effects, options.correction);
    if (!plain.ok()) return plain.status();
    absl::StatusOr<SpatialEstimate> ols = EstimateNonSpatial(*plain);
    if (!ols.ok()) return ols.status();
    fit->lm_tests = SpatialLmTests(*plain, *ols);
  }
  if (options.durbin_tests && options.model == SpatialPanelModel::kSdm) {
    absl::StatusOr<double> sar = LogLikOf(input, options, spectrum, SpatialPanelModel::kSar);
    if (!sar.ok()) return sar.status();
    absl::StatusOr<double> sem = LogLikOf(input, options, spectrum, SpatialPanelModel::kSem);
    if (!sem.ok()) return sem.status();
    fit->durbin_tests = DurbinRestrictionTests(fit->estimate, fit->covariance, *sar, *sem);
  }
  return absl::OkStatus();
}

// Effects for the models with a spatial lag of y; covariance over (rho, beta[, theta]).
absl::Status AddImpacts(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                        const SpatialSpectrum& spectrum, const StopPredicate* should_stop, SpatialPanelFit* fit) {
  const SpatialEstimate& est = fit->estimate;
  if (!est.has_rho) return absl::OkStatus();
  const int k = static_cast<int>(input.x.size());
  const bool durbin = options.model == SpatialPanelModel::kSdm;
  ImpactParameters params{est.rho, est.beta.head(k), durbin ? Eigen::VectorXd(est.beta.tail(k)) : Eigen::VectorXd()};
  const int offset = est.has_lambda ? 2 : 1;  // skip lambda in the covariance
  const int kb = static_cast<int>(est.beta.size());
  std::vector<int> index{0};
  for (int j = 0; j < kb; ++j) index.push_back(offset + j);
  Eigen::MatrixXd cov(index.size(), index.size());
  for (size_t a = 0; a < index.size(); ++a) {
    for (size_t b = 0; b < index.size(); ++b) cov(a, b) = fit->covariance(index[a], index[b]);
  }
  absl::StatusOr<SimulatedImpacts> sim =
      SimulateImpacts(spectrum, *input.weights, params, cov, options.impact_draws, options.seed, should_stop);
  if (!sim.ok()) return sim.status();
  fit->impacts = *std::move(sim);
  fit->has_impacts = true;
  fit->impact_names = input.x_names;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SpatialPanelFit> FitSpatialPanel(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                                                const StopPredicate* should_stop) {
  if (input.weights->n() > kMaxSpatialPanelEntities) {
    return absl::ResourceExhaustedError(absl::StrCat("spatial panel models are limited to ", kMaxSpatialPanelEntities,
                                                     " entities (dense N x N eigenvalues and covariance); the panel has ",
                                                     input.weights->n()));
  }
  absl::StatusOr<SpatialPanelDesign> design =
      BuildSpatialPanelDesign(input, options.model, options.effects, options.correction);
  if (!design.ok()) return design.status();
  absl::StatusOr<SpatialSpectrum> spectrum = ComputeSpectrum(input.weights->w);
  if (!spectrum.ok()) return spectrum.status();
  if (absl::Status st = CheckStop(should_stop); !st.ok()) return st;
  absl::StatusOr<SpatialEstimate> est = EstimateSpatialPanel(*design, *spectrum, options.model);
  if (!est.ok()) return est.status();
  SpatialPanelFit fit;
  fit.estimate = *std::move(est);
  fit.n_eff = design->n_eff;
  fit.symmetric_similar = spectrum->symmetric_similar;
  fit.lower = spectrum->lower;
  fit.upper = spectrum->upper;
  absl::StatusOr<Eigen::MatrixXd> cov = Invert(SpatialInformationMatrix(*design, fit.estimate));
  if (!cov.ok()) return cov.status();
  FillCoefficients(*design, *cov, &fit);
  if (absl::Status st = CheckStop(should_stop); !st.ok()) return st;
  if (absl::Status st = AddTests(input, options, *spectrum, &fit); !st.ok()) return st;
  if (absl::Status st = AddImpacts(input, options, *spectrum, should_stop, &fit); !st.ok()) return st;
  return fit;
}

}  // namespace govmetrics::stats

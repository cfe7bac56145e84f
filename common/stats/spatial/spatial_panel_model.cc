#include "common/stats/spatial/spatial_panel_model.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

#include "Eigen/Cholesky"
#include "Eigen/LU"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/distributions.h"
#include "common/stats/spatial/interpolated_trace.h"
#include "common/stats/spatial/sparse_log_determinant.h"
#include "common/stats/spatial/spatial_spectrum.h"

namespace govmetrics::stats {
namespace {

absl::StatusOr<Eigen::MatrixXd> Invert(const Eigen::MatrixXd& info) {
  Eigen::FullPivLU<Eigen::MatrixXd> lu(info);
  if (!lu.isInvertible()) {
    return absl::FailedPreconditionError("the information matrix of the spatial likelihood is singular");
  }
  return lu.inverse();
}

// Minus the Hessian need not be positive definite away from a strict maximum (or on a
// likelihood flat to rounding), unlike the expected information.
absl::Status CheckObservedInformation(const Eigen::MatrixXd& info) {
  if (Eigen::LLT<Eigen::MatrixXd>(info).info() == Eigen::Success) return absl::OkStatus();
  return absl::FailedPreconditionError(
      "the observed information (minus the Hessian of the log-likelihood) is not positive definite at the "
      "estimate; the expected information (covariance EXPECTED_INFORMATION) does not need that");
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

// The standard errors of the effects' draws of rho reach this many standard errors from
// the estimate with probability about 1e-15: the interpolated tr(G) covers that range.
constexpr double kImpactRangeStdErrors = 8;

bool UseSparse(const SpatialWeights& weights, SpatialLogDetMethod method) {
  if (method == SpatialLogDetMethod::kAuto) {
    return weights.n() > kSparseLogDetEntities && !SymmetrisingScale(weights.w).empty();
  }
  return method == SpatialLogDetMethod::kSparse;
}

// Refuses sizes the chosen path cannot handle, before any large allocation.
absl::Status CheckSize(int n, bool sparse) {
  const int limit = sparse ? kMaxSparseSpatialPanelEntities : kMaxSpatialPanelEntities;
  if (n <= limit) return absl::OkStatus();
  return absl::ResourceExhaustedError(absl::StrCat(
      "spatial panel models are limited to ", limit, " entities",
      sparse ? " (sparse path)" : " for a W not similar to a symmetric matrix (dense N x N eigenvalues)",
      "; the panel has ", n));
}

absl::StatusOr<std::unique_ptr<SpatialLogDeterminant>> MakeLogDeterminant(const SpatialWeights& weights,
                                                                          bool sparse) {
  if (sparse) {
    absl::StatusOr<std::unique_ptr<SparseLogDeterminant>> s = SparseLogDeterminant::Create(weights.w);
    if (!s.ok()) return s.status();
    return std::unique_ptr<SpatialLogDeterminant>(*std::move(s));
  }
  absl::StatusOr<SpatialSpectrum> spectrum = ComputeSpectrum(weights.w);
  if (!spectrum.ok()) return spectrum.status();
  return std::unique_ptr<SpatialLogDeterminant>(new SpatialSpectrum(*std::move(spectrum)));
}

SpatialTraceOptions TraceOptionsOf(const SpatialPanelOptions& options, int n) {
  SpatialTraceOptions t;
  t.exact = options.trace_method == SpatialTraceMethod::kExact ||
            (options.trace_method == SpatialTraceMethod::kAuto && n <= kExactTraceEntities);
  t.probes = options.trace_probes;
  t.seed = options.seed;
  return t;
}

std::string TraceMethodName(const SpatialTraceOptions& t) {
  return t.exact ? "exact traces (all N unit probes through sparse solves)"
                 : absl::StrCat("Hutchinson traces (", t.probes, " Rademacher probes, seed ", t.seed,
                                ", through sparse solves)");
}

absl::StatusOr<double> LogLikOf(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                                const SpatialLogDeterminant& log_det, SpatialPanelModel model) {
  absl::StatusOr<SpatialPanelDesign> d = BuildSpatialPanelDesign(input, model, options.effects, options.correction);
  if (!d.ok()) return d.status();
  absl::StatusOr<SpatialEstimate> est = EstimateSpatialPanel(*d, log_det, model);
  if (!est.ok()) return est.status();
  return est->log_likelihood;
}

absl::Status AddTests(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                      const SpatialLogDeterminant& log_det, SpatialPanelFit* fit) {
  if (options.lm_tests) {
    absl::StatusOr<SpatialPanelDesign> plain =
        BuildSpatialPanelDesign(input, SpatialPanelModel::kSar, options.effects, options.correction);
    if (!plain.ok()) return plain.status();
    absl::StatusOr<SpatialEstimate> ols = EstimateNonSpatial(*plain);
    if (!ols.ok()) return ols.status();
    fit->lm_tests = SpatialLmTests(*plain, *ols);
  }
  if (options.durbin_tests && options.model == SpatialPanelModel::kSdm) {
    absl::StatusOr<double> sar = LogLikOf(input, options, log_det, SpatialPanelModel::kSar);
    if (!sar.ok()) return sar.status();
    absl::StatusOr<double> sem = LogLikOf(input, options, log_det, SpatialPanelModel::kSem);
    if (!sem.ok()) return sem.status();
    fit->durbin_tests = DurbinRestrictionTests(fit->estimate, fit->covariance, *sar, *sem);
  }
  return absl::OkStatus();
}

// Effects for the models with a spatial lag of y; covariance over (rho, beta[, theta]).
// On the sparse path tr(G) at the draws of rho comes from an interpolant over the
// estimate +- kImpactRangeStdErrors standard errors (interpolated_trace.h).
absl::Status AddImpacts(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                        const SpatialLogDeterminant& log_det, bool sparse, const StopPredicate* should_stop,
                        SpatialPanelFit* fit) {
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
  std::unique_ptr<InterpolatedTraceG> interpolated;
  const double reach = kImpactRangeStdErrors * std::sqrt(std::max(cov(0, 0), 0.0));
  const double margin = 1e-6 * (log_det.upper - log_det.lower);
  const double from = std::max(est.rho - reach, log_det.lower + margin);
  const double to = std::min(est.rho + reach, log_det.upper - margin);
  // Without draws (or without a range) the one exact tr(G) at the estimate is cheaper.
  if (sparse && options.impact_draws > 1 && to > from) {
    interpolated = std::make_unique<InterpolatedTraceG>(log_det, from, to);
    fit->effects_trace_error = interpolated->check_error();
  }
  const SpatialLogDeterminant& traces = interpolated ? *interpolated : log_det;
  absl::StatusOr<SimulatedImpacts> sim =
      SimulateImpacts(traces, *input.weights, params, cov, options.impact_draws, options.seed, should_stop);
  if (!sim.ok()) return sim.status();
  fit->impacts = *std::move(sim);
  fit->has_impacts = true;
  fit->impact_names = input.x_names;
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<SpatialPanelFit> FitSpatialPanel(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                                                const StopPredicate* should_stop) {
  const bool sparse = UseSparse(*input.weights, options.log_det_method);
  if (absl::Status st = CheckSize(input.weights->n(), sparse); !st.ok()) return st;
  absl::StatusOr<SpatialPanelDesign> design =
      BuildSpatialPanelDesign(input, options.model, options.effects, options.correction);
  if (!design.ok()) return design.status();
  absl::StatusOr<std::unique_ptr<SpatialLogDeterminant>> log_det = MakeLogDeterminant(*input.weights, sparse);
  if (!log_det.ok()) return log_det.status();
  if (absl::Status st = CheckStop(should_stop); !st.ok()) return st;
  absl::StatusOr<SpatialEstimate> est = EstimateSpatialPanel(*design, **log_det, options.model);
  if (!est.ok()) return est.status();
  SpatialPanelFit fit;
  fit.estimate = *std::move(est);
  fit.n_eff = design->n_eff;
  fit.symmetric_similar = (*log_det)->symmetric_similar;
  fit.lower = (*log_det)->lower;
  fit.upper = (*log_det)->upper;
  fit.log_det_method = (*log_det)->method;
  const SpatialTraceOptions traces = TraceOptionsOf(options, input.weights->n());
  absl::StatusOr<SpatialInformation> info = SpatialInformationMatrix(*design, fit.estimate, traces, **log_det);
  if (!info.ok()) return info.status();
  if (options.covariance == SpatialCovariance::kObservedHessian) {
    *info = SpatialObservedInformation(*design, fit.estimate, info->curvature);
    if (absl::Status st = CheckObservedInformation(info->matrix); !st.ok()) return st;
  }
  fit.trace_method = TraceMethodName(traces);
  fit.trace_relative_error = info->trace_relative_error;
  absl::StatusOr<Eigen::MatrixXd> cov = Invert(info->matrix);
  if (!cov.ok()) return cov.status();
  FillCoefficients(*design, *cov, &fit);
  if (absl::Status st = CheckStop(should_stop); !st.ok()) return st;
  if (absl::Status st = AddTests(input, options, **log_det, &fit); !st.ok()) return st;
  if (absl::Status st = AddImpacts(input, options, **log_det, sparse, should_stop, &fit); !st.ok()) return st;
  return fit;
}

}  // namespace govmetrics::stats

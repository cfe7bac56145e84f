// Spatial panel models with fixed effects by quasi-maximum likelihood: SAR, SEM, SDM and
// SAC on a balanced N x T panel (Elhorst 2014, ch. 3; Lee and Yu 2010). One call builds
// the transformed design (spatial_panel_design.h), the eigenvalues of W once
// (spatial_spectrum.h), maximises the concentrated likelihood
// (spatial_panel_likelihood.h), inverts the information matrix
// (spatial_panel_information.h), and adds the LM tests, the SDM restriction tests and
// the simulated direct / indirect / total effects. Conventions:
// docs/methods/spatial_panel.md.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_MODEL_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_MODEL_H_

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_impacts.h"
#include "common/stats/spatial/spatial_panel_design.h"
#include "common/stats/spatial/spatial_panel_likelihood.h"
#include "common/stats/spatial/spatial_panel_tests.h"
#include "common/stats/spatial/spatial_panel_information.h"
#include "common/stats/spatial/spatial_panel_observed_information.h"
#include "common/stats/stop_check.h"

namespace govmetrics::stats {

// The eigenvalues need a dense N x N matrix (8 N^2 bytes, O(N^3) time): beyond this many
// entities a W that only they can handle (not similar to a symmetric matrix) is refused
// (RESOURCE_EXHAUSTED) rather than exhausting memory.
inline constexpr int kMaxSpatialPanelEntities = 5000;
// The sparse path's limit (memory and time grow about linearly in N for contiguity-like W).
inline constexpr int kMaxSparseSpatialPanelEntities = 200000;

// How ln|I - a W| and tr(W (I - a W)^-1) are computed. kAuto: the eigenvalues up to
// kSparseLogDetEntities entities (and for any W not similar to a symmetric matrix), the
// sparse LDL' factorisation above. Both are exact (to rounding); the eigenvalues cost
// O(N^3), the factorisation about O(N^1.5) for contiguity-like W.
enum class SpatialLogDetMethod { kAuto, kEigenvalues, kSparse };
inline constexpr int kSparseLogDetEntities = 500;

// How the traces of the information matrix are computed (spatial_panel_information.h).
// kAuto: exact (N unit probes, N sparse solves per multiplier) up to kExactTraceEntities
// entities, Hutchinson with kHutchinsonProbes Rademacher probes above.
enum class SpatialTraceMethod { kAuto, kExact, kHutchinson };
inline constexpr int kExactTraceEntities = 1500;
inline constexpr int kHutchinsonProbes = 100;

// Which matrix the covariance inverts (docs/methods/spatial_panel.md, "Standard errors"):
// the expected information (spatial_panel_information.h; spatialreg's asymptotic
// covariance) or the observed information, minus the analytical Hessian
// (spatial_panel_observed_information.h; what spatialreg's numerical Hessian approximates).
enum class SpatialCovariance { kExpectedInformation, kObservedHessian };

struct SpatialPanelOptions {
  SpatialPanelModel model = SpatialPanelModel::kSdm;
  SpatialFixedEffects effects = SpatialFixedEffects::kTwoWay;
  SpatialBiasCorrection correction = SpatialBiasCorrection::kLeeYu;
  bool lm_tests = true;        // on the non-spatial model
  bool durbin_tests = true;    // SDM only: Wald / LR against SAR and SEM (two more fits)
  int impact_draws = 1000;     // < 2: effects without standard errors
  uint64_t seed = 1;           // the effects' draws and the Hutchinson probes
  SpatialLogDetMethod log_det_method = SpatialLogDetMethod::kAuto;
  SpatialTraceMethod trace_method = SpatialTraceMethod::kAuto;
  int trace_probes = kHutchinsonProbes;
  SpatialCovariance covariance = SpatialCovariance::kExpectedInformation;
};

struct SpatialCoefficient {
  std::string name;  // "rho", "lambda", a regressor, or "W*" + regressor
  double estimate = 0;
  double std_error = 0;
  double z = 0;
  double p_value = 0;
};

struct SpatialPanelFit {
  SpatialEstimate estimate;
  std::vector<SpatialCoefficient> coefficients;  // spatial parameters, then beta
  double sigma2_std_error = 0;
  Eigen::MatrixXd covariance;                    // over the coefficients (not sigma^2)
  std::vector<std::string> impact_names;         // the regressors (lag models only)
  SimulatedImpacts impacts;
  bool has_impacts = false;
  std::vector<SpatialTestResult> lm_tests;
  std::vector<SpatialTestResult> durbin_tests;
  double n_eff = 0;
  bool symmetric_similar = false;
  double lower = 0, upper = 0;  // admissible interval of rho / lambda
  std::string log_det_method;   // how ln|I - a W| was computed (provenance)
  std::string trace_method;     // how the information matrix's traces were computed
  double trace_relative_error = 0;  // Hutchinson's Monte Carlo error (0: exact)
  double effects_trace_error = 0;   // the interpolated tr(G) of the effects (0: exact)
};

// Input: entities in W's order. Errors: see EstimateSpatialPanel and
// BuildSpatialPanelDesign; FailedPrecondition when the information matrix is singular;
// ResourceExhausted above kMaxSpatialPanelEntities (eigenvalues) or
// kMaxSparseSpatialPanelEntities (sparse).
absl::StatusOr<SpatialPanelFit> FitSpatialPanel(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                                                const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_MODEL_H_

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
#include "common/stats/spatial/spatial_spectrum.h"
#include "common/stats/stop_check.h"

namespace govmetrics::stats {

// The dense N x N steps (eigenvalues, the exact covariance) need about 8 N^2 bytes per
// matrix and O(N^3) time; beyond this many entities a fit is refused (RESOURCE_EXHAUSTED)
// rather than exhausting memory.
inline constexpr int kMaxSpatialPanelEntities = 5000;

struct SpatialPanelOptions {
  SpatialPanelModel model = SpatialPanelModel::kSdm;
  SpatialFixedEffects effects = SpatialFixedEffects::kTwoWay;
  SpatialBiasCorrection correction = SpatialBiasCorrection::kLeeYu;
  bool lm_tests = true;        // on the non-spatial model
  bool durbin_tests = true;    // SDM only: Wald / LR against SAR and SEM (two more fits)
  int impact_draws = 1000;     // < 2: effects without standard errors
  uint64_t seed = 1;
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
};

// Input: entities in W's order. Errors: see EstimateSpatialPanel and
// BuildSpatialPanelDesign; FailedPrecondition when the information matrix is singular;
// ResourceExhausted above kMaxSpatialPanelEntities.
absl::StatusOr<SpatialPanelFit> FitSpatialPanel(const SpatialPanelInput& input, const SpatialPanelOptions& options,
                                                const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_MODEL_H_

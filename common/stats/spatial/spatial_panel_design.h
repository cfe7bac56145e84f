// The fixed-effects transformation of a balanced spatial panel (Lee and Yu 2010;
// Elhorst 2014, ch. 3): y, X and (for the Durbin model) WX, each an N x T matrix of
// entity x period, are demeaned by entity, by period, or both; the spatial lag of the
// dependent variable is W applied, period by period, to the demeaned y. Stacked vectors
// are period-major (entity i of period t at i + N t), so W acts as I_T kron W.
//
// The Lee-Yu transformation approach (orthonormal F_T,T-1 across periods for entity
// effects, F_N,N-1 across entities for period effects, the latter needing a
// row-standardised W) leaves sums of squares of the demeaned data unchanged but counts
// N_eff x T_eff observations, N_eff = N - 1 with period effects, T_eff = T - 1 with
// entity effects, and multiplies ln|I - rho W| - [period effects] ln(1 - rho) by T_eff.
// Without the correction (the "direct approach"), N_eff = N, T_eff = T.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_DESIGN_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_DESIGN_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_weights.h"

namespace govmetrics::stats {

enum class SpatialPanelModel { kSar, kSem, kSdm, kSac };
enum class SpatialFixedEffects { kEntity, kPeriod, kTwoWay };
enum class SpatialBiasCorrection { kLeeYu, kNone };

struct SpatialPanelInput {
  Eigen::MatrixXd y;                  // N x T (entities in W's order)
  std::vector<Eigen::MatrixXd> x;     // K matrices, N x T
  std::vector<std::string> x_names;   // K names
  const SpatialWeights* weights = nullptr;
};

struct SpatialPanelDesign {
  int n_entities = 0;
  int n_periods = 0;
  Eigen::VectorXd y;    // demeaned, stacked
  Eigen::VectorXd wy;   // (I_T kron W) y
  Eigen::MatrixXd x;    // demeaned regressors: X, then WX for the Durbin model
  std::vector<std::string> names;
  int n_plain = 0;      // the first n_plain columns of x are X (the rest WX)
  double n_eff = 0;     // N_eff T_eff
  double t_eff = 0;     // multiplier of the Jacobian
  bool period_projection = false;  // Lee-Yu with period effects: subtract ln(1 - rho), project
  const SparseWeights* w = nullptr;

  // The spatial lag in the transformed space: (I_T kron W) v, then centred per period
  // under the Lee-Yu period transformation (F' W = W* F' keeps lags in P's range).
  Eigen::VectorXd Lag(const Eigen::VectorXd& v) const;
};

// Demeans an N x T matrix by entity (rows), period (columns) or both.
Eigen::MatrixXd DemeanPanel(const Eigen::MatrixXd& m, SpatialFixedEffects effects);

// (I_T kron W) v for a stacked vector v of N T values.
Eigen::VectorXd SpatialLag(const SparseWeights& w, const Eigen::VectorXd& v, int n_entities);

// The transformed design. FailedPrecondition when Lee-Yu period effects meet a W that is
// not row-standardised or has islands (the transformation needs W 1 = 1).
absl::StatusOr<SpatialPanelDesign> BuildSpatialPanelDesign(const SpatialPanelInput& input, SpatialPanelModel model,
                                                           SpatialFixedEffects effects,
                                                           SpatialBiasCorrection correction);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_DESIGN_H_

#include "common/stats/spatial/spatial_panel_design.h"

#include "absl/status/status.h"

namespace govmetrics::stats {
namespace {

bool HasEntityEffects(SpatialFixedEffects e) { return e != SpatialFixedEffects::kPeriod; }
bool HasPeriodEffects(SpatialFixedEffects e) { return e != SpatialFixedEffects::kEntity; }

Eigen::VectorXd Stack(const Eigen::MatrixXd& m) { return Eigen::Map<const Eigen::VectorXd>(m.data(), m.size()); }

}  // namespace

Eigen::MatrixXd DemeanPanel(const Eigen::MatrixXd& m, SpatialFixedEffects effects) {
  Eigen::MatrixXd out = m;
  const double grand = m.mean();
  if (HasEntityEffects(effects)) out.colwise() -= m.rowwise().mean();
  if (HasPeriodEffects(effects)) out.rowwise() -= m.colwise().mean();
  if (effects == SpatialFixedEffects::kTwoWay) out.array() += grand;
  return out;
}

Eigen::VectorXd SpatialLag(const SparseWeights& w, const Eigen::VectorXd& v, int n_entities) {
  const int periods = static_cast<int>(v.size()) / n_entities;
  Eigen::Map<const Eigen::MatrixXd> m(v.data(), n_entities, periods);
  Eigen::MatrixXd lagged = w * m;
  return Stack(lagged);
}

Eigen::VectorXd SpatialPanelDesign::Lag(const Eigen::VectorXd& v) const {
  Eigen::VectorXd out = SpatialLag(*w, v, n_entities);
  if (!period_projection) return out;
  Eigen::Map<Eigen::MatrixXd> m(out.data(), n_entities, n_periods);
  m.rowwise() -= m.colwise().mean();
  return out;
}

absl::StatusOr<SpatialPanelDesign> BuildSpatialPanelDesign(const SpatialPanelInput& input, SpatialPanelModel model,
                                                           SpatialFixedEffects effects,
                                                           SpatialBiasCorrection correction) {
  const SpatialWeights& weights = *input.weights;
  SpatialPanelDesign d;
  d.n_entities = static_cast<int>(input.y.rows());
  d.n_periods = static_cast<int>(input.y.cols());
  d.w = &weights.w;
  const bool lee_yu = correction == SpatialBiasCorrection::kLeeYu;
  d.period_projection = lee_yu && HasPeriodEffects(effects);
  if (d.period_projection && (!weights.row_standardised || !weights.islands.empty())) {
    return absl::FailedPreconditionError(
        "the Lee-Yu transformation for period fixed effects needs a row-standardised W without islands "
        "(W 1 = 1); use style ROW_STANDARDISED, remove the islands, or entity effects only");
  }
  const double n_eff = d.n_entities - (d.period_projection ? 1 : 0);
  d.t_eff = d.n_periods - (lee_yu && HasEntityEffects(effects) ? 1 : 0);
  d.n_eff = n_eff * d.t_eff;

  d.y = Stack(DemeanPanel(input.y, effects));
  d.wy = d.Lag(d.y);
  const bool durbin = model == SpatialPanelModel::kSdm;
  const int k = static_cast<int>(input.x.size());
  d.n_plain = k;
  d.x.resize(d.y.size(), durbin ? 2 * k : k);
  for (int j = 0; j < k; ++j) {
    d.x.col(j) = Stack(DemeanPanel(input.x[j], effects));
    d.names.push_back(input.x_names[j]);
  }
  if (durbin) {
    for (int j = 0; j < k; ++j) {
      d.x.col(k + j) = Stack(DemeanPanel(weights.w * input.x[j], effects));
      d.names.push_back("W*" + input.x_names[j]);
    }
  }
  return d;
}

}  // namespace govmetrics::stats

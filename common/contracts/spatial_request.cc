#include "common/contracts/spatial_request.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/balanced_panel.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/contracts/spatial_weights_request.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/spatial/local_moran.h"
#include "common/stats/spatial/moran.h"
#include "common/stats/spatial/permutation_table.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";
constexpr int kDefaultPermutations = 999;

absl::Status Validate(const mv1::AnalyzeSpatialAutocorrelationRequest& request, const PanelView& panel,
                      int* column) {
  FieldViolations v;
  if (auto c = panel.RequireColumn(request.column(), "column", &v)) {
    *column = *c;
    panel.CheckFinite(*c, /*allow_missing=*/false, &v);
  }
  if (request.permutations() < -1 || request.permutations() > stats::kMaxReplications) {
    v.Add("permutations", absl::StrCat("permutations must be -1 (none), 0 (999) or 1..", stats::kMaxReplications));
  }
  return v.ToStatus();
}

void FillInference(const stats::AutocorrelationTest& t, mv1::AutocorrelationInference* out) {
  out->set_expectation(t.expectation);
  out->set_variance(t.variance);
  out->set_z(t.z);
  out->set_p_value_greater(t.p_greater);
  out->set_p_value_two_sided(t.p_two_sided);
}

void FillGlobal(const stats::GlobalAutocorrelation& g, mv1::GlobalAutocorrelation* out) {
  out->set_statistic(g.statistic);
  FillInference(g.normal, out->mutable_normal());
  FillInference(g.randomisation, out->mutable_randomisation());
  out->set_permutation_p_value(g.permutation_p);
}

mv1::MoranQuadrant ToProto(stats::MoranQuadrant q) {
  switch (q) {
    case stats::MoranQuadrant::kHighHigh: return mv1::MORAN_QUADRANT_HIGH_HIGH;
    case stats::MoranQuadrant::kLowLow: return mv1::MORAN_QUADRANT_LOW_LOW;
    case stats::MoranQuadrant::kLowHigh: return mv1::MORAN_QUADRANT_LOW_HIGH;
    case stats::MoranQuadrant::kHighLow: return mv1::MORAN_QUADRANT_HIGH_LOW;
  }
  return mv1::MORAN_QUADRANT_UNSPECIFIED;
}

void FillLocal(const Eigen::VectorXd& x, const stats::LocalMoran& local, const stats::SpatialWeights& w,
               const PanelView& panel, mv1::PeriodAutocorrelation* out) {
  const double n = static_cast<double>(x.size());
  const double sd = std::sqrt((x.array() - x.mean()).square().sum() / (n - 1));
  const Eigen::VectorXd z = (x.array() - x.mean()) / sd;
  const Eigen::VectorXd lag_z = w.w * z;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    auto* unit = out->add_local();
    unit->set_entity(panel.entity_names()[static_cast<size_t>(i)]);
    unit->set_value(x[i]);
    unit->set_spatial_lag(local.spatial_lag[i]);
    unit->set_standardised_value(z[i]);
    unit->set_standardised_lag(lag_z[i]);
    unit->set_local_i(local.local_i[i]);
    unit->set_expectation(local.expectation[i]);
    unit->set_variance(local.variance[i]);
    unit->set_z(local.z[i]);
    unit->set_p_value(local.p_value[i]);
    unit->set_quadrant(ToProto(local.quadrant[static_cast<size_t>(i)]));
  }
}

absl::Status AnalyzePeriod(const Eigen::VectorXd& x, const stats::SpatialWeights& w, const PanelView& panel,
                           const stats::PermutationSettings& permutation, int32_t period,
                           mv1::PeriodAutocorrelation* out) {
  const std::string subject = absl::StrCat("period ", period);
  auto about = [&](const absl::Status& s) {
    return s.code() == absl::StatusCode::kFailedPrecondition ? FailedPreconditionOn(subject, std::string(s.message())) : s;
  };
  out->set_period(period);
  auto moran = stats::MoranI(x, w, permutation);
  if (!moran.ok()) return about(moran.status());
  FillGlobal(*moran, out->mutable_moran());
  auto geary = stats::GearyC(x, w, permutation);
  if (!geary.ok()) return about(geary.status());
  FillGlobal(*geary, out->mutable_geary());
  auto local = stats::ComputeLocalMoran(x, w);
  if (!local.ok()) return about(local.status());
  FillLocal(x, *local, w, panel, out);
  return absl::OkStatus();
}

void FillProvenance(const mv1::AnalyzeSpatialAutocorrelationRequest& request, const stats::PermutationSettings& p,
                    common::v1::Provenance* provenance) {
  StartProvenance(kServiceName, request.panel(), provenance);
  AddOption("weights.style", request.weights().style() == common::v1::WEIGHTS_STYLE_RAW ? "WEIGHTS_STYLE_RAW"
                                                                                : "WEIGHTS_STYLE_ROW_STANDARDISED",
            provenance);
  AddOption("islands", "kept with zero weights; global constants use the units with neighbours (spdep adjust.n)",
            provenance);
  AddOption("local_moran", "conditional moments, m2 = sum z^2 / n (spdep localmoran defaults)", provenance);
  AddOption("quadrants", "value and spatial lag against their means (spdep 'mean')", provenance);
  AddOption("permutations", static_cast<double>(p.permutations), provenance);
  if (p.permutations > 0) {
    provenance->add_seeds(p.seed);
    AddOption("permutation.seed", std::to_string(p.seed), provenance);
    AddOption("permutation.p_value", "(1 + #{permuted at least as extreme toward positive autocorrelation}) / (R + 1)",
              provenance);
  }
}

}  // namespace

absl::StatusOr<mv1::AnalyzeSpatialAutocorrelationResponse> AnalyzeSpatialAutocorrelation(
    const mv1::AnalyzeSpatialAutocorrelationRequest& request, const stats::StopPredicate* should_stop) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  int column = 0;
  if (auto status = Validate(request, *panel, &column); !status.ok()) return status;
  auto weights = BuildSpatialWeights(request.weights(), *panel, "weights");
  if (!weights.ok()) return weights.status();
  auto balanced = Balance(*panel, "(spatial statistics need every entity in every period)");
  if (!balanced.ok()) return balanced.status();
  stats::PermutationSettings permutation;
  permutation.permutations = request.permutations() == 0 ? kDefaultPermutations : std::max(0, request.permutations());
  permutation.seed = request.seed();
  permutation.threads = 2;
  permutation.should_stop = should_stop;
  // Every period's Moran and Geary tests shuffle the same units with the same seed.
  const std::unique_ptr<stats::PermutationTable> table = stats::PermutationTable::Draw(
      static_cast<int64_t>(weights->n()), permutation.permutations, permutation.seed);
  permutation.table = table.get();
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  SummariseWeights(*weights, *panel, response.mutable_weights());
  const Eigen::MatrixXd values = balanced->Matrix(*panel, column);
  for (size_t t = 0; t < balanced->periods.size(); ++t) {
    const Eigen::VectorXd x = values.col(static_cast<Eigen::Index>(t));
    if (auto status = AnalyzePeriod(x, *weights, *panel, permutation, balanced->periods[t], response.add_periods());
        !status.ok()) {
      return status;
    }
  }
  FillProvenance(request, permutation, response.mutable_provenance());
  return response;
}

}  // namespace govmetrics::contracts

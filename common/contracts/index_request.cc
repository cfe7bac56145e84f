#include "common/contracts/index_request.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/coupling_coordination.h"
#include "common/stats/index_composite.h"

namespace govmetrics::contracts {
namespace {

namespace idx = govmetrics::index::v1;
using stats::Direction;

constexpr char kServiceName[] = "govmetrics.index.v1.IndexService";

stats::WeightingMethod ToStats(idx::WeightingMethod m) {
  switch (m) {
    case idx::WEIGHTING_METHOD_CRITIC: return stats::WeightingMethod::kCritic;
    case idx::WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION:
      return stats::WeightingMethod::kCoefficientOfVariation;
    case idx::WEIGHTING_METHOD_EQUAL: return stats::WeightingMethod::kEqual;
    case idx::WEIGHTING_METHOD_ENTROPY_TOPSIS: return stats::WeightingMethod::kEntropyTopsis;
    default: return stats::WeightingMethod::kEntropy;
  }
}

stats::Pooling ToStats(idx::Pooling p) {
  switch (p) {
    case idx::POOLING_PER_PERIOD: return stats::Pooling::kPerPeriod;
    case idx::POOLING_BASE_PERIOD: return stats::Pooling::kBasePeriod;
    default: return stats::Pooling::kPooled;
  }
}

stats::Hierarchy ToStats(idx::Hierarchy h) {
  switch (h) {
    case idx::HIERARCHY_SUMMED_DIVERGENCE: return stats::Hierarchy::kSummedDivergence;
    case idx::HIERARCHY_ENTROPY_ON_DIMENSION_SCORES:
      return stats::Hierarchy::kEntropyOnDimensionScores;
    default: return stats::Hierarchy::kFlat;
  }
}

stats::MissingPolicy ToStats(idx::MissingPolicy p) {
  switch (p) {
    case idx::MISSING_POLICY_LISTWISE: return stats::MissingPolicy::kListwise;
    case idx::MISSING_POLICY_INTERPOLATE_WITHIN_ENTITY:
      return stats::MissingPolicy::kInterpolateWithinEntity;
    default: return stats::MissingPolicy::kReject;
  }
}

// Everything ComputeCompositeIndex needs, resolved from the request.
struct IndexPlan {
  stats::IndexInput input;
  stats::IndexOptions options;
  std::vector<int> column_of_indicator;  // panel column per indicator
};

void ValidateOptions(const idx::ComputeIndexRequest& request, const PanelView& panel,
                     FieldViolations* violations) {
  if (request.has_shift() && !(request.shift() >= 0 && std::isfinite(request.shift()))) {
    violations->Add("shift", absl::StrCat("shift must be a finite number >= 0, got ", request.shift()));
  }
  const double scale = request.score_scale();
  if (scale != 0 && scale != 1 && scale != 100) {
    violations->Add("score_scale", absl::StrCat("score_scale must be 1 or 100, got ", scale));
  }
  if (request.pooling() == idx::POOLING_BASE_PERIOD) {
    bool found = false;
    for (int32_t p : panel.periods()) found = found || p == request.base_period();
    if (!found) {
      violations->Add("base_period", absl::StrCat("base period ", request.base_period(),
                                                  " does not occur in panel.period"));
    }
  }
}

absl::StatusOr<IndexPlan> Plan(const idx::ComputeIndexRequest& request, const PanelView& panel) {
  FieldViolations violations;
  ValidateOptions(request, panel, &violations);
  if (request.indicators_size() == 0) violations.Add("indicators", "at least one indicator is required");

  IndexPlan plan;
  plan.options.method = ToStats(request.method());
  plan.options.pooling = ToStats(request.pooling());
  plan.options.base_period = request.base_period();
  plan.options.shift = request.has_shift() ? request.shift() : stats::kDefaultShift;
  plan.options.hierarchy = ToStats(request.hierarchy());
  plan.options.missing_policy = ToStats(request.missing_policy());
  plan.options.score_scale = request.score_scale() == 0 ? 1.0 : request.score_scale();

  absl::flat_hash_map<std::string, int> dimension_index;
  absl::flat_hash_set<std::string> seen_columns;
  std::vector<const double*> pointers;
  const bool allow_missing = plan.options.missing_policy != stats::MissingPolicy::kReject;
  for (int i = 0; i < request.indicators_size(); ++i) {
    const auto& indicator = request.indicators(i);
    const std::string field = absl::StrCat("indicators[", i, "]");
    auto column = panel.RequireColumn(indicator.column(), field + ".column", &violations);
    if (column && !seen_columns.insert(indicator.column()).second) {
      violations.Add(field + ".column", absl::StrCat("indicator '", indicator.column(), "' is listed twice"));
    }
    if (indicator.direction() == idx::DIRECTION_UNSPECIFIED) {
      violations.Add(field + ".direction",
                     "direction must be DIRECTION_POSITIVE or DIRECTION_NEGATIVE");
    }
    if (column) panel.CheckFinite(*column, allow_missing, &violations);
    const std::string dimension = indicator.dimension().empty() ? "all" : indicator.dimension();
    auto [it, inserted] = dimension_index.emplace(dimension, static_cast<int>(plan.input.dimension_names.size()));
    if (inserted) plan.input.dimension_names.push_back(dimension);
    stats::IndicatorSpec spec;
    spec.name = indicator.column();
    spec.direction = indicator.direction() == idx::DIRECTION_NEGATIVE ? Direction::kNegative
                                                                      : Direction::kPositive;
    spec.dimension = it->second;
    plan.input.indicators.push_back(spec);
    plan.column_of_indicator.push_back(column.value_or(-1));
    pointers.push_back(column ? panel.ColumnValues(*column).data() : nullptr);
  }
  if (!violations.empty()) return violations.ToStatus();
  plan.input.columns = stats::IndicatorColumns(panel.rows(), std::move(pointers));
  plan.input.entity = absl::MakeConstSpan(panel.entity_codes());
  plan.input.period = absl::MakeConstSpan(panel.periods().data(), panel.periods().size());
  return plan;
}

void FillResponse(const idx::ComputeIndexRequest& request, const IndexPlan& plan,
                  const stats::IndexResult& result, idx::ComputeIndexResponse* response) {
  const auto& names = result.dimension_names;
  for (const auto& w : result.weights) {
    auto* out = response->add_weights();
    out->set_column(request.indicators(w.indicator).column());
    out->set_dimension(names[plan.input.indicators[w.indicator].dimension]);
    out->set_entropy(w.entropy);
    out->set_divergence(w.divergence);
    out->set_weight(w.weight);
    out->set_weight_within_dimension(w.weight_within_dimension);
    out->set_period(w.period);
  }
  for (const auto& d : result.dimension_weights) {
    auto* out = response->add_dimension_weights();
    out->set_dimension(names[d.dimension]);
    out->set_weight(d.weight);
    out->set_period(d.period);
  }
  response->mutable_scores()->Add(result.composite.data(),
                                  result.composite.data() + result.composite.size());
  for (int k = 0; k < result.dimension_scores.cols(); ++k) {
    auto* out = response->add_dimension_scores();
    out->set_dimension(names[k]);
    const double* col = result.dimension_scores.col(k).data();
    out->mutable_scores()->Add(col, col + result.dimension_scores.rows());
  }
  response->set_rows_used(result.rows_used);

  auto* provenance = response->mutable_provenance();
  StartProvenance(kServiceName, request.panel(), provenance);
  AddOption("method", idx::WeightingMethod_Name(request.method() == idx::WEIGHTING_METHOD_UNSPECIFIED
                                                    ? idx::WEIGHTING_METHOD_ENTROPY : request.method()),
            provenance);
  AddOption("pooling", idx::Pooling_Name(request.pooling() == idx::POOLING_UNSPECIFIED
                                             ? idx::POOLING_POOLED : request.pooling()),
            provenance);
  if (request.pooling() == idx::POOLING_BASE_PERIOD) AddOption("base_period", request.base_period(), provenance);
  AddOption("shift", result.options.shift, provenance);
  AddOption("hierarchy", idx::Hierarchy_Name(request.hierarchy() == idx::HIERARCHY_UNSPECIFIED
                                                 ? idx::HIERARCHY_FLAT : request.hierarchy()),
            provenance);
  AddOption("missing_policy",
            idx::MissingPolicy_Name(request.missing_policy() == idx::MISSING_POLICY_UNSPECIFIED
                                        ? idx::MISSING_POLICY_REJECT : request.missing_policy()),
            provenance);
  AddOption("score_scale", result.options.score_scale, provenance);
  AddOption("normalisation", "min-max by direction over the pool", provenance);
  AddOption("entropy_constant", "k = 1/ln(n), n = rows in the pool", provenance);
  AddOption("stats", stats::DescribeIndexOptions(result.options), provenance);
  for (const auto& dropped : result.dropped_rows) {
    auto* row = provenance->add_dropped_rows();
    row->set_row(dropped.row);
    row->set_reason(absl::StrCat("missing value in '", request.indicators(dropped.indicator).column(),
                                 "' (policy ", stats::MissingPolicyName(result.options.missing_policy), ")"));
  }
  if (!result.interpolated_cells.empty()) {
    AddOption("interpolated_cells", static_cast<double>(result.interpolated_cells.size()), provenance);
  }
}

}  // namespace

absl::StatusOr<idx::ComputeIndexResponse> ComputeIndex(const idx::ComputeIndexRequest& request) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  auto plan = Plan(request, *panel);
  if (!plan.ok()) return plan.status();
  auto result = stats::ComputeCompositeIndex(plan->input, plan->options);
  if (!result.ok()) return WithPreconditionSubject(result.status(), "indicators");
  idx::ComputeIndexResponse response;
  FillResponse(request, *plan, *result, &response);
  return response;
}

absl::StatusOr<idx::ComputeCouplingCoordinationResponse> ComputeCouplingCoordination(
    const idx::ComputeCouplingCoordinationRequest& request) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  FieldViolations violations;
  auto first = panel->RequireColumn(request.first(), "first", &violations);
  auto second = panel->RequireColumn(request.second(), "second", &violations);
  const double a = request.has_first_weight() ? request.first_weight() : 0.5;
  if (!(a >= 0 && a <= 1)) violations.Add("first_weight", "first_weight must be in [0, 1]");
  for (auto column : {first, second}) {
    if (!column) continue;
    panel->CheckFinite(*column, /*allow_missing=*/true, &violations);
    const auto values = panel->ColumnValues(*column);
    for (int r = 0; r < values.size(); ++r) {
      if (values[r] < 0 || values[r] > 1) {
        violations.Add(panel->CellPath(*column, r), "index values must lie in [0, 1] (use score_scale 1)");
        break;
      }
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  auto result = stats::ComputeCouplingCoordination(panel->ColumnValues(*first),
                                                   panel->ColumnValues(*second), a);
  if (!result.ok()) return result.status();
  idx::ComputeCouplingCoordinationResponse response;
  response.mutable_coupling()->Add(result->coupling.data(), result->coupling.data() + result->coupling.size());
  response.mutable_coordination_index()->Add(result->coordination_index.data(),
                                             result->coordination_index.data() + result->coordination_index.size());
  response.mutable_degree()->Add(result->degree.data(), result->degree.data() + result->degree.size());
  auto* provenance = response.mutable_provenance();
  StartProvenance(kServiceName, request.panel(), provenance);
  AddOption("first_weight", result->first_weight, provenance);
  AddOption("formula", "C = 2 sqrt(U1 U2) / (U1 + U2); T = a U1 + (1 - a) U2; D = sqrt(C T)", provenance);
  return response;
}

}  // namespace govmetrics::contracts

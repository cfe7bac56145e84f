#include "common/contracts/disparity_plan.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"

namespace govmetrics::contracts {
namespace {

namespace idx = govmetrics::index::v1;

// Largest grid and class counts accepted: beyond them a request is a mistake, not a need.
constexpr int kMaxGridPoints = 65536;

void ResolveAnalyses(const idx::AnalyzeDisparityRequest& request, DisparityPlan* plan,
                     FieldViolations* violations) {
  for (int i = 0; i < request.analyses_size(); ++i) {
    const int a = request.analyses(i);
    if (a == idx::DISPARITY_ANALYSIS_UNSPECIFIED || !idx::DisparityAnalysis_IsValid(a)) {
      violations->Add(absl::StrCat("analyses[", i, "]"), absl::StrCat("unknown analysis ", a));
    }
    plan->analyses.insert(a);
  }
  if (request.analyses_size() == 0) {
    for (int a = idx::DISPARITY_ANALYSIS_DISPERSION; a <= idx::DISPARITY_ANALYSIS_MARKOV; ++a) {
      plan->analyses.insert(a);
    }
  }
}

void ResolveDensity(const idx::KernelDensityOptions& in, DisparityPlan* plan,
                    FieldViolations* violations) {
  stats::KernelDensityOptions& out = plan->density;
  switch (in.bandwidth_rule()) {
    case idx::BANDWIDTH_RULE_UNSPECIFIED:
    case idx::BANDWIDTH_RULE_NRD0: out.rule = stats::BandwidthRule::kNrd0; break;
    case idx::BANDWIDTH_RULE_NRD: out.rule = stats::BandwidthRule::kNrd; break;
    case idx::BANDWIDTH_RULE_FIXED: out.rule = stats::BandwidthRule::kFixed; break;
    default: violations->Add("kernel_density.bandwidth_rule", "unknown bandwidth rule");
  }
  if (out.rule == stats::BandwidthRule::kFixed && !(in.bandwidth() > 0 && std::isfinite(in.bandwidth()))) {
    violations->Add("kernel_density.bandwidth", "a FIXED bandwidth must be a finite number > 0");
  }
  out.bandwidth = in.bandwidth();
  if (!(in.adjust() >= 0 && std::isfinite(in.adjust()))) {
    violations->Add("kernel_density.adjust", "adjust must be a finite number > 0 (0 means 1)");
  }
  out.adjust = in.adjust() > 0 ? in.adjust() : 1.0;
  if (in.grid_points() != 0 && (in.grid_points() < 2 || in.grid_points() > kMaxGridPoints)) {
    violations->Add("kernel_density.grid_points", absl::StrCat("grid_points must be 2..", kMaxGridPoints, " (0 means 512)"));
  }
  out.grid_points = in.grid_points() != 0 ? in.grid_points() : 512;
  if (in.has_cut() && !(in.cut() >= 0 && std::isfinite(in.cut()))) {
    violations->Add("kernel_density.cut", "cut must be a finite number >= 0");
  }
  out.cut = in.has_cut() ? in.cut() : 3.0;
  plan->density_common_grid = in.common_grid();
}

void ResolveMarkov(const idx::MarkovOptions& in, DisparityPlan* plan, FieldViolations* violations) {
  if (!IsValidMarkovClasses(in.classes())) {
    violations->Add("markov.classes", absl::StrCat("classes must be 2..", kMaxMarkovClasses, " (0 means 4)"));
  }
  plan->markov_classes = in.classes() != 0 ? in.classes() : 4;
  if (!idx::QuantileScope_IsValid(in.scope())) violations->Add("markov.scope", "unknown quantile scope");
  plan->markov_scope = in.scope() == idx::QUANTILE_SCOPE_PER_PERIOD ? stats::QuantileScope::kPerPeriod
                                                                   : stats::QuantileScope::kPooled;
}

std::vector<int32_t> SortedPeriods(const PanelView& panel, const std::vector<int>& rows) {
  std::vector<int32_t> periods;
  for (int r : rows) periods.push_back(panel.periods()[r]);
  std::sort(periods.begin(), periods.end());
  periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
  return periods;
}

void AssignGroups(const PanelView& panel, const DisparityPlan& plan, DisparityRows* rows) {
  if (!plan.group_label) {
    rows->levels = {""};
    rows->group.assign(rows->rows.size(), 0);
    return;
  }
  auto value = [&](int r) -> const std::string& { return panel.LabelValue(*plan.group_label, r); };
  for (int r : rows->rows) rows->levels.push_back(value(r));
  std::sort(rows->levels.begin(), rows->levels.end());
  rows->levels.erase(std::unique(rows->levels.begin(), rows->levels.end()), rows->levels.end());
  for (int r : rows->rows) {
    rows->group.push_back(static_cast<int>(
        std::lower_bound(rows->levels.begin(), rows->levels.end(), value(r)) - rows->levels.begin()));
  }
}

}  // namespace

absl::Status ResolveDisparityPlan(const idx::AnalyzeDisparityRequest& request, const PanelView& panel,
                                  DisparityPlan* plan) {
  FieldViolations violations;
  if (request.column().empty()) violations.Add("column", "the column to analyse is required");
  if (auto c = panel.RequireColumn(request.column(), "column", &violations)) {
    plan->value_column = *c;
    panel.CheckFinite(*c, /*allow_missing=*/true, &violations);
  }
  if (!request.group_label().empty()) {
    plan->group_label = panel.RequireLabel(request.group_label(), "group_label", &violations);
    if (plan->group_label) {
      for (int r = 0; r < panel.rows(); ++r) {
        if (panel.LabelValue(*plan->group_label, r).empty()) {
          violations.Add(absl::StrCat(panel.path(), ".labels[", *plan->group_label, "].values[", r, "]"),
                         "empty group label");
        }
      }
    }
  }
  for (int i = 0; i < request.convergence().controls_size(); ++i) {
    if (auto c = panel.RequireColumn(request.convergence().controls(i),
                                     absl::StrCat("convergence.controls[", i, "]"), &violations)) {
      panel.CheckFinite(*c, /*allow_missing=*/true, &violations);
      plan->control_columns.push_back(*c);
    }
  }
  ResolveAnalyses(request, plan, &violations);
  ResolveDensity(request.kernel_density(), plan, &violations);
  ResolveMarkov(request.markov(), plan, &violations);
  return violations.ToStatus();
}

absl::Status SelectDisparityRows(const PanelView& panel, const DisparityPlan& plan, DisparityRows* rows,
                                 common::v1::Provenance* provenance) {
  const auto values = panel.ColumnValues(plan.value_column);
  const bool needs_logs = plan.Wants(idx::DISPARITY_ANALYSIS_BETA_CONVERGENCE);
  FieldViolations violations;
  int first_non_positive = -1;
  for (int r = 0; r < panel.rows(); ++r) {
    if (std::isnan(values[r])) {
      auto* dropped = provenance->add_dropped_rows();
      dropped->set_row(r);
      dropped->set_reason(absl::StrCat("missing value in '", panel.ColumnName(plan.value_column), "'"));
      continue;
    }
    if (values[r] < 0) {
      violations.Add(panel.CellPath(plan.value_column, r),
                     "negative value: Gini, Theil and CV need non-negative values (shift the index)");
    }
    if (values[r] <= 0 && first_non_positive < 0) first_non_positive = r;
    rows->rows.push_back(r);
  }
  if (!violations.empty()) return violations.ToStatus();
  if (needs_logs && first_non_positive >= 0) {
    return FailedPreconditionOn(panel.CellPath(plan.value_column, first_non_positive),
                                "beta-convergence takes logs: every value must be > 0 (shift the index, "
                                "or leave DISPARITY_ANALYSIS_BETA_CONVERGENCE out of analyses)");
  }
  if (rows->rows.empty()) {
    return FailedPreconditionOn(panel.ColumnPath(plan.value_column), "every value is missing");
  }
  rows->value.resize(static_cast<Eigen::Index>(rows->rows.size()));
  rows->periods = SortedPeriods(panel, rows->rows);
  for (size_t i = 0; i < rows->rows.size(); ++i) {
    const int r = rows->rows[i];
    rows->value[static_cast<Eigen::Index>(i)] = values[r];
    rows->entity.push_back(panel.entity_codes()[r]);
    rows->period_index.push_back(static_cast<int>(
        std::lower_bound(rows->periods.begin(), rows->periods.end(), panel.periods()[r]) - rows->periods.begin()));
  }
  AssignGroups(panel, plan, rows);
  return absl::OkStatus();
}

}  // namespace govmetrics::contracts

#include "common/contracts/group_request.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/fit_request.h"
#include "common/contracts/model_request.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/group_comparison.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;
constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";

void SetTest(const stats::DifferenceTest& t, mv1::DifferenceTest* out) {
  out->set_statistic(t.statistic);
  out->set_std_error(t.std_error);
  out->set_p_value(t.p_value);
  out->set_df(t.df);
  out->set_replications(static_cast<int32_t>(t.replications));
}

}  // namespace

absl::StatusOr<mv1::CompareGroupsResponse> CompareGroups(const mv1::CompareGroupsRequest& request,
                                                         const std::function<bool()>* should_stop) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  FieldViolations violations;
  std::optional<int> label;
  if (request.group_by().empty()) {
    violations.Add("group_by", "the label column defining the groups is required");
  } else {
    label = panel->RequireLabel(request.group_by(), "group_by", &violations);
  }
  for (int i = 0; i < request.compare_size(); ++i) {
    bool found = false;
    for (const auto& r : request.regressors()) found = found || r == request.compare(i);
    if (!found) {
      violations.Add(absl::StrCat("compare[", i, "]"),
                     absl::StrCat("'", request.compare(i), "' is not among the regressors"));
    }
  }
  if (request.permutations() < 0 || request.permutations() > stats::kMaxReplications) {
    violations.Add("permutations", absl::StrCat("must be in [0, ", stats::kMaxReplications, "], got ",
                                                request.permutations()));
  }
  const auto e = request.model().estimator();
  if (e != mv1::ESTIMATOR_UNSPECIFIED && e != mv1::ESTIMATOR_WITHIN && e != mv1::ESTIMATOR_POOLED_OLS) {
    violations.Add("model.estimator", "group comparison supports ESTIMATOR_WITHIN and ESTIMATOR_POOLED_OLS");
  }
  if (request.model().variance().wild_bootstrap().enabled()) {
    violations.Add("model.variance.wild_bootstrap", "not used by CompareGroups");
  }
  if (!violations.empty()) return violations.ToStatus();

  ModelRequest model_request;
  model_request.panel = &request.panel();
  model_request.dependent = request.dependent();
  model_request.regressors.assign(request.regressors().begin(), request.regressors().end());
  model_request.spec = request.model();
  model_request.spec_prefix = "model.";
  auto model = PrepareModel(model_request);
  if (!model.ok()) return model.status();

  // Group codes of the sample rows, in order of first appearance.
  const auto& values = request.panel().labels(*label).values();
  std::map<std::string, int> index;
  std::vector<std::string> names;
  std::vector<int> group(model->source_rows.size());
  for (size_t i = 0; i < model->source_rows.size(); ++i) {
    const int row = model->source_rows[i];
    const std::string& v = values[row];
    if (v.empty()) {
      violations.Add(absl::StrCat("panel.labels[", *label, "].values[", row, "]"),
                     absl::StrCat("missing value of the group label '", request.group_by(), "'"));
      continue;
    }
    auto [it, inserted] = index.emplace(v, static_cast<int>(names.size()));
    if (inserted) names.push_back(v);
    group[i] = it->second;
  }
  if (!violations.empty()) return violations.ToStatus();
  if (names.size() < 2) {
    return FailedPreconditionOn("group_by", absl::StrCat("label '", request.group_by(), "' has ",
                                                         names.size(), " group(s) in the sample; at least two are needed"));
  }
  // The permutation test moves whole entities: the label must not vary within one.
  if (request.permutations() > 0) {
    std::map<int, int> entity_group;
    for (size_t i = 0; i < group.size(); ++i) {
      const int entity = model->input.entity[i];
      auto [it, inserted] = entity_group.emplace(entity, group[i]);
      if (!inserted && it->second != group[i]) {
        return FailedPreconditionOn(
            "group_by", absl::StrCat("label '", request.group_by(), "' changes within entity '",
                                     model->entity_names[entity], "' ('", names[it->second], "' and '",
                                     names[group[i]], "'); the permutation test needs one label per entity"));
      }
    }
  }

  stats::GroupComparisonInput input;
  input.data = model->input;
  input.group = group;
  input.group_names = names;
  stats::GroupComparisonOptions options;
  options.model = model->options;
  options.compare.assign(request.compare().begin(), request.compare().end());
  options.permutations = request.permutations();
  options.seed = request.seed();
  options.threads = 2;
  auto result = stats::CompareGroups(std::move(input), options, should_stop);
  if (!result.ok()) return WithPreconditionSubject(result.status(), "group_by");

  // Rows removed by the row filter, per group (for each group's n_dropped_rows).
  std::vector<int> filtered(names.size(), 0);
  {
    std::vector<char> in_sample(request.panel().entity_size(), 0);
    for (int r : model->source_rows) in_sample[r] = 1;
    for (int r = 0; r < request.panel().entity_size(); ++r) {
      auto it = index.find(values[r]);
      if (!in_sample[r] && it != index.end()) ++filtered[it->second];
    }
  }
  mv1::CompareGroupsResponse response;
  for (size_t g = 0; g < names.size(); ++g) {
    PreparedModel group_model;
    group_model.panel = model->panel;
    group_model.options = model->options;
    group_model.input.absorb_names = model->input.absorb_names;
    group_model.rows_filtered_out = filtered[g];
    auto* out = response.add_groups();
    out->set_group(names[g]);
    FillFitResponse(group_model, result->fits[g], out->mutable_fit());
    AddOption("group", names[g], out->mutable_fit()->mutable_provenance());
  }
  for (const auto& d : result->differences) {
    auto* out = response.add_differences();
    out->set_coefficient(d.coefficient);
    out->set_group_a(names[d.group_a]);
    out->set_group_b(names[d.group_b]);
    out->set_difference(d.difference);
    SetTest(d.interacted_wald, out->mutable_interacted_wald());
    SetTest(d.seemingly_unrelated, out->mutable_seemingly_unrelated());
    SetTest(d.permutation, out->mutable_permutation());
  }
  auto* provenance = response.mutable_provenance();
  StartProvenance(kServiceName, request.panel(), provenance);
  AddModelProvenance(*model, provenance);
  AddOption("group_by", request.group_by(), provenance);
  AddOption("compare", request.compare().empty() ? request.regressors(0) : absl::StrJoin(request.compare(), ","),
            provenance);
  AddOption("interacted_wald", "fully interacted pooled model, the model's covariance, chi2(1)", provenance);
  AddOption("interacted_small_sample_formula", result->interacted.small_sample_formula, provenance);
  AddOption("seemingly_unrelated",
            absl::StrCat("stacked influence functions clustered by '", result->stacked_cluster, "' (",
                         result->stacked_clusters, " clusters), factor C/(C-1), chi2(1)"),
            provenance);
  AddOption("permutations", static_cast<double>(request.permutations()), provenance);
  if (request.permutations() > 0) {
    provenance->add_seeds(request.seed());
    AddOption("permutation.seed", std::to_string(request.seed()), provenance);
    AddOption("permutation.unit", "entity (labels permuted across entities)", provenance);
    AddOption("permutation.p_value", "(#{|d*| >= |d|} + 1) / (R + 1)", provenance);
  }
  for (const auto& note : result->notes) AddOption("note", note, provenance);
  return response;
}

}  // namespace govmetrics::contracts

#include "services/reporting/section_validation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/balanced_panel.h"
#include "common/contracts/disparity_plan.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/spatial_panel_request.h"
#include "common/contracts/spatial_weights_request.h"
#include "common/contracts/threshold_request.h"
#include "common/stats/bootstrap_runner.h"
#include "services/reporting/section_variables.h"
#include "services/reporting/spec_validation.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
namespace mv1 = govmetrics::modeling::v1;
using contracts::FieldViolations;


// The names a section may analyse: numeric columns of the panel and the indices the
// spec defines (study variables, moderators, variables robustness checks use instead),
// each a column of the working panel once built.
class SectionNames {
 public:
  explicit SectionNames(const SectionScope& scope) : scope_(scope), indices_(scope.indices) {
    const auto& moderators = scope.spec.moderation().moderators();
    for (int i = 0; i < moderators.size(); ++i) {
      if (moderators[i].variable().has_index()) {
        indices_.insert(VariableColumn(moderators[i].variable(), absl::StrCat("moderator_", i + 1)));
      }
    }
    for (const auto& check : scope.spec.robustness()) {
      if (check.variable().has_index()) indices_.insert(check.variable().index().name());
    }
  }
  bool Known(const std::string& name) const { return scope_.columns.count(name) > 0 || indices_.count(name) > 0; }
  bool IsIndex(const std::string& name) const { return scope_.columns.count(name) == 0 && indices_.count(name) > 0; }
  // Adds "<field>: no such column" unless `name` is known.
  void Require(const std::string& name, const std::string& field, FieldViolations& v) const {
    if (!Known(name)) {
      v.Add(field, absl::StrCat("'", name, "' is neither a numeric column of the panel nor an index of the spec"));
    }
  }
  void RequireAll(const google::protobuf::RepeatedPtrField<std::string>& names, const std::string& field,
                  FieldViolations& v) const {
    for (int i = 0; i < names.size(); ++i) Require(names[i], absl::StrCat(field, "[", i, "]"), v);
  }

 private:
  const SectionScope& scope_;
  std::set<std::string> indices_;
};

std::string Explanatory(const rv1::StudySpec& spec) { return VariableColumn(spec.explanatory(), "explanatory"); }
std::string Outcome(const rv1::StudySpec& spec) { return VariableColumn(spec.outcome(), "outcome"); }

void CheckModeratorKind(const SectionScope& s, const SectionNames& names, const rv1::Moderator& m,
                        const std::string& name, const std::string& path, FieldViolations& v) {
  const bool label = IsLabelModerator(s.panel, m.variable());
  if (!label && !names.Known(name)) {
    v.Add(path + ".variable", absl::StrCat("no numeric column or label '", name, "' in the panel and no index "
                                           "of that name"));
    return;
  }
  if (label && !m.values().empty()) {
    v.Add(path + ".values", absl::StrCat("'", name, "' is a label; its slopes are per level"));
  }
  if (!label && !m.reference_level().empty()) {
    v.Add(path + ".reference_level", absl::StrCat("'", name, "' is numeric; a reference level needs a label"));
  }
  if (label && !m.reference_level().empty() && s.labels.at(name).count(m.reference_level()) == 0) {
    v.Add(path + ".reference_level", absl::StrCat("label '", name, "' has no value '", m.reference_level(), "'"));
  }
  for (int j = 0; j < m.values_size(); ++j) {
    if (!std::isfinite(m.values(j))) v.Add(absl::StrCat(path, ".values[", j, "]"), "must be a finite number");
  }
}

// spec.moderation: each moderator a numeric column, an index or a label, not X itself.
void CheckModeration(const SectionScope& s, const SectionNames& names, FieldViolations& v) {
  if (!s.spec.has_moderation()) return;
  const auto& moderators = s.spec.moderation().moderators();
  if (moderators.empty()) v.Add("spec.moderation.moderators", "name at least one moderator");
  for (int i = 0; i < moderators.size(); ++i) {
    const std::string path = absl::StrCat("spec.moderation.moderators[", i, "]");
    const rv1::Variable& variable = moderators[i].variable();
    const std::string role = absl::StrCat("moderator_", i + 1);
    const std::string name = VariableColumn(variable, role);
    if (variable.has_index()) s.check_index(variable, role, path + ".variable");
    if (name.empty()) {
      v.Add(path + ".variable", "give a numeric column, a label column or an index definition");
      continue;
    }
    if (name == Explanatory(s.spec)) {
      v.Add(path + ".variable", "the moderator is the explanatory variable");
      continue;
    }
    CheckModeratorKind(s, names, moderators[i], name, path, v);
  }
}

// spec.endogeneity: named instruments (not in the model), or x's own lag.
void CheckEndogeneity(const SectionScope& s, const SectionNames& names, FieldViolations& v) {
  if (!s.spec.has_endogeneity()) return;
  const auto& section = s.spec.endogeneity();
  const auto& controls = s.spec.controls();
  for (int i = 0; i < section.instruments_size(); ++i) {
    const std::string& z = section.instruments(i);
    const std::string field = absl::StrCat("spec.endogeneity.instruments[", i, "]");
    if (!names.Known(z)) {
      v.Add(field, absl::StrCat("no numeric column '", z, "' in the panel and no index of that name"));
    } else if (z == Explanatory(s.spec) || std::find(controls.begin(), controls.end(), z) != controls.end()) {
      v.Add(field, absl::StrCat("'", z, "' is in the model; an excluded instrument must not be"));
    } else if (z == Outcome(s.spec)) {
      v.Add(field, absl::StrCat("'", z, "' is the outcome variable; an instrument must not be"));
    }
  }
  if (section.lag() < 0) {
    v.Add("spec.endogeneity.lag", "must be >= 0 (0 means 1)");
  } else if (!section.instruments().empty() && section.lag() > 0) {
    v.Add("spec.endogeneity.lag", "the lag belongs to the lagged-regressor recipe: with named instruments leave it 0");
  } else if (section.instruments().empty()) {
    const int lag = std::max(1, section.lag());
    if (static_cast<int>(s.periods.size()) < lag + 2) {
      v.Add("spec.endogeneity.lag",
            absl::StrCat("the lagged-regressor recipe instruments the explanatory variable by its ", lag,
                         "-period lag, which leaves fewer than two of the panel's ", s.periods.size(),
                         " periods: name instruments or lower the lag"));
    }
  }
}

// spec.coupling: two systems of the study, the first's weight in [0,1].
void CheckCoupling(const SectionScope& s, const SectionNames& names, FieldViolations& v) {
  if (!s.spec.has_coupling()) return;
  const auto& spec = s.spec.coupling();
  for (const auto& [field, name] : {std::pair{"first", spec.first()}, std::pair{"second", spec.second()}}) {
    if (name.empty()) {
      v.Add(absl::StrCat("spec.coupling.", field), "name the index (or numeric column) of this system");
    } else if (!names.Known(name)) {
      v.Add(absl::StrCat("spec.coupling.", field),
            absl::StrCat("'", name, "' is neither a variable of the study nor a numeric column of the panel"));
    }
  }
  if (spec.has_first_weight() && !(spec.first_weight() >= 0.0 && spec.first_weight() <= 1.0)) {
    v.Add("spec.coupling.first_weight", "the weight of the first system must be in [0,1]");
  }
}

std::string AndMore(size_t more) { return more == 0 ? "" : absl::StrCat(" (and ", more, " more)"); }

// A weights spec against the panel's entities, by the rule every spatial RPC applies
// (contracts::BuildSpatialWeights). An economic distance over an index of the spec is
// checked when the index is built.
void CheckWeights(const contracts::PanelView& view, const SectionNames& names,
                  const common::v1::SpatialWeightsSpec& weights, const std::string& path,
                  const std::string& defaulted, FieldViolations& v) {
  if (weights.has_economic_distance() && names.IsIndex(weights.economic_distance().column())) return;
  const auto built = contracts::BuildSpatialWeights(weights, view, path);
  if (built.ok()) return;
  auto found = contracts::ViolationsOf(built.status());
  if (found.empty()) found.push_back({path, std::string(built.status().message())});
  if (!defaulted.empty()) {  // the spec named no weights: say which were assumed
    v.Add(path, absl::StrCat(defaulted, " ", found[0].second, AndMore(found.size() - 1)));
    return;
  }
  // One entry per field: a list missing most entities must not crowd out the spec's
  // other problems (a client sees the first 20).
  std::map<std::string, std::pair<std::string, size_t>> by_field;
  std::vector<std::string> order;
  for (const auto& [field, description] : found) {
    auto [it, added] = by_field.try_emplace(field, description, 0);
    if (added) order.push_back(field);
    ++it->second.second;
  }
  for (const auto& field : order) v.Add(field, by_field[field].first + AndMore(by_field[field].second - 1));
}

// A section whose method needs every entity in every period, by the services' own
// definition of balanced (contracts::Balance).
void CheckBalanced(const contracts::PanelView& view, const std::string& field, const std::string& need,
                   FieldViolations& v) {
  const auto balanced = contracts::Balance(view, absl::StrCat("(", need, " needs every entity in every period)"));
  if (!balanced.ok()) v.Add(field, std::string(balanced.status().message()));
}

void CheckSpatioTemporal(const SectionScope& s, const SectionNames& names, const contracts::PanelView* view,
                         FieldViolations& v) {
  const rv1::SpatioTemporalSpec& spec = s.spec.spatio_temporal();
  if (!spec.enabled()) return;
  if (!contracts::IsValidMarkovClasses(spec.markov_classes())) {
    v.Add("spec.spatio_temporal.markov_classes",
          absl::StrCat("markov_classes must be 2..", contracts::kMaxMarkovClasses, " (0 means 4)"));
  }
  names.RequireAll(spec.variables(), "spec.spatio_temporal.variables", v);
  if (!spec.group_label().empty() && s.labels.count(spec.group_label()) == 0) {
    v.Add("spec.spatio_temporal.group_label", absl::StrCat("no label column '", spec.group_label(), "' in the panel"));
  }
  if (spec.has_spatial_weights() && view != nullptr) {
    CheckWeights(*view, names, spec.spatial_weights(), "spec.spatio_temporal.spatial_weights", "", v);
  }
}

void CheckSpatial(const SectionScope& s, const SectionNames& names, const contracts::PanelView* view,
                  FieldViolations& v) {
  const rv1::SpatialSpec& spec = s.spec.spatial();
  if (!spec.enabled()) return;
  if (spec.permutations() < -1 || spec.permutations() > stats::kMaxReplications) {
    v.Add("spec.spatial.permutations",
          absl::StrCat("permutations must be -1 (none), 0 (the study's) or up to ", stats::kMaxReplications));
  }
  // The model's options by FitSpatialPanel's own rules (the fields mean the same).
  mv1::FitSpatialPanelRequest options;
  options.set_model(spec.model());
  options.set_fixed_effects(spec.fixed_effects());
  options.set_effect_draws(spec.effect_draws());
  FieldViolations found;
  contracts::ValidateSpatialPanelOptions(options, &found);
  for (const auto& [field, description] : found.items()) v.Add("spec.spatial." + field, description);
  names.RequireAll(spec.variables(), "spec.spatial.variables", v);
  if (view == nullptr) return;
  CheckWeights(*view, names, SpatialSectionWeights(spec), "spec.spatial.weights",
               spec.has_weights() ? "" : "unset means the shipped contiguity of China's provinces, but", v);
  CheckBalanced(*view, "spec.spatial.enabled", "the spatial section", v);
}

void CheckThreshold(const SectionScope& s, const SectionNames& names, const contracts::PanelView* view,
                    FieldViolations& v) {
  const rv1::ThresholdSpec& spec = s.spec.threshold();
  if (!spec.enabled()) return;
  if (spec.max_thresholds() < 0 || spec.max_thresholds() > contracts::kMaxThresholds) {
    v.Add("spec.threshold.max_thresholds", "max_thresholds must be 1, 2 or 3 (0 means 3)");
  }
  if (spec.bootstrap_replications() < 0 || spec.bootstrap_replications() > stats::kMaxReplications) {
    v.Add("spec.threshold.bootstrap_replications",
          absl::StrCat("bootstrap_replications must be in [0, ", stats::kMaxReplications, "] (0 means 300)"));
  }
  if (!spec.threshold_variable().empty()) {
    names.Require(spec.threshold_variable(), "spec.threshold.threshold_variable", v);
  }
  if (view != nullptr) CheckBalanced(*view, "spec.threshold.enabled", "the threshold regression", v);
}

}  // namespace

bool IsLabelModerator(const common::v1::Panel& panel, const rv1::Variable& variable) {
  if (variable.has_index() || PanelHasColumn(panel, variable.column())) return false;
  for (const auto& label : panel.labels()) {
    if (label.name() == variable.column()) return true;
  }
  return false;
}

void CheckSections(const SectionScope& scope, FieldViolations& violations) {
  const SectionNames names(scope);
  CheckModeration(scope, names, violations);
  CheckEndogeneity(scope, names, violations);
  CheckCoupling(scope, names, violations);
  // The panel's shape, for the sections that need it (its own problems are reported by
  // the panel's check: the shape-dependent rules are then skipped).
  std::optional<contracts::PanelView> view;
  if (scope.spec.spatio_temporal().enabled() || scope.spec.spatial().enabled() || scope.spec.threshold().enabled()) {
    auto created = contracts::PanelView::Create(scope.panel);
    if (created.ok()) view = std::move(*created);
  }
  const contracts::PanelView* shape = view ? &*view : nullptr;
  CheckSpatioTemporal(scope, names, shape, violations);
  CheckSpatial(scope, names, shape, violations);
  CheckThreshold(scope, names, shape, violations);
}

}  // namespace govmetrics::reporting

#include "services/reporting/study_design.h"


#include "absl/strings/str_cat.h"
#include "services/reporting/panel_edits.h"
#include "services/reporting/render/message_catalog.h"
#include "services/reporting/section_validation.h"
#include "services/reporting/spec_validation.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

std::string AddVariable(StudyDesign& design, const rv1::Variable& variable, const std::string& role) {
  const std::string name = VariableColumn(variable, role);
  if (!variable.label().empty()) design.labels[name] = variable.label();
  if (variable.has_index()) design.indices.push_back({absl::StrCat("index/", name), name, variable.index()});
  return name;
}

// Indices robustness checks define: a variable used instead of the explanatory or the
// outcome variable (the spec names it), the explanatory index re-weighted.
void AddAlternativeIndices(StudyDesign& design) {
  for (const auto& check : design.spec->robustness()) {
    const bool replaces = check.check() == rv1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY ||
                          check.check() == rv1::ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME;
    if (replaces) AddVariable(design, check.variable(), "");  // its label, and its index if any
  }
  if (!design.spec->explanatory().has_index()) return;
  for (const auto& check : design.spec->robustness()) {
    if (check.check() != rv1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING) continue;
    const auto method = check.alternative_method() == index::v1::WEIGHTING_METHOD_UNSPECIFIED
                            ? index::v1::WEIGHTING_METHOD_CRITIC
                            : check.alternative_method();
    const std::string name = AlternativeIndexName(design.x, method);
    if (design.FindIndex(name) != nullptr) continue;
    rv1::IndexDefinition definition = design.spec->explanatory().index();
    definition.set_name(name);
    definition.set_method(method);
    design.indices.push_back({absl::StrCat("index/", name), name, definition});
  }
}

// spec.moderation (checked by section_validation.h): each moderator a numeric column, an
// index or a label.
void AddModerators(StudyDesign& design) {
  const auto& moderators = design.spec->moderation().moderators();
  for (int i = 0; i < moderators.size(); ++i) {
    const std::string name = AddVariable(design, moderators[i].variable(), absl::StrCat("moderator_", i + 1));
    design.moderators.push_back({name, IsLabelModerator(design.panel, moderators[i].variable()), i});
  }
}

// spec.endogeneity (checked by section_validation.h): named instruments, or x's own lag.
void AddEndogeneity(StudyDesign& design) {
  if (!design.spec->has_endogeneity()) return;
  const auto& section = design.spec->endogeneity();
  design.instruments.assign(section.instruments().begin(), section.instruments().end());
  if (design.instruments.empty()) {
    design.instrument_lag = section.lag() > 0 ? section.lag() : 1;
    design.lagged_instrument = absl::StrCat(design.x, "_lag", design.instrument_lag, "_instrument");
    design.instruments.push_back(design.lagged_instrument);
  }
}

}  // namespace

std::string AlternativeIndexName(const std::string& x, index::v1::WeightingMethod method) {
  return absl::StrCat(x, "_", index::v1::WeightingMethod_Name(method));
}

absl::StatusOr<StudyDesign> DesignStudy(const common::v1::Panel& panel, const rv1::StudySpec& spec) {
  if (auto status = ValidateStudySpec(panel, spec); !status.ok()) return status;
  StudyDesign design;
  design.spec = &spec;
  design.language = spec.language() == rv1::LANGUAGE_ZH ? rv1::LANGUAGE_ZH : rv1::LANGUAGE_EN;
  design.panel = panel;
  if (spec.seed() != 0) design.seed = spec.seed();
  if (spec.bootstrap().replications() > 0) design.bootstrap_replications = spec.bootstrap().replications();
  if (spec.permutations() > 0) design.permutations = spec.permutations();
  if (spec.wild_bootstrap_replications() > 0) design.wild_replications = spec.wild_bootstrap_replications();
  for (const auto& l : spec.labels()) design.labels[l.column()] = l.label();

  design.x = AddVariable(design, spec.explanatory(), "explanatory");
  design.y = AddVariable(design, spec.outcome(), "outcome");
  for (int i = 0; i < spec.mediators_size(); ++i) {
    design.mediators.push_back(AddVariable(design, spec.mediators(i), absl::StrCat("mediator_", i + 1)));
  }
  design.controls.assign(spec.controls().begin(), spec.controls().end());
  AddAlternativeIndices(design);
  AddModerators(design);
  AddEndogeneity(design);
  return design;
}

std::string StudyDesign::Text(const char* key, const std::vector<std::string>& args) const {
  return FormatMessage(language, key, args);
}

std::string StudyDesign::Label(const std::string& column) const {
  auto it = labels.find(column);
  if (it != labels.end()) return it->second;
  if (const size_t colon = column.find(':'); colon != std::string::npos) {
    return absl::StrCat(Label(column.substr(0, colon)), " × ", Label(column.substr(colon + 1)));
  }
  if (const size_t equals = column.find('='); equals != std::string::npos) {
    return absl::StrCat(Label(column.substr(0, equals)), " = ", column.substr(equals + 1));
  }
  return column;
}

const IndexColumn* StudyDesign::FindIndex(const std::string& name) const {
  for (const auto& index : indices) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

mv1::VarianceSpec ResolvedVariance(mv1::VarianceSpec variance) {
  if (variance.type() == mv1::VARIANCE_TYPE_UNSPECIFIED) variance.set_type(mv1::VARIANCE_TYPE_CLUSTER);
  if (variance.type() == mv1::VARIANCE_TYPE_CLUSTER && variance.cluster_by_size() == 0) {
    variance.add_cluster_by("entity");
  }
  if (variance.small_sample() == mv1::SMALL_SAMPLE_UNSPECIFIED) variance.set_small_sample(mv1::SMALL_SAMPLE_STATA);
  return variance;
}

mv1::ModelSpec StudyDesign::BaseModel() const {
  mv1::ModelSpec model;
  model.set_estimator(mv1::ESTIMATOR_WITHIN);
  model.set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
  *model.mutable_variance() = ResolvedVariance(spec->variance());
  return model;
}

mv1::FitPanelModelRequest StudyDesign::FitRequest(const std::string& dependent,
                                                  const std::vector<std::string>& regressors,
                                                  const mv1::ModelSpec& model) const {
  mv1::FitPanelModelRequest request;
  *request.mutable_panel() = panel;
  request.set_dependent(dependent);
  for (const auto& r : regressors) request.add_regressors(r);
  request.set_fixed_effects(model.fixed_effects());
  *request.mutable_absorb() = model.absorb();
  request.set_estimator(model.estimator());
  *request.mutable_variance() = model.variance();
  request.set_confidence_level(model.confidence_level());
  *request.mutable_transforms() = model.transforms();
  *request.mutable_filter() = model.filter();
  return request;
}

std::vector<std::string> StudyDesign::Regressors(const std::string& explanatory) const {
  std::vector<std::string> regressors = {explanatory};
  regressors.insert(regressors.end(), controls.begin(), controls.end());
  return regressors;
}

void StudyDesign::AddDerivedColumns() {
  if (lagged_instrument.empty()) return;
  for (const auto& column : panel.columns()) {
    if (column.name() == x) {
      const google::protobuf::RepeatedField<double> values = column.values();
      SetColumn(lagged_instrument, values);
      return;
    }
  }
}

void StudyDesign::SetColumn(const std::string& name, const google::protobuf::RepeatedField<double>& values) {
  SetColumnValues(panel, name, values);
}

bool StudyDesign::IsStudyVariable(const std::string& name) const {
  if (name == x || name == y) return true;
  for (const auto& m : mediators) {
    if (m == name) return true;
  }
  return false;
}

std::string StudyDesign::EntityName(int row) const {
  if (!spec->entity_label().empty()) {
    for (const auto& label : panel.labels()) {
      if (label.name() == spec->entity_label() && row < label.values_size()) return label.values(row);
    }
  }
  return row < panel.entity_size() ? panel.entity(row) : "";
}

}  // namespace govmetrics::reporting

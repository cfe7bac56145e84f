#include "services/reporting/spec_validation.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/variance_registry.h"
#include "services/reporting/gmm_check.h"
#include "services/reporting/robustness_checks.h"
#include "services/reporting/section_validation.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
namespace mv1 = govmetrics::modeling::v1;

constexpr int kMaxReplications = 100000;
constexpr int kMaxPlaceboDraws = 2000;

// What the panel holds and which indices the spec defines; collects the violations.
class SpecChecker {
 public:
  SpecChecker(const common::v1::Panel& panel, const rv1::StudySpec& spec);
  absl::Status Check();

 private:
  void CheckBasics();
  void CheckVariables();
  void CheckVariable(const rv1::Variable& variable, const std::string& role, const std::string& path);
  void CheckIndex(const rv1::IndexDefinition& index, const std::string& name, const std::string& path);
  void CheckNumeric(const std::string& column, const std::string& path);
  void CheckLabel(const std::string& label, const std::string& path);
  void CheckRange(int value, int max, const std::string& path);
  void CheckRobustness(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckMenuEntry(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckDropEntities(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckWinsorBounds(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckReplacement(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckEstimator(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckGmm(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckVarianceSpec(const mv1::VarianceSpec& variance, const std::string& path, bool required);
  void CheckLabelValues(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckPeriods(const rv1::RobustnessSpec& check, const std::string& path);
  void CheckFixedEffects(const rv1::RobustnessSpec& check, const std::string& path);

  const common::v1::Panel& panel_;
  const rv1::StudySpec& spec_;
  std::set<std::string> columns_, entities_, index_names_, defined_;
  std::map<std::string, std::set<std::string>> labels_;
  std::set<int> periods_;
  contracts::FieldViolations violations_;
};

SpecChecker::SpecChecker(const common::v1::Panel& panel, const rv1::StudySpec& spec)
    : panel_(panel), spec_(spec) {
  for (const auto& c : panel.columns()) columns_.insert(c.name());
  for (const auto& l : panel.labels()) labels_[l.name()].insert(l.values().begin(), l.values().end());
  entities_.insert(panel.entity().begin(), panel.entity().end());
  periods_.insert(panel.period().begin(), panel.period().end());
  // Every index the spec defines is a column once built: models may use any of them.
  auto add = [&](const rv1::Variable& v, const std::string& role) {
    if (v.has_index()) index_names_.insert(VariableColumn(v, role));
  };
  add(spec.explanatory(), "explanatory");
  add(spec.outcome(), "outcome");
  for (int i = 0; i < spec.mediators_size(); ++i) add(spec.mediators(i), absl::StrCat("mediator_", i + 1));
}

void SpecChecker::CheckRange(int value, int max, const std::string& path) {
  if (value < 0 || value > max) violations_.Add(path, absl::StrCat("must be in [0, ", max, "] (0 means the default)"));
}

void SpecChecker::CheckBasics() {
  if (!spec_.has_explanatory()) violations_.Add("spec.explanatory", "the explanatory variable is required");
  if (!spec_.has_outcome()) violations_.Add("spec.outcome", "the outcome variable is required");
  CheckRange(spec_.permutations(), kMaxReplications, "spec.permutations");
  CheckRange(spec_.bootstrap().replications(), kMaxReplications, "spec.bootstrap.replications");
  CheckRange(spec_.wild_bootstrap_replications(), kMaxReplications, "spec.wild_bootstrap_replications");
  for (int i = 0; i < spec_.formats_size(); ++i) {
    if (spec_.formats(i) == rv1::FORMAT_UNSPECIFIED) {
      violations_.Add(absl::StrCat("spec.formats[", i, "]"), "format is unspecified");
    }
  }
  for (int i = 0; i < spec_.controls_size(); ++i) {
    CheckNumeric(spec_.controls(i), absl::StrCat("spec.controls[", i, "]"));
  }
  if (!spec_.group_by().empty()) CheckLabel(spec_.group_by(), "spec.group_by");
  if (!spec_.entity_label().empty()) CheckLabel(spec_.entity_label(), "spec.entity_label");
}

void SpecChecker::CheckNumeric(const std::string& column, const std::string& path) {
  if (columns_.count(column) == 0 && index_names_.count(column) == 0) {
    violations_.Add(path, absl::StrCat("no numeric column '", column, "' in the panel and no index of that name"));
  }
}

void SpecChecker::CheckLabel(const std::string& label, const std::string& path) {
  if (labels_.count(label) == 0) violations_.Add(path, absl::StrCat("no label column '", label, "' in the panel"));
}

void SpecChecker::CheckVariable(const rv1::Variable& variable, const std::string& role, const std::string& path) {
  if (variable.has_index()) {
    CheckIndex(variable.index(), VariableColumn(variable, role), path + ".index");
  } else if (!variable.column().empty()) {
    CheckNumeric(variable.column(), path + ".column");
  } else {
    violations_.Add(path, "give a column or an index definition");
  }
}

void SpecChecker::CheckIndex(const rv1::IndexDefinition& index, const std::string& name, const std::string& path) {
  if (columns_.count(name) > 0) {
    violations_.Add(path + ".name", absl::StrCat("'", name, "' is a column of the panel: the index would overwrite it"));
  }
  if (index.indicators().empty()) violations_.Add(path + ".indicators", "an index needs at least one indicator");
  for (int i = 0; i < index.indicators_size(); ++i) {
    const std::string& column = index.indicators(i).column();
    const std::string field = absl::StrCat(path, ".indicators[", i, "].column");
    if (columns_.count(column) > 0) continue;
    if (index_names_.count(column) > 0) {
      violations_.Add(field, absl::StrCat("index '", column, "' is used before it is defined: indicators are "
                                          "read from the panel, and an index is a column only once built"));
    } else {
      violations_.Add(field, absl::StrCat("no numeric column '", column, "' in the panel"));
    }
  }
}

// The spec's variables in definition order: an index name may be defined only once.
void SpecChecker::CheckVariables() {
  auto variable = [&](const rv1::Variable& v, const std::string& role, const std::string& path) {
    CheckVariable(v, role, path);
    if (v.has_index() && !defined_.insert(VariableColumn(v, role)).second) {
      violations_.Add(path + ".index.name", absl::StrCat("index '", VariableColumn(v, role), "' is defined twice"));
    }
  };
  if (spec_.has_explanatory()) variable(spec_.explanatory(), "explanatory", "spec.explanatory");
  if (spec_.has_outcome()) variable(spec_.outcome(), "outcome", "spec.outcome");
  for (int i = 0; i < spec_.mediators_size(); ++i) {
    variable(spec_.mediators(i), absl::StrCat("mediator_", i + 1), absl::StrCat("spec.mediators[", i, "]"));
  }
}

void SpecChecker::CheckRobustness(const rv1::RobustnessSpec& check, const std::string& path) {
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_LAGGED_REGRESSOR:
      if (check.lag() < 0 || check.lag() >= static_cast<int>(periods_.size())) {
        violations_.Add(path + ".lag", absl::StrCat("lag must be in [0, ", periods_.size(),
                                                    ") periods (0 means 1)"));
      }
      break;
    case rv1::ROBUSTNESS_CHECK_WINSORIZED:
    case rv1::ROBUSTNESS_CHECK_TRIMMED:
      CheckWinsorBounds(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING:
      if (spec_.has_explanatory() && !spec_.explanatory().has_index()) {
        violations_.Add(path + ".check", "ALTERNATIVE_WEIGHTING re-weights the explanatory index, but the "
                                         "explanatory variable is a column (use ALTERNATIVE_EXPLANATORY)");
      }
      break;
    case rv1::ROBUSTNESS_CHECK_DROP_SUBSET:
      CheckDropEntities(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY:
    case rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER:
    case rv1::ROBUSTNESS_CHECK_WILD_CLUSTER_BOOTSTRAP:
      break;
    default:
      CheckMenuEntry(check, path);
  }
}

// The checks added with the robustness menu.
void SpecChecker::CheckMenuEntry(const rv1::RobustnessSpec& check, const std::string& path) {
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY:
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME:
      CheckReplacement(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR:
      CheckEstimator(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM:
      CheckGmm(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_VARIANCE:
      CheckVarianceSpec(check.variance(), path + ".variance", true);
      break;
    case rv1::ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES:
      CheckLabelValues(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_EXCLUDE_PERIODS:
      CheckPeriods(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS:
      CheckFixedEffects(check, path);
      break;
    case rv1::ROBUSTNESS_CHECK_ENTITY_TRENDS:
      if (periods_.size() < 3) violations_.Add(path + ".check", "entity trends need at least 3 periods");
      break;
    case rv1::ROBUSTNESS_CHECK_PLACEBO:
      if (check.placebo_draws() < 0 || check.placebo_draws() > kMaxPlaceboDraws) {
        violations_.Add(path + ".placebo_draws",
                        absl::StrCat("placebo_draws must be in [0, ", kMaxPlaceboDraws, "] (0 means 200)"));
      }
      break;
    default:
      violations_.Add(path + ".check", "check is unspecified or unknown");
  }
}

// The variable used instead: a column of the panel, or a named index of panel columns.
void SpecChecker::CheckReplacement(const rv1::RobustnessSpec& check, const std::string& path) {
  if (!check.has_variable()) {
    violations_.Add(path + ".variable", "give the variable used instead (a column or an index definition)");
    return;
  }
  const rv1::Variable& variable = check.variable();
  if (variable.has_index() && variable.index().name().empty()) {
    violations_.Add(path + ".variable.index.name", "name the index: it becomes a column of the working panel");
    return;
  }
  CheckVariable(variable, "", path + ".variable");
  if (variable.has_index() && !defined_.insert(variable.index().name()).second) {
    violations_.Add(path + ".variable.index.name",
                    absl::StrCat("index '", variable.index().name(), "' is defined twice"));
  }
}

// Estimator / variance combinations, by the estimator registry's own rules.
void SpecChecker::CheckEstimator(const rv1::RobustnessSpec& check, const std::string& path) {
  const stats::EstimatorDefinition* estimator = stats::FindEstimatorByWireValue(check.estimator());
  if (estimator == nullptr || check.estimator() == mv1::ESTIMATOR_WITHIN) {
    violations_.Add(path + ".estimator", "name an estimator other than the baseline's within estimator "
                                         "(ESTIMATOR_RANDOM_EFFECTS, ESTIMATOR_FIRST_DIFFERENCE, "
                                         "ESTIMATOR_POOLED_OLS, ESTIMATOR_BETWEEN, ESTIMATOR_IV)");
    return;
  }
  if (estimator->uses_instruments && check.instruments().empty()) {
    violations_.Add(path + ".instruments", "ESTIMATOR_IV instruments the explanatory variable: name the instruments");
  }
  if (!estimator->uses_instruments && !check.instruments().empty()) {
    violations_.Add(path + ".instruments", absl::StrCat("estimator ", estimator->name, " takes no instruments"));
  }
  for (int i = 0; i < check.instruments_size(); ++i) {
    CheckNumeric(check.instruments(i), absl::StrCat(path, ".instruments[", i, "]"));
  }
  const bool own = check.variance().type() != mv1::VARIANCE_TYPE_UNSPECIFIED;
  if (own) CheckVarianceSpec(check.variance(), path + ".variance", true);
  // The study's convention when the check names none (unspecified: clustered).
  const stats::VarianceDefinition* defined =
      stats::FindVarianceByWireValue(own ? check.variance().type() : spec_.variance().type());
  const stats::VarianceType type = defined != nullptr ? defined->id : stats::VarianceType::kCluster;
  if (!estimator->Accepts(type)) {
    violations_.Add(path + (own ? ".variance.type" : ".estimator"),
                    absl::StrCat("estimator ", estimator->name, " supports ", stats::AcceptedVariances(*estimator),
                                 "; the column would use ", stats::ToString(type),
                                 own ? "" : " (the study's convention): set this check's variance"));
  }
}

// Dynamic-panel GMM: its options, enough periods for the lagged outcome and its
// instruments, and none of the other estimators' parameters (GMM ignores them).
void SpecChecker::CheckGmm(const rv1::RobustnessSpec& check, const std::string& path) {
  const auto& gmm = check.gmm();
  const int periods = static_cast<int>(periods_.size());
  const int min_lag = GmmMinLag(check);
  // The differenced equation's first row needs y(t - outcome_lags - 1) and y(t - min_lag).
  const int needed = std::max(GmmOutcomeLags(check) + 2, min_lag + 1);
  if (periods < needed) {
    violations_.Add(path + ".check", absl::StrCat("dynamic-panel GMM needs at least ", needed, " periods (the outcome's ",
                                                  GmmOutcomeLags(check), " lag(s) and its instruments from lag ",
                                                  min_lag, "); the panel has ", periods));
  }
  if (gmm.outcome_lags() < 0) {
    violations_.Add(path + ".gmm.outcome_lags", "outcome_lags must be 0 (meaning 1) or a positive number of lags");
  }
  if (gmm.min_lag() < 0 || gmm.min_lag() == 1) {
    violations_.Add(path + ".gmm.min_lag", "min_lag must be 0 (meaning 2) or at least 2: the outcome's first lag "
                                           "is correlated with the differenced error");
  }
  if (gmm.max_lag() < 0 || (gmm.max_lag() > 0 && gmm.max_lag() < min_lag)) {
    violations_.Add(path + ".gmm.max_lag", absl::StrCat("max_lag must be 0 (every available lag) or at least "
                                                        "min_lag (", min_lag, ")"));
  }
  if (!mv1::GmmTransformation_IsValid(gmm.transformation())) {
    violations_.Add(path + ".gmm.transformation", "unknown transformation");
  }
  if (!mv1::GmmSteps_IsValid(gmm.steps())) violations_.Add(path + ".gmm.steps", "unknown steps");
  if (check.has_variance()) {
    violations_.Add(path + ".variance", "GMM has its own standard errors (two-step: Windmeijer-corrected; "
                                        "one-step: robust); remove the variance of this check");
  }
  if (check.estimator() != mv1::ESTIMATOR_UNSPECIFIED) {
    violations_.Add(path + ".estimator", "the estimator of this check is GMM: set its options in gmm");
  }
  if (!check.instruments().empty()) {
    violations_.Add(path + ".instruments", "GMM's instruments are lags of the outcome (and of the explanatory "
                                           "variable with gmm.endogenous_explanatory); remove instruments");
  }
}

void SpecChecker::CheckVarianceSpec(const mv1::VarianceSpec& variance, const std::string& path, bool required) {
  if (required && variance.type() == mv1::VARIANCE_TYPE_UNSPECIFIED) {
    violations_.Add(path + ".type", "name the variance convention of this column");
  }
  if (variance.cluster_by_size() > 2) violations_.Add(path + ".cluster_by", "at most two cluster variables");
  for (int i = 0; i < variance.cluster_by_size(); ++i) {
    const std::string& by = variance.cluster_by(i);
    if (by != "entity" && by != "period") CheckLabel(by, absl::StrCat(path, ".cluster_by[", i, "]"));
  }
}

void SpecChecker::CheckLabelValues(const rv1::RobustnessSpec& check, const std::string& path) {
  CheckLabel(check.drop_label(), path + ".drop_label");
  if (check.drop_label_values().empty()) violations_.Add(path + ".drop_label_values", "name the values to drop");
  const auto label = labels_.find(check.drop_label());
  for (int i = 0; label != labels_.end() && i < check.drop_label_values_size(); ++i) {
    if (label->second.count(check.drop_label_values(i)) == 0) {
      violations_.Add(absl::StrCat(path, ".drop_label_values[", i, "]"),
                      absl::StrCat("label '", check.drop_label(), "' has no value '", check.drop_label_values(i), "'"));
    }
  }
}

void SpecChecker::CheckPeriods(const rv1::RobustnessSpec& check, const std::string& path) {
  if (check.drop_periods().empty()) violations_.Add(path + ".drop_periods", "name the periods to drop");
  std::set<int> dropped;
  for (int i = 0; i < check.drop_periods_size(); ++i) {
    if (periods_.count(check.drop_periods(i)) == 0) {
      violations_.Add(absl::StrCat(path, ".drop_periods[", i, "]"),
                      absl::StrCat("no period ", check.drop_periods(i), " in the panel"));
    }
    if (periods_.count(check.drop_periods(i)) > 0) dropped.insert(check.drop_periods(i));
  }
  if (!check.drop_periods().empty() && periods_.size() < dropped.size() + 2) {
    violations_.Add(path + ".drop_periods", "keep at least two periods");
  }
}

void SpecChecker::CheckFixedEffects(const rv1::RobustnessSpec& check, const std::string& path) {
  if (check.fixed_effects().empty()) violations_.Add(path + ".fixed_effects", "name the effects to add");
  for (int t = 0; t < check.fixed_effects_size(); ++t) {
    const auto& term = check.fixed_effects(t);
    const std::string field = absl::StrCat(path, ".fixed_effects[", t, "].labels");
    if (term.labels_size() == 0 || (term.labels_size() == 1 && term.labels(0) == "period")) {
      violations_.Add(field, "name label columns (and optionally \"period\"): period effects are in the baseline");
      continue;
    }
    for (int l = 0; l < term.labels_size(); ++l) {
      if (term.labels(l) != "period") CheckLabel(term.labels(l), absl::StrCat(field, "[", l, "]"));
    }
  }
}

void SpecChecker::CheckDropEntities(const rv1::RobustnessSpec& check, const std::string& path) {
  if (check.drop_entities().empty()) violations_.Add(path + ".drop_entities", "name the entities to drop");
  for (int i = 0; i < check.drop_entities_size(); ++i) {
    if (entities_.count(check.drop_entities(i)) == 0) {
      violations_.Add(absl::StrCat(path, ".drop_entities[", i, "]"),
                      absl::StrCat("no entity '", check.drop_entities(i), "' in the panel"));
    }
  }
}

void SpecChecker::CheckWinsorBounds(const rv1::RobustnessSpec& check, const std::string& path) {
  const double lo = WinsorLower(check), hi = WinsorUpper(check);
  if (!(lo >= 0 && lo < hi && hi <= 1)) {
    violations_.Add(path + ".winsor_lower", "need 0 <= winsor_lower < winsor_upper <= 1 (quantiles)");
  }
}

absl::Status SpecChecker::Check() {
  CheckBasics();
  CheckVariables();
  for (int i = 0; i < spec_.robustness_size(); ++i) {
    CheckRobustness(spec_.robustness(i), absl::StrCat("spec.robustness[", i, "]"));
  }
  CheckSections({panel_, spec_, columns_, index_names_, labels_, periods_,
                 [this](const rv1::Variable& v, const std::string& role, const std::string& path) {
                   CheckVariable(v, role, path);
                 }},
                violations_);
  return violations_.ToStatus();
}

}  // namespace

std::string VariableColumn(const rv1::Variable& variable, const std::string& role) {
  if (variable.has_index()) return variable.index().name().empty() ? role : variable.index().name();
  return variable.column();
}

absl::Status ValidateStudySpec(const common::v1::Panel& panel, const rv1::StudySpec& spec) {
  return SpecChecker(panel, spec).Check();
}

}  // namespace govmetrics::reporting

#ifndef GOVMETRICS_SERVICES_REPORTING_STUDY_DESIGN_H_
#define GOVMETRICS_SERVICES_REPORTING_STUDY_DESIGN_H_

// A study resolved from its spec before anything is computed: the variables' column
// names, labels, defaults, the index columns to build, and (once they are built) the
// working panel. Steps read it and never change it: plan functions turn it into requests
// and build functions turn it plus the responses into report fragments.

#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"
#include "govmetrics/reporting/v1/reporting_service.pb.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

// A column the study computes with IndexService before the models run.
struct IndexColumn {
  std::string key;   // request name in the plan: "index/<name>"
  std::string name;  // column of the working panel
  rv1::IndexDefinition definition;
};

// A moderator of the explanatory variable (spec.moderation.moderators[spec_index]).
struct ModeratorColumn {
  std::string name;       // numeric column, index column or label of the working panel
  bool is_label = false;  // a label column: one simple slope per level
  int spec_index = 0;
};

struct StudyDesign {
  const rv1::StudySpec* spec = nullptr;
  rv1::Language language = rv1::LANGUAGE_EN;
  common::v1::Panel panel;  // the request's panel, then plus every IndexColumn

  // Resolved variable names (columns of `panel` once the indices are built).
  std::string x, y;
  std::vector<std::string> mediators, controls;
  std::map<std::string, std::string> labels;  // column -> display label
  // The explanatory, outcome and mediator indices, in that order (each gets a weights
  // table), then the indices robustness checks define (alternative variables) or
  // rebuild with other weights.
  std::vector<IndexColumn> indices;
  std::vector<ModeratorColumn> moderators;  // spec.moderation, in order
  // spec.endogeneity: the excluded instruments (named, or the lagged-regressor recipe's
  // copy of x, which the modeling service lags `instrument_lag` periods).
  std::vector<std::string> instruments;
  std::string lagged_instrument;  // the recipe's column, empty with named instruments
  int instrument_lag = 0;

  uint64_t seed = 20240901;
  int bootstrap_replications = 1000;
  int permutations = 1000;
  int wild_replications = 999;

  // The catalog's text for `key` in the report's language, {0}, {1}... replaced by `args`.
  std::string Text(const char* key, const std::vector<std::string>& args = {}) const;
  // The display label of a column; an interaction term "x:z" or "x:z=level" (as the
  // modeling service names them) reads "X × Z" / "X × Z = level".
  std::string Label(const std::string& column) const;
  const IndexColumn* FindIndex(const std::string& name) const;

  // The baseline model options: two-way FE, the study's variance convention.
  modeling::v1::ModelSpec BaseModel() const;
  // y ~ regressors with `model` on the working panel.
  modeling::v1::FitPanelModelRequest FitRequest(const std::string& dependent,
                                                const std::vector<std::string>& regressors,
                                                const modeling::v1::ModelSpec& model) const;
  // {x} followed by the controls.
  std::vector<std::string> Regressors(const std::string& explanatory) const;
  // Adds the columns derived from others once the indices are built (the copy of x the
  // lagged-regressor recipe instruments with).
  void AddDerivedColumns();
  // Adds (or replaces) a numeric column of the working panel.
  void SetColumn(const std::string& name, const google::protobuf::RepeatedField<double>& values);

  // Whether `name` is the explanatory, outcome or a mediator variable (indices rebuilt
  // only for robustness checks are not).
  bool IsStudyVariable(const std::string& name) const;
  // Display name of the entity of panel row `row`: the spec's entity_label column when it
  // names a label of the panel, else the entity code.
  std::string EntityName(int row) const;
};

// Validates the spec against the panel (spec_validation.h: every problem at once, as
// INVALID_ARGUMENT with BadRequest field paths), then resolves names, labels and defaults.
absl::StatusOr<StudyDesign> DesignStudy(const common::v1::Panel& panel, const rv1::StudySpec& spec);

// A variance convention with the study's defaults filled in: clustered (by entity when
// no cluster variable is named), Stata's small-sample factor.
modeling::v1::VarianceSpec ResolvedVariance(modeling::v1::VarianceSpec variance);

// Column name of the explanatory index rebuilt with `method`.
std::string AlternativeIndexName(const std::string& x, index::v1::WeightingMethod method);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_STUDY_DESIGN_H_

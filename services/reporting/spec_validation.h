#ifndef GOVMETRICS_SERVICES_REPORTING_SPEC_VALIDATION_H_
#define GOVMETRICS_SERVICES_REPORTING_SPEC_VALIDATION_H_

// The one place a study spec is checked against the panel it would run on, before
// anything is computed. Every problem is reported at once as INVALID_ARGUMENT with
// google.rpc.BadRequest field paths into the spec ("spec.robustness[2].drop_entities[0]"):
// - required parts and ranges (explanatory, outcome, replications, formats);
// - columns the spec names that the panel lacks (variables, indicators, controls),
//   label columns (group_by, entity_label, exclusions), entities that do not occur;
// - an index used before it is defined (indicators are read from the panel; an index is
//   only a column once built), an index name that would overwrite a panel column or
//   another index;
// - a robustness check whose parameters are missing or out of range, or that cannot
//   apply to this spec (re-weighting an explanatory variable that is not an index).
// - the analysis sections (moderation, endogeneity, coupling, spatio_temporal, spatial,
//   threshold): section_validation.h.
// ValidateStudy answers with this status; RunStudy and StreamStudy refuse with it
// (DesignStudy calls it first), so each rule is written once, here.

#include <string>

#include "absl/status/status.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

// The column a spec variable becomes: an index's name (the role, e.g. "explanatory",
// when unnamed), else the column it names.
std::string VariableColumn(const reporting::v1::Variable& variable, const std::string& role);

absl::Status ValidateStudySpec(const common::v1::Panel& panel, const reporting::v1::StudySpec& spec);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SPEC_VALIDATION_H_

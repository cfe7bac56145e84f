#ifndef GOVMETRICS_SERVICES_REPORTING_SECTION_VALIDATION_H_
#define GOVMETRICS_SERVICES_REPORTING_SECTION_VALIDATION_H_

// The checks of the study spec's analysis sections (moderation, endogeneity, coupling,
// spatio_temporal, spatial, threshold), run by the spec checker (spec_validation.h) with
// the rest of the spec so that every problem is listed in one status before anything is
// computed. The steps trust what passes: each rule is written here, once.

#include <functional>
#include <map>
#include <set>
#include <string>

#include "common/contracts/field_violations.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

// What the spec checker knows of the panel and the spec.
struct SectionScope {
  const common::v1::Panel& panel;
  const reporting::v1::StudySpec& spec;
  const std::set<std::string>& columns;  // numeric columns of the panel
  const std::set<std::string>& indices;  // the explanatory, outcome and mediator indices
  const std::map<std::string, std::set<std::string>>& labels;  // label column -> values
  const std::set<int>& periods;
  // The checker's check of an index definition (indicators, name) at `path`.
  std::function<void(const reporting::v1::Variable&, const std::string& role, const std::string& path)> check_index;
};

void CheckSections(const SectionScope& scope, contracts::FieldViolations& violations);

// Whether a moderator is a label column of the panel (one slope per level) rather than a
// numeric column or an index.
bool IsLabelModerator(const common::v1::Panel& panel, const reporting::v1::Variable& variable);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SECTION_VALIDATION_H_

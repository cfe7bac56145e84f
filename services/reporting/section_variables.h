#ifndef GOVMETRICS_SERVICES_REPORTING_SECTION_VARIABLES_H_
#define GOVMETRICS_SERVICES_REPORTING_SECTION_VARIABLES_H_

// The variables a section of issue 16 analyses (spatio-temporal, spatial): the spec's
// list, or the explanatory and outcome variables when it is empty.

#include <string>
#include <vector>

#include "common/contracts/field_violations.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// Whether `name` is a numeric column of `panel`.
bool PanelHasColumn(const common::v1::Panel& panel, const std::string& name);

// Columns of the working panel (index names are columns once the indices are built).
// A name that is no numeric column is added to `violations` as "<field>[i]".
std::vector<std::string> SectionVariables(const StudyDesign& design,
                                          const google::protobuf::RepeatedPtrField<std::string>& variables,
                                          const std::string& field, contracts::FieldViolations& violations);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SECTION_VARIABLES_H_

#ifndef GOVMETRICS_SERVICES_REPORTING_SECTION_VARIABLES_H_
#define GOVMETRICS_SERVICES_REPORTING_SECTION_VARIABLES_H_

// The variables a section of issue 16 analyses (spatio-temporal, spatial): the spec's
// list, or the explanatory and outcome variables when it is empty; and the spatial
// section's weights. The spec checker (section_validation.h) has checked the names.

#include <string>
#include <vector>

#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// Whether `name` is a numeric column of `panel`.
bool PanelHasColumn(const common::v1::Panel& panel, const std::string& name);

// Columns of the working panel (index names are columns once the indices are built).
std::vector<std::string> SectionVariables(const StudyDesign& design,
                                          const google::protobuf::RepeatedPtrField<std::string>& variables);

// The spatial section's weights: the spec's, or the shipped contiguity of China's provinces.
common::v1::SpatialWeightsSpec SpatialSectionWeights(const rv1::SpatialSpec& spec);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SECTION_VARIABLES_H_

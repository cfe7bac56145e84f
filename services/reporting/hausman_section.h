#ifndef GOVMETRICS_SERVICES_REPORTING_HAUSMAN_SECTION_H_
#define GOVMETRICS_SERVICES_REPORTING_HAUSMAN_SECTION_H_

// The Hausman test of the baseline section: fixed vs random entity effects on the
// baseline regression with controls (ModelingService.HausmanTest). When the baseline has
// period effects (the two-way default) the classic test gets period dummies in both
// models, so it is about the model the report estimates: plm::phtest(y ~ x + controls +
// factor(period)); the regression-based test cannot take them (collinear) and says so.
// StudySpec.hausman picks the classic test (default, phtest's) or the regression-based
// one with the study's variance convention.

#include "absl/status/status.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/request_plan.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

inline constexpr char kHausmanKey[] = "hausman/baseline";

// The HausmanTest request of the study's baseline.
modeling::v1::HausmanTestRequest HausmanRequest(const StudyDesign& design);

// Adds the `hausman` table and the sentence saying which model the test favours.
absl::Status AddHausmanTable(const StudyDesign& design, const ResponseSet& responses, rv1::Section* section,
                             ReportFragment& fragment);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_HAUSMAN_SECTION_H_

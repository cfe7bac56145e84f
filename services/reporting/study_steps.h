#ifndef GOVMETRICS_SERVICES_REPORTING_STUDY_STEPS_H_
#define GOVMETRICS_SERVICES_REPORTING_STUDY_STEPS_H_

// The steps of a study, in order. Each adds its tables, charts, section and summary
// sentences to the report; each gets its numbers from IndexService / ModelingService.

#include "absl/status/status.h"
#include "services/reporting/study_context.h"

namespace govmetrics::reporting {

// 1. Builds every index of the spec (weights tables, weight charts) and resolves names.
absl::Status RunIndexStep(StudyContext& study);
// 1b. Descriptive statistics, correlations, index trend by group.
absl::Status RunDescriptiveStep(StudyContext& study);
// 2. Baseline two-way FE: without and with controls.
absl::Status RunBaselineStep(StudyContext& study);
// 3. Robustness checks.
absl::Status RunRobustnessStep(StudyContext& study);
// 4. Mechanism: mediation per mediator.
absl::Status RunMechanismStep(StudyContext& study);
// 5. Heterogeneity: model per group and coefficient-difference tests.
absl::Status RunHeterogeneityStep(StudyContext& study);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_STUDY_STEPS_H_

#ifndef GOVMETRICS_SERVICES_REPORTING_STUDY_STEPS_H_
#define GOVMETRICS_SERVICES_REPORTING_STUDY_STEPS_H_

// The steps of a study. Each step is
//   (a) plan functions: the requests it needs, added by name to a RequestPlan, and
//   (b) a build function: a pure function from those responses to its report fragment
//       (tables, charts, section, summary sentences, headlines; prose from the catalog).
// Requests are planned in two rounds: `plan_columns` on the request's panel (indices the
// models use as variables), then `plan` on the working panel (those columns added). The
// runner answers each round concurrently (request_runner.h); builds run in step order.
//
// A new section is one more StudyStep in kStudySteps (study_pipeline.cc) with its own
// *_step.cc, keys "<step>/..." for its requests and "<step>.*" for its catalog texts,
// and build tests on recorded responses (tests/reporting/).

#include "absl/status/status.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/request_plan.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

using PlanFunction = absl::Status (*)(const StudyDesign& design, RequestPlan& plan);
using BuildFunction = absl::Status (*)(const StudyDesign& design, const ResponseSet& responses,
                                       ReportFragment& fragment);

struct StudyStep {
  const char* id;
  const char* description;     // progress message: "finished <description>"
  PlanFunction plan_columns;   // may be null
  PlanFunction plan;           // may be null
  BuildFunction build;
};

// 1. Indices of the spec (weights tables, weight charts).
absl::Status PlanIndexColumns(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildIndexStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 1b. Descriptive statistics, correlations, index trend by group.
absl::Status PlanDescriptiveStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildDescriptiveStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 2. Baseline two-way FE: without and with controls.
absl::Status PlanBaselineStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildBaselineStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 3. Robustness checks (reuse the baseline fit with controls).
absl::Status PlanRobustnessStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildRobustnessStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 4. Mechanism: mediation per mediator.
absl::Status PlanMechanismStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildMechanismStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 5. Heterogeneity: model per group and coefficient-difference tests.
absl::Status PlanHeterogeneityStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildHeterogeneityStep(const StudyDesign& design, const ResponseSet& responses,
                                    ReportFragment& fragment);
// 6. Moderation: interaction model, simple slopes, Johnson-Neyman per moderator.
absl::Status PlanModerationStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildModerationStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 7. Endogeneity: FE-IV with named instruments or x's own lag, first stage, diagnostics.
absl::Status PlanEndogeneityStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildEndogeneityStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 8. Spatio-temporal evolution per variable (spec.spatio_temporal): disparity,
//    convergence, Markov chains, kernel densities.
absl::Status PlanSpatioTemporalStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildSpatioTemporalStep(const StudyDesign& design, const ResponseSet& responses,
                                     ReportFragment& fragment);

// 1c. What agencies publish: score tables and ranking charts of the study's indices
//     (the index step's responses), and the coupling coordination degree when asked.
absl::Status PlanScoresStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildScoresStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 9. Spatial spillover (spec.spatial): Moran's I / Geary's C, LISA, the spatial panel
//    model chosen by the LM and Wald tests, its effects.
absl::Status PlanSpatialStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildSpatialStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);
// 10. Threshold effects (spec.threshold): bootstrap F tests, thresholds, regime slopes,
//    LR plots.
absl::Status PlanThresholdStep(const StudyDesign& design, RequestPlan& plan);
absl::Status BuildThresholdStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment);

// Request names shared between steps.
inline constexpr char kBaselineFullKey[] = "fit/baseline/full";  // y ~ x + controls

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_STUDY_STEPS_H_

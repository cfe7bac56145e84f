#ifndef GOVMETRICS_SERVICES_REPORTING_THRESHOLD_TABLES_H_
#define GOVMETRICS_SERVICES_REPORTING_THRESHOLD_TABLES_H_

// The tables, LR charts and sentences of the threshold section, each a pure function of
// FitThresholdModel responses (threshold_step.cc).

#include <string>

#include "govmetrics/modeling/v1/modeling_service.pb.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// Level of the sequential F tests that select the number of thresholds.
inline constexpr double kThresholdTestLevel = 0.05;

// k such that F_1 .. F_k all reject at kThresholdTestLevel (0: no threshold effect).
int SelectedThresholds(const modeling::v1::FitThresholdModelResponse& tests);

// "threshold_tests": F, bootstrap p, 10/5/1% critical values, replications per F_k.
rv1::Table* ThresholdTestsTable(const StudyDesign& design, const modeling::v1::FitThresholdModelResponse& tests,
                                ReportFragment& fragment);
// "threshold_estimates": each search of the reported model with its LR interval.
rv1::Table* ThresholdEstimatesTable(const StudyDesign& design, const modeling::v1::FitThresholdModelResponse& model,
                                    ReportFragment& fragment);
// "threshold_slopes": the explanatory variable's slope in each regime, then the controls.
rv1::Table* RegimeSlopesTable(const StudyDesign& design, const modeling::v1::FitThresholdModelResponse& model,
                              ReportFragment& fragment);
// "threshold_lr_<e+1>": LR(candidate) of search `e` with the critical value (XY chart).
rv1::Chart* LrChart(const StudyDesign& design, const modeling::v1::FitThresholdModelResponse& model, int e,
                    const std::string& threshold_variable, ReportFragment& fragment);
void AddThresholdSummaries(const StudyDesign& design, const modeling::v1::FitThresholdModelResponse& tests,
                           const modeling::v1::FitThresholdModelResponse& model, int selected,
                           const rv1::Table& test_table, const rv1::Table& slopes, rv1::Section* section);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_THRESHOLD_TABLES_H_

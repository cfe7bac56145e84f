#ifndef GOVMETRICS_SERVICES_REPORTING_PLACEBO_CHECK_H_
#define GOVMETRICS_SERVICES_REPORTING_PLACEBO_CHECK_H_

// The placebo robustness check: the explanatory variable's series is permuted across
// entities (entity e gets the whole series of entity pi(e)), the baseline model with
// controls is fitted on each of N seeded draws, and the distribution of the placebo
// coefficients is set against the baseline coefficient. Its requests are
// "fit/robustness/<i>/placebo/<draw>"; the column shows the placebo coefficients' mean
// (no stars: it is not a test of its own) and standard deviation; the chart is a
// histogram (bars of counts per bin) naming the baseline coefficient and the share of
// draws at least as large in absolute value (the permutation p-value).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "govmetrics/reporting/v1/report.pb.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/request_plan.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// Adds the draws of the placebo check at spec.robustness[index].
void PlanPlacebo(const StudyDesign& design, const rv1::RobustnessSpec& check, int index, RequestPlan& plan);

struct PlaceboSummary {
  std::vector<double> estimates;  // the explanatory variable's coefficient per draw
  double baseline = 0;            // its baseline coefficient
  double p_value = 0;             // share of draws with |estimate| >= |baseline|
};

absl::StatusOr<PlaceboSummary> SummarizePlacebo(const StudyDesign& design, const rv1::RobustnessSpec& check,
                                                int index, const ResponseSet& responses, double baseline);

// The column's stand-in fit: the mean estimate, the SD as its "standard error", the 2.5%
// and 97.5% quantiles as its interval, no p-value; N from the baseline fit.
modeling::v1::FitPanelModelResponse PlaceboColumnFit(const PlaceboSummary& summary,
                                                     const modeling::v1::FitPanelModelResponse& baseline,
                                                     const std::string& x);

// The histogram of the placebo coefficients; returns its id.
std::string AddPlaceboChart(const StudyDesign& design, const PlaceboSummary& summary, int index,
                            ReportFragment& fragment);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_PLACEBO_CHECK_H_

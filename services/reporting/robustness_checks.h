#ifndef GOVMETRICS_SERVICES_REPORTING_ROBUSTNESS_CHECKS_H_
#define GOVMETRICS_SERVICES_REPORTING_ROBUSTNESS_CHECKS_H_

// The robustness menu: what one RobustnessSpec changes in the baseline model (with
// controls), as a FitPanelModel request, and its column header. A check's parameters
// were validated before (spec_validation.cc), so nothing here fails.

#include <string>
#include <vector>

#include "govmetrics/modeling/v1/panel_model.pb.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// One check as a model: the baseline's options changed by the check, and the columns
// playing the explanatory and outcome roles in it.
struct CheckModel {
  modeling::v1::ModelSpec model;
  std::string x_in_model, y_in_model;
  std::vector<std::string> extra_regressors;  // ENTITY_TRENDS: one trend column per entity but the first
  std::vector<std::string> instruments;       // ESTIMATOR_IV: x_in_model is the endogenous regressor
  bool entity_fe = true, period_fe = true;    // for the table's FE rows
};

CheckModel ModelOfCheck(const StudyDesign& design, const rv1::RobustnessSpec& check);

// The check's request: its model on the working panel, edited where the ModelSpec cannot
// express the check (periods excluded, values trimmed, winsorised by period, labels
// interacted, entity trends added).
modeling::v1::FitPanelModelRequest CheckRequest(const StudyDesign& design, const rv1::RobustnessSpec& check,
                                                const CheckModel& model);

// The column header: the analyst's label, else a description from the catalog.
std::string CheckHeader(const StudyDesign& design, const rv1::RobustnessSpec& check);

// Defaults of the check parameters (one definition each: validation reads them too).
double WinsorLower(const rv1::RobustnessSpec& check);
double WinsorUpper(const rv1::RobustnessSpec& check);
int Lag(const rv1::RobustnessSpec& check);
int PlaceboDraws(const rv1::RobustnessSpec& check);
// Name of the label column absorbing a fixed-effect term: the label itself, or
// "a#b" for an interaction (e.g. "region3#period").
std::string FixedEffectLabel(const rv1::FixedEffectTerm& term);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_ROBUSTNESS_CHECKS_H_

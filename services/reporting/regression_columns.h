#ifndef GOVMETRICS_SERVICES_REPORTING_REGRESSION_COLUMNS_H_
#define GOVMETRICS_SERVICES_REPORTING_REGRESSION_COLUMNS_H_

// A paper-style regression table: one column per model; a coefficient row (stars) and a
// standard-error row (parentheses) per variable; info rows (controls, FE, N, R2).

#include <string>
#include <vector>

#include "govmetrics/modeling/v1/panel_model.pb.h"
#include "services/reporting/report_fragment.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// A row below the standard ones that only some columns fill (a GMM column's AR tests, an
// IV column's first-stage diagnostics): rows are matched by label, blank elsewhere.
struct DiagnosticCell {
  std::string label;
  rv1::Cell cell;
};

struct RegressionColumn {
  std::string header;
  const modeling::v1::FitPanelModelResponse* fit = nullptr;
  bool controls = false;
  // Coefficient name in this model that plays the row variable's role (e.g. the
  // explanatory index rebuilt under another name): row variable -> model name.
  std::vector<std::pair<std::string, std::string>> renames;
  std::string extra_note;  // e.g. wild bootstrap p
  // The FE rows of this column (an alternative estimator may have neither).
  bool entity_fe = true;
  bool period_fe = true;
  std::vector<DiagnosticCell> diagnostics = {};
};

// Adds the table; returns it. `variables` are the rows, in order; the columns'
// diagnostics follow N and R², one row per distinct label in first-seen order.
rv1::Table* AddRegressionTable(const StudyDesign& design, ReportFragment& fragment, const std::string& id,
                               const std::string& title,
                               const std::vector<std::string>& variables,
                               const std::vector<RegressionColumn>& columns, bool show_controls_row);

// Finds a coefficient by name (nullptr if absent).
const modeling::v1::Coefficient* FindCoefficient(const modeling::v1::FitPanelModelResponse& fit,
                                                 const std::string& name);

// Conventions of a fit for table notes (estimator, FE, variance, small sample).
std::string ConventionNote(const StudyDesign& design, const modeling::v1::FitPanelModelResponse& fit);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_REGRESSION_COLUMNS_H_

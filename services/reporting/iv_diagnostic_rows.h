#ifndef GOVMETRICS_SERVICES_REPORTING_IV_DIAGNOSTIC_ROWS_H_
#define GOVMETRICS_SERVICES_REPORTING_IV_DIAGNOSTIC_ROWS_H_

// The instrument diagnostics of a FitPanelModel IV response as the report names them:
// shared by the endogeneity section (its full diagnostics table) and the robustness
// table's IV columns (the key diagnostics as rows under the column).

#include <string>
#include <vector>

#include "govmetrics/modeling/v1/panel_model.pb.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// A test's name in the report's language ("kleibergen_paap_lm" -> "Kleibergen-Paap rk LM").
std::string IvTestName(const StudyDesign& design, const std::string& name);

// The weak-identification F a report leads with: the Kleibergen-Paap rk Wald F where the
// convention has one (robust, cluster), else the Cragg-Donald Wald F; with the catalog
// key of its label.
struct WeakIdentificationF {
  double value;
  const char* label_key;
};
WeakIdentificationF WeakIdentification(const modeling::v1::IvDiagnostics& diagnostics);

// The rows of an IV column in the robustness table: the under-identification test's
// p-value, the weak-identification F with the Stock-Yogo 10% maximal 2SLS size critical
// value, and the over-identification test's p-value (when over-identified).
std::vector<DiagnosticCell> IvColumnDiagnostics(const StudyDesign& design,
                                                const modeling::v1::IvDiagnostics& diagnostics);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_IV_DIAGNOSTIC_ROWS_H_

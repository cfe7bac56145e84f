#include "services/reporting/iv_diagnostic_rows.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

// The Stock-Yogo criterion a robustness table quotes: 10% maximal 2SLS size (tabulated
// for any number of excluded instruments, unlike the relative-bias table).
constexpr char kStockYogoCriterion[] = "2sls_size";
constexpr double kStockYogoThreshold = 0.10;

void AddTestPValue(const StudyDesign& design, const mv1::IvTest& test, std::vector<DiagnosticCell>& rows) {
  if (test.name().empty()) return;
  rows.push_back({design.Text("robustness.test_p", {IvTestName(design, test.name())}), NumberCell(test.p_value())});
}

}  // namespace

std::string IvTestName(const StudyDesign& design, const std::string& name) {
  const std::string key = absl::StrCat("endogeneity.test_", name);
  return design.Text(key.c_str());
}

WeakIdentificationF WeakIdentification(const mv1::IvDiagnostics& d) {
  if (std::isfinite(d.kleibergen_paap_f())) return {d.kleibergen_paap_f(), "endogeneity.kleibergen_paap_f"};
  return {d.cragg_donald_f(), "endogeneity.cragg_donald"};
}

std::vector<DiagnosticCell> IvColumnDiagnostics(const StudyDesign& design, const mv1::IvDiagnostics& d) {
  std::vector<DiagnosticCell> rows;
  AddTestPValue(design, d.underidentification(), rows);
  const WeakIdentificationF weak = WeakIdentification(d);
  rows.push_back({design.Text(weak.label_key), NumberCell(weak.value, 2)});
  for (const auto& cv : d.stock_yogo()) {
    if (cv.criterion() != kStockYogoCriterion || std::abs(cv.threshold() - kStockYogoThreshold) > 1e-9) continue;
    rows.push_back({design.Text("endogeneity.stock_yogo_2sls_size", {Fixed(100 * cv.threshold(), 0)}),
                    NumberCell(cv.critical_value(), 2)});
  }
  AddTestPValue(design, d.overidentification(), rows);
  return rows;
}

}  // namespace govmetrics::reporting

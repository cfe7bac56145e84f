#include "common/contracts/balanced_panel.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"

namespace govmetrics::contracts {

Eigen::MatrixXd BalancedPanel::Matrix(const PanelView& panel, int column) const {
  const int n = panel.n_entities();
  const auto values = panel.ColumnValues(column);
  Eigen::MatrixXd m(n, static_cast<Eigen::Index>(periods.size()));
  for (size_t t = 0; t < periods.size(); ++t) {
    for (int e = 0; e < n; ++e) m(e, static_cast<Eigen::Index>(t)) = values[rows[t * n + e]];
  }
  return m;
}

absl::StatusOr<BalancedPanel> Balance(const PanelView& panel, absl::string_view need) {
  BalancedPanel out;
  out.periods.assign(panel.periods().begin(), panel.periods().end());
  std::sort(out.periods.begin(), out.periods.end());
  out.periods.erase(std::unique(out.periods.begin(), out.periods.end()), out.periods.end());
  const int n = panel.n_entities();
  out.rows.assign(out.periods.size() * static_cast<size_t>(n), -1);
  for (int r = 0; r < panel.rows(); ++r) {
    const size_t t = static_cast<size_t>(
        std::lower_bound(out.periods.begin(), out.periods.end(), panel.periods()[r]) - out.periods.begin());
    out.rows[t * n + static_cast<size_t>(panel.entity_codes()[r])] = r;
  }
  for (size_t t = 0; t < out.periods.size(); ++t) {
    for (int e = 0; e < n; ++e) {
      if (out.rows[t * n + e] < 0) {
        return FailedPreconditionOn(panel.path(), absl::StrCat("unbalanced panel: entity '", panel.entity_names()[e],
                                                               "' has no row in period ", out.periods[t], " ", need));
      }
    }
  }
  return out;
}

}  // namespace govmetrics::contracts

#ifndef GOVMETRICS_COMMON_CONTRACTS_BALANCED_PANEL_H_
#define GOVMETRICS_COMMON_CONTRACTS_BALANCED_PANEL_H_

// The row of every (period, entity) cell of a panel that must be balanced (the spatial
// statistics and spatial panel models): one definition of "balanced" and of its error,
// FAILED_PRECONDITION naming the first entity without a row in a period.

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/contracts/panel_view.h"

namespace govmetrics::contracts {

// Rows by (period, entity): rows[t * n_entities + e], periods sorted.
struct BalancedPanel {
  std::vector<int32_t> periods;
  std::vector<int> rows;

  // The N x T matrix (entities in the PanelView's order) of a column.
  Eigen::MatrixXd Matrix(const PanelView& panel, int column) const;
};

// `need` completes the error message: "(spatial statistics need every entity in every period)".
absl::StatusOr<BalancedPanel> Balance(const PanelView& panel, absl::string_view need);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_BALANCED_PANEL_H_

#ifndef GOVMETRICS_COMMON_CONTRACTS_PANEL_VIEW_H_
#define GOVMETRICS_COMMON_CONTRACTS_PANEL_VIEW_H_

// A validated, read-only view of a govmetrics.common.v1.Panel or of the same panel in
// columnar form (ColumnarPanel). Validation checks the structure every RPC relies on
// (row alignment, unique names, unique (entity, period)); each request then checks the
// columns it uses. The view never copies column data: callers Map the panel's own
// arrays directly.

#include <optional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/contracts/columnar_panel.h"
#include "common/contracts/field_violations.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::contracts {

class PanelView {
 public:
  // Validates `panel` (reached at request path `path`, e.g. "panel"). Returns
  // INVALID_ARGUMENT with every structural violation named by field and row.
  static absl::StatusOr<PanelView> Create(const common::v1::Panel& panel,
                                          std::string path = "panel");
  // The same checks and view over a panel in columnar form (columnar_panel.h); the view
  // reads the same values, codes and names as over the Panel those columns came from.
  static absl::StatusOr<PanelView> Create(const ColumnarPanel& panel, std::string path = "panel");

  int rows() const { return rows_; }
  const std::string& path() const { return path_; }

  // Dense entity codes 0..n_entities-1 in order of first appearance.
  absl::Span<const int> entity_codes() const {
    return columnar_ != nullptr ? absl::MakeConstSpan(columnar_->entity)
                                : absl::MakeConstSpan(entity_codes_);
  }
  // By code (a columnar panel's own dictionary: not copied).
  const std::vector<std::string>& entity_names() const {
    return columnar_ != nullptr ? columnar_->entity_names : entity_names_;
  }
  int n_entities() const { return static_cast<int>(entity_names().size()); }
  const std::string& EntityName(int row) const { return entity_names()[entity_codes()[row]]; }
  absl::Span<const int32_t> periods() const { return periods_; }

  int column_count() const { return static_cast<int>(column_values_.size()); }
  int label_count() const { return static_cast<int>(label_names_.size()); }
  // Index of a numeric column / label by name, or nullopt.
  std::optional<int> FindColumn(const std::string& name) const;
  std::optional<int> FindLabel(const std::string& name) const;

  // Zero-copy view of a column's values (NaN = missing).
  Eigen::Map<const Eigen::VectorXd> ColumnValues(int column) const {
    return Eigen::Map<const Eigen::VectorXd>(column_values_[column], rows_);
  }
  const std::string& ColumnName(int column) const { return *column_names_[column]; }
  const std::string& LabelName(int label) const { return *label_names_[label]; }
  // A label's value in row `row`.
  const std::string& LabelValue(int label, int row) const;
  // Request path of a column cell, e.g. "panel.columns[2].values[17]".
  std::string CellPath(int column, int row) const;
  std::string ColumnPath(int column) const;

  // Resolves `name` as a column for request field `field`; records a violation naming
  // the field if absent and returns nullopt.
  std::optional<int> RequireColumn(const std::string& name, const std::string& field,
                                   FieldViolations* violations) const;
  std::optional<int> RequireLabel(const std::string& name, const std::string& field,
                                  FieldViolations* violations) const;

  // Records a violation for every infinite value, and for NaN unless `allow_missing`.
  void CheckFinite(int column, bool allow_missing, FieldViolations* violations) const;
  // Whether a column is known to hold no NaN and no infinite value without looking: a
  // columnar panel's builder checked it as the rows came (ColumnarPanel::checks).
  // False means unknown (CheckFinite finds out).
  bool KnownFinite(int column) const;

  // Dense codes of a label's values ("" keeps its own code; callers decide if allowed).
  std::vector<int> LabelCodes(int label, std::vector<std::string>* levels) const;

 private:
  PanelView() = default;
  // Names (checked non-empty and unique) and row counts of the columns and labels.
  void IndexNames(const std::vector<std::pair<const std::string*, int>>& columns,
                  const std::vector<std::pair<const std::string*, int>>& labels,
                  FieldViolations* violations);
  // Violations for rows that repeat an (entity, period) pair, naming both rows.
  void CheckUniqueRows(FieldViolations* violations) const;

  const common::v1::Panel* panel_ = nullptr;  // exactly one of panel_ and columnar_
  const ColumnarPanel* columnar_ = nullptr;
  std::string path_;
  int rows_ = 0;
  // Computed here for a Panel (a ColumnarPanel has its own).
  std::vector<int> entity_codes_;
  std::vector<std::string> entity_names_;
  absl::Span<const int32_t> periods_;
  // Names and values point into the viewed panel (the view never outlives it).
  std::vector<const std::string*> column_names_;
  std::vector<const double*> column_values_;
  std::vector<const std::string*> label_names_;
  absl::flat_hash_map<absl::string_view, int> column_index_;
  absl::flat_hash_map<absl::string_view, int> label_index_;
};

// Canonical SHA-256 fingerprint of a panel (hex), for provenance.
std::string PanelFingerprint(const common::v1::Panel& panel);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_PANEL_VIEW_H_

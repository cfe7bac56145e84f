#ifndef GOVMETRICS_COMMON_CONTRACTS_PANEL_VIEW_H_
#define GOVMETRICS_COMMON_CONTRACTS_PANEL_VIEW_H_

// A validated, read-only view of a govmetrics.common.v1.Panel. Validation checks the
// structure every RPC relies on (row alignment, unique names, unique (entity, period));
// each request then checks the columns it uses. The view never copies column data:
// callers Map the protobuf repeated fields directly.

#include <optional>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/contracts/field_violations.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::contracts {

class PanelView {
 public:
  // Validates `panel` (reached at request path `path`, e.g. "panel"). Returns
  // INVALID_ARGUMENT with every structural violation named by field and row.
  static absl::StatusOr<PanelView> Create(const common::v1::Panel& panel,
                                          std::string path = "panel");

  int rows() const { return rows_; }
  const common::v1::Panel& panel() const { return *panel_; }
  const std::string& path() const { return path_; }

  // Dense entity codes 0..n_entities-1 in order of first appearance.
  const std::vector<int>& entity_codes() const { return entity_codes_; }
  const std::vector<std::string>& entity_names() const { return entity_names_; }
  int n_entities() const { return static_cast<int>(entity_names_.size()); }
  const google::protobuf::RepeatedField<int32_t>& periods() const { return panel_->period(); }

  // Index of a numeric column / label by name, or nullopt.
  std::optional<int> FindColumn(const std::string& name) const;
  std::optional<int> FindLabel(const std::string& name) const;

  // Zero-copy view of a column's values (NaN = missing).
  Eigen::Map<const Eigen::VectorXd> ColumnValues(int column) const;
  const std::string& ColumnName(int column) const { return panel_->columns(column).name(); }
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

  // Dense codes of a label's values ("" keeps its own code; callers decide if allowed).
  std::vector<int> LabelCodes(int label, std::vector<std::string>* levels) const;

 private:
  PanelView() = default;

  const common::v1::Panel* panel_ = nullptr;
  std::string path_;
  int rows_ = 0;
  std::vector<int> entity_codes_;
  std::vector<std::string> entity_names_;
  // Keys point into *panel_ (the view never outlives the panel it validated).
  absl::flat_hash_map<absl::string_view, int> column_index_;
  absl::flat_hash_map<absl::string_view, int> label_index_;
};

// Canonical SHA-256 fingerprint of a panel (hex), for provenance.
std::string PanelFingerprint(const common::v1::Panel& panel);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_PANEL_VIEW_H_

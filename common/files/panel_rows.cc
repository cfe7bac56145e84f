#include "common/files/panel_rows.h"

#include <algorithm>

namespace govmetrics::files {

common::v1::Panel PanelRows(const common::v1::Panel& panel, int first, int count) {
  common::v1::Panel rows;
  const int end = std::min(first + count, panel.entity_size());
  rows.mutable_entity()->Add(panel.entity().begin() + first, panel.entity().begin() + end);
  rows.mutable_period()->Add(panel.period().begin() + first, panel.period().begin() + end);
  for (const auto& column : panel.columns()) {
    auto* out = rows.add_columns();
    out->set_name(column.name());
    out->mutable_values()->Add(column.values().begin() + first, column.values().begin() + end);
  }
  for (const auto& label : panel.labels()) {
    auto* out = rows.add_labels();
    out->set_name(label.name());
    out->mutable_values()->Add(label.values().begin() + first, label.values().begin() + end);
  }
  return rows;
}

}  // namespace govmetrics::files

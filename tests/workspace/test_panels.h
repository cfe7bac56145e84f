#ifndef GOVMETRICS_TESTS_WORKSPACE_TEST_PANELS_H_
#define GOVMETRICS_TESTS_WORKSPACE_TEST_PANELS_H_

// Small panels for the workspace tests: every feature the stored layout must keep (a
// missing value, negative zero, a label, non-ASCII entity names).

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "absl/strings/str_cat.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::testing {

// `entities` x `periods` rows (entity-major), columns "x" and "y", label "region".
inline common::v1::Panel MakeTestPanel(int entities, int periods) {
  common::v1::Panel panel;
  auto* x = panel.add_columns();
  x->set_name("x");
  auto* y = panel.add_columns();
  y->set_name("y");
  auto* region = panel.add_labels();
  region->set_name("region");
  for (int e = 0; e < entities; ++e) {
    for (int t = 0; t < periods; ++t) {
      panel.add_entity(absl::StrCat(e % 3 == 0 ? "省" : "E", e));
      panel.add_period(2000 + t);
      const int row = e * periods + t;
      x->add_values(row == 4 ? std::numeric_limits<double>::quiet_NaN() : 0.25 * row - 3);
      y->add_values(row == 5 ? -0.0 : std::sin(row) * 1e6);
      region->add_values(e % 2 == 0 ? "east" : "west");
    }
  }
  return panel;
}

// Rows [first, first + count) of `panel` (clipped), every column and label sliced.
inline common::v1::Panel RowSlice(const common::v1::Panel& panel, int first, int count) {
  const int end = std::min(first + count, panel.entity_size());
  common::v1::Panel slice;
  for (int r = first; r < end; ++r) {
    slice.add_entity(panel.entity(r));
    slice.add_period(panel.period(r));
  }
  for (const auto& column : panel.columns()) {
    auto* out = slice.add_columns();
    out->set_name(column.name());
    for (int r = first; r < end; ++r) out->add_values(column.values(r));
  }
  for (const auto& label : panel.labels()) {
    auto* out = slice.add_labels();
    out->set_name(label.name());
    for (int r = first; r < end; ++r) out->add_values(label.values(r));
  }
  return slice;
}

// MakeTestPanel's rows in another order: entities interleaved (period-major).
inline common::v1::Panel PeriodMajor(const common::v1::Panel& panel, int entities, int periods) {
  common::v1::Panel shuffled = RowSlice(panel, 0, 0);  // names, no rows
  for (int t = 0; t < periods; ++t) {
    for (int e = 0; e < entities; ++e) {
      const int r = e * periods + t;
      shuffled.add_entity(panel.entity(r));
      shuffled.add_period(panel.period(r));
      for (int c = 0; c < panel.columns_size(); ++c) {
        shuffled.mutable_columns(c)->add_values(panel.columns(c).values(r));
      }
      for (int l = 0; l < panel.labels_size(); ++l) {
        shuffled.mutable_labels(l)->add_values(panel.labels(l).values(r));
      }
    }
  }
  return shuffled;
}

}  // namespace govmetrics::testing

#endif  // GOVMETRICS_TESTS_WORKSPACE_TEST_PANELS_H_

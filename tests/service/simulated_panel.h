#ifndef GOVMETRICS_TESTS_SERVICE_SIMULATED_PANEL_H_
#define GOVMETRICS_TESTS_SERVICE_SIMULATED_PANEL_H_

// A simulated stats::PanelInput (e.g. from SimulateMediationPanel) as a wire Panel: the
// service tests for mediation and group comparisons build their requests from it.

#include <functional>
#include <string>

#include "common/stats/panel_input.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::testing {

// Entities are named "P<code>"; y and every x column become numeric columns. When
// `label_name` is given, `label_of(entity code)` fills a label column of that name.
inline common::v1::Panel WirePanel(const stats::PanelInput& data, const std::string& label_name = "",
                                   const std::function<std::string(int)>& label_of = nullptr) {
  common::v1::Panel panel;
  common::v1::Label* label = nullptr;
  if (!label_name.empty()) {
    label = panel.add_labels();
    label->set_name(label_name);
  }
  for (size_t i = 0; i < data.entity.size(); ++i) {
    panel.add_entity("P" + std::to_string(data.entity[i]));
    panel.add_period(data.period[i]);
    if (label != nullptr) label->add_values(label_of(data.entity[i]));
  }
  auto* y = panel.add_columns();
  y->set_name("y");
  for (Eigen::Index i = 0; i < data.y.size(); ++i) y->add_values(data.y[i]);
  for (Eigen::Index j = 0; j < data.x.cols(); ++j) {
    auto* c = panel.add_columns();
    c->set_name(data.x_names[j]);
    for (Eigen::Index i = 0; i < data.x.rows(); ++i) c->add_values(data.x(i, j));
  }
  return panel;
}

}  // namespace govmetrics::testing

#endif  // GOVMETRICS_TESTS_SERVICE_SIMULATED_PANEL_H_

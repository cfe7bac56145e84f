#ifndef GOVMETRICS_SERVICES_REPORTING_PANEL_EDITS_H_
#define GOVMETRICS_SERVICES_REPORTING_PANEL_EDITS_H_

// Edits of a panel the study sends downstream: a column added or replaced (index scores,
// entity trends, per-period winsorised values, a placebo permutation), a label added (an
// interaction of labels absorbed as fixed effects), rows removed (excluded periods,
// trimmed values). Robustness checks apply them to their own request's copy of the
// working panel, where FitPanelModel's ModelSpec cannot express the check itself.

#include <string>
#include <vector>

#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::reporting {

// The values of numeric column `name`, or nullptr.
const google::protobuf::RepeatedField<double>* FindColumnValues(const common::v1::Panel& panel,
                                                                const std::string& name);
// The values of label column `name`, or nullptr.
const google::protobuf::RepeatedPtrField<std::string>* FindLabelValues(const common::v1::Panel& panel,
                                                                       const std::string& name);
// Adds numeric column `name`, or replaces its values.
void SetColumnValues(common::v1::Panel& panel, const std::string& name,
                     const google::protobuf::RepeatedField<double>& values);
void SetColumnValues(common::v1::Panel& panel, const std::string& name, const std::vector<double>& values);
// Adds label column `name` (or replaces its values).
void SetLabelValues(common::v1::Panel& panel, const std::string& name, const std::vector<std::string>& values);
// Keeps the rows whose `keep` entry is true (row-aligned), in every array of the panel.
void KeepRows(common::v1::Panel& panel, const std::vector<bool>& keep);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_PANEL_EDITS_H_

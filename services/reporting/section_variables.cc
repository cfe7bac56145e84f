#include "services/reporting/section_variables.h"

#include "absl/strings/str_cat.h"

namespace govmetrics::reporting {
bool PanelHasColumn(const common::v1::Panel& panel, const std::string& name) {
  for (const auto& column : panel.columns()) {
    if (column.name() == name) return true;
  }
  return false;
}

std::vector<std::string> SectionVariables(const StudyDesign& design,
                                          const google::protobuf::RepeatedPtrField<std::string>& variables,
                                          const std::string& field, contracts::FieldViolations& violations) {
  if (variables.empty()) return {design.x, design.y};
  std::vector<std::string> columns;
  for (int i = 0; i < variables.size(); ++i) {
    if (!PanelHasColumn(design.panel, variables[i])) {
      violations.Add(absl::StrCat(field, "[", i, "]"),
                     absl::StrCat("'", variables[i], "' is neither a numeric column of the panel nor an index of the spec"));
      continue;
    }
    columns.push_back(variables[i]);
  }
  return columns;
}

}  // namespace govmetrics::reporting

#include "services/reporting/section_variables.h"

namespace govmetrics::reporting {
bool PanelHasColumn(const common::v1::Panel& panel, const std::string& name) {
  for (const auto& column : panel.columns()) {
    if (column.name() == name) return true;
  }
  return false;
}

std::vector<std::string> SectionVariables(const StudyDesign& design,
                                          const google::protobuf::RepeatedPtrField<std::string>& variables) {
  if (variables.empty()) return {design.x, design.y};
  return {variables.begin(), variables.end()};
}

common::v1::SpatialWeightsSpec SpatialSectionWeights(const rv1::SpatialSpec& spec) {
  if (spec.has_weights()) return spec.weights();
  common::v1::SpatialWeightsSpec weights;
  weights.mutable_china_province_contiguity();
  return weights;
}

}  // namespace govmetrics::reporting

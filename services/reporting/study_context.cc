#include "services/reporting/study_context.h"

namespace govmetrics::reporting {

std::string StudyContext::Label(const std::string& column) const {
  auto it = labels.find(column);
  return it == labels.end() ? column : it->second;
}

modeling::v1::ModelSpec StudyContext::BaseModel() const {
  modeling::v1::ModelSpec model;
  model.set_estimator(modeling::v1::ESTIMATOR_WITHIN);
  model.set_fixed_effects(modeling::v1::FIXED_EFFECTS_TWO_WAY);
  *model.mutable_variance() = spec->variance();
  if (model.variance().type() == modeling::v1::VARIANCE_TYPE_UNSPECIFIED) {
    model.mutable_variance()->set_type(modeling::v1::VARIANCE_TYPE_CLUSTER);
  }
  if (model.variance().type() == modeling::v1::VARIANCE_TYPE_CLUSTER &&
      model.variance().cluster_by_size() == 0) {
    model.mutable_variance()->add_cluster_by("entity");
  }
  if (model.variance().small_sample() == modeling::v1::SMALL_SAMPLE_UNSPECIFIED) {
    model.mutable_variance()->set_small_sample(modeling::v1::SMALL_SAMPLE_STATA);
  }
  return model;
}

modeling::v1::FitPanelModelRequest StudyContext::FitRequest(
    const std::string& dependent, const std::vector<std::string>& regressors,
    const modeling::v1::ModelSpec& model) const {
  modeling::v1::FitPanelModelRequest request;
  *request.mutable_panel() = panel;
  request.set_dependent(dependent);
  for (const auto& r : regressors) request.add_regressors(r);
  request.set_fixed_effects(model.fixed_effects());
  *request.mutable_absorb() = model.absorb();
  request.set_estimator(model.estimator());
  *request.mutable_variance() = model.variance();
  request.set_confidence_level(model.confidence_level());
  *request.mutable_transforms() = model.transforms();
  *request.mutable_filter() = model.filter();
  return request;
}

void StudyContext::SetColumn(const std::string& name,
                             const google::protobuf::RepeatedField<double>& values) {
  for (auto& column : *panel.mutable_columns()) {
    if (column.name() == name) {
      *column.mutable_values() = values;
      return;
    }
  }
  auto* column = panel.add_columns();
  column->set_name(name);
  *column->mutable_values() = values;
}

rv1::Table* StudyContext::AddTable(const std::string& id, const std::string& title) {
  auto* table = report.add_tables();
  table->set_id(id);
  table->set_title(title);
  return table;
}

rv1::Chart* StudyContext::AddChart(const std::string& id, const std::string& title,
                                   rv1::ChartKind kind) {
  auto* chart = report.add_charts();
  chart->set_id(id);
  chart->set_title(title);
  chart->set_kind(kind);
  return chart;
}

rv1::Section* StudyContext::AddSection(const std::string& id, const std::string& title) {
  auto* section = report.add_sections();
  section->set_id(id);
  section->set_title(title);
  return section;
}

}  // namespace govmetrics::reporting

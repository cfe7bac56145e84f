#include "services/reporting/panel_edits.h"

namespace govmetrics::reporting {
namespace {

// Moves the kept entries to the front, in order, and drops the rest.
template <typename Field>
void KeepEntries(Field& field, const std::vector<bool>& keep) {
  int out = 0;
  for (int row = 0; row < field.size(); ++row) {
    if (keep[row]) field.SwapElements(out++, row);
  }
  while (field.size() > out) field.RemoveLast();
}

}  // namespace

const google::protobuf::RepeatedField<double>* FindColumnValues(const common::v1::Panel& panel,
                                                                const std::string& name) {
  for (const auto& column : panel.columns()) {
    if (column.name() == name) return &column.values();
  }
  return nullptr;
}

const google::protobuf::RepeatedPtrField<std::string>* FindLabelValues(const common::v1::Panel& panel,
                                                                       const std::string& name) {
  for (const auto& label : panel.labels()) {
    if (label.name() == name) return &label.values();
  }
  return nullptr;
}

void SetColumnValues(common::v1::Panel& panel, const std::string& name,
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

void SetColumnValues(common::v1::Panel& panel, const std::string& name, const std::vector<double>& values) {
  SetColumnValues(panel, name, google::protobuf::RepeatedField<double>(values.begin(), values.end()));
}

void SetLabelValues(common::v1::Panel& panel, const std::string& name, const std::vector<std::string>& values) {
  common::v1::Label* label = nullptr;
  for (auto& l : *panel.mutable_labels()) {
    if (l.name() == name) label = &l;
  }
  if (label == nullptr) {
    label = panel.add_labels();
    label->set_name(name);
  }
  label->mutable_values()->Clear();
  label->mutable_values()->Add(values.begin(), values.end());
}

void KeepRows(common::v1::Panel& panel, const std::vector<bool>& keep) {
  KeepEntries(*panel.mutable_entity(), keep);
  KeepEntries(*panel.mutable_period(), keep);
  for (auto& column : *panel.mutable_columns()) KeepEntries(*column.mutable_values(), keep);
  for (auto& label : *panel.mutable_labels()) KeepEntries(*label.mutable_values(), keep);
}

}  // namespace govmetrics::reporting

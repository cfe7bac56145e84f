#include "common/contracts/columnar_panel.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace govmetrics::contracts {
namespace {

// The code of `name` in `dictionary`, adding it (next code) when new.
int32_t CodeOf(const std::string& name, absl::flat_hash_map<std::string, int32_t>* codes,
               std::vector<std::string>* dictionary) {
  auto [it, inserted] = codes->try_emplace(name, static_cast<int32_t>(dictionary->size()));
  if (inserted) dictionary->push_back(name);
  return it->second;
}

size_t StringBytes(const std::vector<std::string>& strings) {
  size_t bytes = strings.capacity() * sizeof(std::string);
  for (const auto& s : strings) bytes += s.capacity() > 15 ? s.capacity() : 0;
  return bytes;
}

}  // namespace

size_t ColumnarPanel::Bytes() const {
  size_t bytes = StringBytes(entity_names) + (entity.capacity() + period.capacity()) * 4;
  for (const auto& c : columns) bytes += c.capacity() * sizeof(double);
  for (const auto& l : labels) bytes += l.capacity() * 4;
  for (const auto& levels : label_levels) bytes += StringBytes(levels);
  return bytes;
}

ColumnarPanelBuilder::ColumnarPanelBuilder(std::vector<std::string> column_names,
                                           std::vector<std::string> label_names,
                                           int64_t expected_rows) {
  const size_t rows = static_cast<size_t>(expected_rows);
  panel_.entity.reserve(rows);
  panel_.period.reserve(rows);
  panel_.column_names = std::move(column_names);
  panel_.columns.resize(panel_.column_names.size());
  for (auto& column : panel_.columns) column.reserve(rows);
  panel_.label_names = std::move(label_names);
  panel_.labels.resize(panel_.label_names.size());
  for (auto& label : panel_.labels) label.reserve(rows);
  panel_.label_levels.resize(panel_.label_names.size());
  label_codes_.resize(panel_.label_names.size());
}

absl::Status ColumnarPanelBuilder::CheckLayout(const common::v1::Panel& chunk) const {
  const int rows = chunk.entity_size();
  auto mismatch = [](const std::string& what) {
    return absl::DataLossError(absl::StrCat("panel chunk does not match the columns read: ", what));
  };
  if (chunk.columns_size() != static_cast<int>(panel_.columns.size()) ||
      chunk.labels_size() != static_cast<int>(panel_.labels.size())) {
    return mismatch(absl::StrCat(chunk.columns_size(), " columns and ", chunk.labels_size(),
                                 " labels instead of ", panel_.columns.size(), " and ",
                                 panel_.labels.size()));
  }
  if (chunk.period_size() != rows) return mismatch("period length differs from entity length");
  for (int c = 0; c < chunk.columns_size(); ++c) {
    if (chunk.columns(c).name() != panel_.column_names[c] || chunk.columns(c).values_size() != rows) {
      return mismatch(absl::StrCat("column ", c, " ('", chunk.columns(c).name(), "')"));
    }
  }
  for (int l = 0; l < chunk.labels_size(); ++l) {
    if (chunk.labels(l).name() != panel_.label_names[l] || chunk.labels(l).values_size() != rows) {
      return mismatch(absl::StrCat("label ", l, " ('", chunk.labels(l).name(), "')"));
    }
  }
  return absl::OkStatus();
}

absl::Status ColumnarPanelBuilder::Append(const common::v1::Panel& chunk) {
  if (absl::Status layout = CheckLayout(chunk); !layout.ok()) return layout;
  for (const std::string& entity : chunk.entity()) {
    panel_.entity.push_back(CodeOf(entity, &entity_codes_, &panel_.entity_names));
  }
  panel_.period.insert(panel_.period.end(), chunk.period().begin(), chunk.period().end());
  for (int c = 0; c < chunk.columns_size(); ++c) {
    const auto& values = chunk.columns(c).values();
    panel_.columns[c].insert(panel_.columns[c].end(), values.begin(), values.end());
  }
  for (int l = 0; l < chunk.labels_size(); ++l) {
    for (const std::string& value : chunk.labels(l).values()) {
      panel_.labels[l].push_back(CodeOf(value, &label_codes_[l], &panel_.label_levels[l]));
    }
  }
  return absl::OkStatus();
}

ColumnarPanel ColumnarPanelBuilder::Finish() && { return std::move(panel_); }

absl::StatusOr<ColumnarPanel> ToColumnar(const common::v1::Panel& panel) {
  std::vector<std::string> columns, labels;
  for (const auto& column : panel.columns()) columns.push_back(column.name());
  for (const auto& label : panel.labels()) labels.push_back(label.name());
  ColumnarPanelBuilder builder(std::move(columns), std::move(labels), panel.entity_size());
  if (absl::Status appended = builder.Append(panel); !appended.ok()) return appended;
  return std::move(builder).Finish();
}

}  // namespace govmetrics::contracts

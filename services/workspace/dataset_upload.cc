#include "services/workspace/dataset_upload.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"

namespace govmetrics::workspace {
namespace {

uint64_t PairKey(uint32_t entity, int32_t period) {
  return (static_cast<uint64_t>(entity) << 32) | static_cast<uint32_t>(period);
}

// Describes a schema mismatch between two name lists ("columns" or "labels").
void CompareNames(const std::vector<std::string>& expected, const std::vector<std::string>& got,
                  const std::string& path, contracts::FieldViolations* violations) {
  if (expected.size() != got.size()) {
    violations->Add(path, absl::StrCat("has ", got.size(), " entries where the first chunk has ",
                                       expected.size(), "; every chunk carries the same ones"));
    return;
  }
  for (size_t i = 0; i < got.size(); ++i) {
    if (got[i] != expected[i]) {
      violations->Add(absl::StrCat(path, "[", i, "].name"),
                      absl::StrCat("'", got[i], "' where the first chunk has '", expected[i],
                                   "' (same names, same order in every chunk)"));
    }
  }
}

template <typename Repeated>
std::vector<std::string> NamesOf(const Repeated& items) {
  std::vector<std::string> names;
  for (const auto& item : items) names.push_back(item.name());
  return names;
}

}  // namespace

absl::Status DatasetUpload::CheckSchema(const common::v1::Panel& chunk, int index) const {
  contracts::FieldViolations violations;
  const std::string path = absl::StrCat("chunks[", index, "]");
  CompareNames(NamesOf(schema_->columns()), NamesOf(chunk.columns()), path + ".columns",
               &violations);
  CompareNames(NamesOf(schema_->labels()), NamesOf(chunk.labels()), path + ".labels",
               &violations);
  return violations.ToStatus();
}

absl::Status DatasetUpload::Add(const common::v1::Panel& chunk, int index) {
  auto view = contracts::PanelView::Create(chunk, absl::StrCat("chunks[", index, "]"));
  if (!view.ok()) return view.status();
  if (!schema_.has_value()) {
    schema_ = common::v1::Panel();
    for (const auto& column : chunk.columns()) schema_->add_columns()->set_name(column.name());
    for (const auto& label : chunk.labels()) schema_->add_labels()->set_name(label.name());
    pending_ = *schema_;
  } else if (auto same = CheckSchema(chunk, index); !same.ok()) {
    return same;
  }
  for (int r = 0; r < chunk.entity_size(); ++r) {
    auto [it, inserted] =
        entity_codes_.emplace(chunk.entity(r), static_cast<uint32_t>(entity_names_.size()));
    if (inserted) entity_names_.push_back(chunk.entity(r));
    keys_.push_back(PairKey(it->second, chunk.period(r)));
    periods_.insert(chunk.period(r));
  }
  rows_ += chunk.entity_size();
  Append(chunk);
  return absl::OkStatus();
}

void DatasetUpload::Append(const common::v1::Panel& chunk) {
  pending_.mutable_entity()->MergeFrom(chunk.entity());
  pending_.mutable_period()->MergeFrom(chunk.period());
  for (int c = 0; c < chunk.columns_size(); ++c) {
    pending_.mutable_columns(c)->mutable_values()->MergeFrom(chunk.columns(c).values());
  }
  for (int l = 0; l < chunk.labels_size(); ++l) {
    pending_.mutable_labels(l)->mutable_values()->MergeFrom(chunk.labels(l).values());
  }
}

std::optional<common::v1::Panel> DatasetUpload::TakeStoredChunk(bool final) {
  if (!schema_.has_value() || pending_.entity_size() == 0) return std::nullopt;
  const int64_t cells = static_cast<int64_t>(pending_.entity_size()) *
                        (2 + schema_->columns_size() + schema_->labels_size());
  if (!final && cells < kStoredChunkCells) return std::nullopt;
  common::v1::Panel chunk = std::move(pending_);
  pending_ = *schema_;
  return chunk;
}

absl::StatusOr<DatasetShape> DatasetUpload::Finish() {
  if (!schema_.has_value() || rows_ == 0) {
    return contracts::InvalidField("chunks", "the upload has no rows");
  }
  std::sort(keys_.begin(), keys_.end());
  auto duplicate = std::adjacent_find(keys_.begin(), keys_.end());
  if (duplicate != keys_.end()) {
    return contracts::InvalidField(
        "chunks", absl::StrCat("entity '", entity_names_[*duplicate >> 32], "' has period ",
                               static_cast<int32_t>(*duplicate & 0xffffffffu),
                               " more than once; (entity, period) pairs must be unique"));
  }
  DatasetShape shape;
  shape.rows = rows_;
  shape.entities = static_cast<int64_t>(entity_names_.size());
  shape.periods = static_cast<int64_t>(periods_.size());
  shape.balanced = shape.rows == shape.entities * shape.periods;
  std::vector<uint64_t>().swap(keys_);
  return shape;
}

}  // namespace govmetrics::workspace

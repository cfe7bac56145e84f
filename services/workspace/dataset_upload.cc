#include "services/workspace/dataset_upload.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/stored_period_runs.h"

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
    schema_ = SchemaOf(chunk);
    pending_parts_.resize(PartCount(*schema_));
  } else if (auto same = CheckSchema(chunk, index); !same.ok()) {
    return same;
  }
  CountRows(*view);
  AppendChunkParts(chunk, &pending_parts_);
  pending_rows_ += chunk.entity_size();
  return absl::OkStatus();
}

uint32_t DatasetUpload::EntityCode(const std::string& name) {
  auto [it, inserted] = entity_codes_.emplace(name, static_cast<uint32_t>(entity_names_.size()));
  if (inserted) {
    entity_names_.push_back(name);
    entity_runs_.AddNewName(name);
  }
  return it->second;
}

void DatasetUpload::CountRows(const contracts::PanelView& view) {
  // The view has coded the chunk's entities already: one lookup per entity of the chunk
  // maps its codes to the upload's, no string per row.
  std::vector<uint32_t> upload_code(view.n_entities());
  for (int e = 0; e < view.n_entities(); ++e) upload_code[e] = EntityCode(view.entity_names()[e]);
  const absl::Span<const int> codes = view.entity_codes();
  const absl::Span<const int32_t> periods = view.periods();
  for (size_t r = 0; r < codes.size(); ++r) {
    entity_runs_.AddRows(static_cast<int32_t>(upload_code[codes[r]]), 1);
    const uint64_t key = PairKey(upload_code[codes[r]], periods[r]);
    keys_increasing_ = keys_increasing_ && (keys_.empty() || key > keys_.back());
    keys_.push_back(key);
    periods_.insert(periods[r]);
  }
  rows_ += static_cast<int64_t>(codes.size());
}

std::optional<std::vector<std::string>> DatasetUpload::TakeStoredChunk(bool final) {
  if (!schema_.has_value() || pending_rows_ == 0) return std::nullopt;
  const int64_t cells = pending_rows_ * PartCount(*schema_);
  if (!final && cells < kStoredChunkCells) return std::nullopt;
  std::vector<std::string> parts = std::move(pending_parts_);
  pending_parts_.assign(parts.size(), std::string());
  pending_rows_ = 0;
  entity_runs_.MoveInto(&parts);
  parts.push_back(PeriodRunsPartOf(parts[kPeriodPart]));
  return parts;
}

absl::StatusOr<DatasetShape> DatasetUpload::Finish() {
  if (!schema_.has_value() || rows_ == 0) {
    return contracts::InvalidField("chunks", "the upload has no rows");
  }
  if (keys_increasing_) return ShapeOfUpload();
  std::sort(keys_.begin(), keys_.end());
  auto duplicate = std::adjacent_find(keys_.begin(), keys_.end());
  if (duplicate != keys_.end()) {
    return contracts::InvalidField(
        "chunks", absl::StrCat("entity '", entity_names_[*duplicate >> 32], "' has period ",
                               static_cast<int32_t>(*duplicate & 0xffffffffu),
                               " more than once; (entity, period) pairs must be unique"));
  }
  return ShapeOfUpload();
}

DatasetShape DatasetUpload::ShapeOfUpload() {
  DatasetShape shape;
  shape.rows = rows_;
  shape.entities = static_cast<int64_t>(entity_names_.size());
  shape.periods = static_cast<int64_t>(periods_.size());
  shape.balanced = shape.rows == shape.entities * shape.periods;
  std::vector<uint64_t>().swap(keys_);
  return shape;
}

}  // namespace govmetrics::workspace

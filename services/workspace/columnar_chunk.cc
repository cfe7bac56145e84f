#include "services/workspace/columnar_chunk.h"

#include <cstring>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "services/workspace/dataset_parts.h"

namespace govmetrics::workspace {
namespace {

// Wire-format tags of the stored string parts (dataset_parts.h).
constexpr char kEntityTag = 0x0a;      // Panel.entity
constexpr char kLabelValueTag = 0x12;  // Label.values

// Reads one base-128 varint at `*p` (advancing it); false past `end` or over 10 bytes.
bool ReadVarint(const char** p, const char* end, uint64_t* value) {
  *value = 0;
  for (int shift = 0; shift < 70 && *p < end; shift += 7) {
    const auto byte = static_cast<uint8_t>(*(*p)++);
    *value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) return true;
  }
  return false;
}

// The stored period part: packed varints (int32 values, negatives sign-extended).
bool DecodePeriods(const std::string& bytes, google::protobuf::RepeatedField<int32_t>* out) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    uint64_t value = 0;
    if (!ReadVarint(&p, end, &value)) return false;
    out->Add(static_cast<int32_t>(static_cast<uint32_t>(value)));
  }
  return true;
}

absl::Status Corrupt(const std::string& what) {
  return absl::DataLossError(absl::StrCat("stored dataset chunk is corrupt (", what, ")"));
}

}  // namespace

bool ColumnarChunkEncoder::Dictionary::CodeAll(
    const std::string& bytes, char tag, google::protobuf::RepeatedField<int32_t>* codes,
    google::protobuf::RepeatedPtrField<std::string>* new_names) {
  const char* p = bytes.data();
  const char* end = p + bytes.size();
  while (p < end) {
    uint64_t length = 0;
    if (*p++ != tag || !ReadVarint(&p, end, &length) || length > static_cast<uint64_t>(end - p)) {
      return false;
    }
    const absl::string_view name(p, length);
    p += length;
    if (last_code_ < 0 || name != last_) {
      auto [it, inserted] = codes_.try_emplace(name, static_cast<int32_t>(codes_.size()));
      if (inserted) new_names->Add(std::string(name));
      last_.assign(name.data(), name.size());
      last_code_ = it->second;
    }
    codes->Add(last_code_);
  }
  return true;
}

ColumnarChunkEncoder::ColumnarChunkEncoder(const common::v1::Panel& schema, std::vector<bool> wanted)
    : schema_(schema), wanted_(std::move(wanted)), labels_(schema.labels_size()) {}

absl::Status ColumnarChunkEncoder::Encode(const std::vector<std::string>& parts,
                                          v1::ColumnarChunk* out) {
  out->Clear();
  if (!entities_.CodeAll(parts[kEntityPart], kEntityTag, out->mutable_entity_codes(),
                         out->mutable_new_entities())) {
    return Corrupt("entity part");
  }
  const int rows = out->entity_codes_size();
  out->mutable_period()->Reserve(rows);
  if (!DecodePeriods(parts[kPeriodPart], out->mutable_period()) || out->period_size() != rows) {
    return Corrupt("period part");
  }
  for (int c = 0; c < schema_.columns_size(); ++c) {
    if (!wanted_[ColumnPart(c)]) continue;
    const std::string& bytes = parts[ColumnPart(c)];
    if (bytes.size() != static_cast<size_t>(rows) * sizeof(double)) {
      return Corrupt(absl::StrCat("column '", schema_.columns(c).name(), "' has the wrong length"));
    }
    auto* column = out->add_columns();
    column->set_name(schema_.columns(c).name());
    column->mutable_values()->Resize(rows, 0.0);
    std::memcpy(column->mutable_values()->mutable_data(), bytes.data(), bytes.size());
  }
  for (int l = 0; l < schema_.labels_size(); ++l) {
    if (!wanted_[LabelPart(schema_, l)]) continue;
    auto* label = out->add_labels();
    label->set_name(schema_.labels(l).name());
    if (!labels_[l].CodeAll(parts[LabelPart(schema_, l)], kLabelValueTag, label->mutable_codes(),
                            label->mutable_new_values()) ||
        label->codes_size() != rows) {
      return Corrupt(absl::StrCat("label '", schema_.labels(l).name(), "'"));
    }
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::workspace

#include "common/workspace_client/columnar_chunk_parser.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/config.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/support/proto_buffer_reader.h"

// Packed doubles are copied as they are on the wire, which is little-endian.
#ifndef ABSL_IS_LITTLE_ENDIAN
#error "ColumnarChunkParser copies wire doubles as they are: little-endian hosts only"
#endif

namespace govmetrics::workspace_client {
namespace {

using google::protobuf::internal::WireFormatLite;
using Input = google::protobuf::io::CodedInputStream;

// Field numbers (workspace_service.proto, panel.proto).
constexpr int kResponseChunk = 1;     // ReadDatasetResponse.chunk (ROWS)
constexpr int kResponseColumnar = 3;  // ReadDatasetResponse.columnar
constexpr int kNewEntities = 1, kEntityCodes = 2, kPeriod = 3, kColumns = 4, kLabels = 5;
constexpr int kEntityRunCodes = 6, kEntityRunLengths = 7, kPeriodRunStarts = 8,
              kPeriodRunLengths = 9;
constexpr int kColumnName = 1, kColumnValues = 2;
constexpr int kLabelName = 1, kLabelNewValues = 2, kLabelCodes = 3;

int FieldOf(uint32_t tag) { return static_cast<int>(WireFormatLite::GetTagFieldNumber(tag)); }
bool IsLength(uint32_t tag) {
  return WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_LENGTH_DELIMITED;
}

absl::Status Malformed(const std::string& where) {
  return absl::DataLossError(
      absl::StrCat("the workspace sent a malformed ReadDataset message (", where, ")"));
}

absl::Status Mismatch(const std::string& what) {
  return absl::DataLossError(absl::StrCat("panel chunk does not match the columns read: ", what));
}

// A length prefix that fits in what is left of the current message.
bool ReadLength(Input& in, int* length) {
  uint32_t value = 0;
  if (!in.ReadVarint32(&value) || value > static_cast<uint32_t>(INT_MAX)) return false;
  *length = static_cast<int>(value);
  return *length <= in.BytesUntilLimit();
}

bool ReadString(Input& in, std::string* out) {
  int length = 0;
  return ReadLength(in, &length) && in.ReadString(out, length);
}

// The varint at `p` if it ends before `end` (protobuf's int32: the low 32 bits of at
// most 10 bytes), and the byte after it; null when it does not end there (it continues
// in the next buffer, or is malformed: the caller's ReadVarint32 tells which).
const uint8_t* ParseVarint32(const uint8_t* p, const uint8_t* end, uint32_t* value) {
  uint64_t result = 0;
  for (int shift = 0; shift < 70 && p < end; shift += 7) {
    const uint8_t byte = *p++;
    result |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (byte < 0x80) {
      *value = static_cast<uint32_t>(result);
      return p;
    }
  }
  return nullptr;
}

// A packed run of varints (entity codes, periods: 2e8 of them at 1e8 rows) decoded in a
// tight loop over the stream's current buffer, instead of one ReadVarint32 call each
// (its multi-byte path is an out-of-line call); only a varint split between two
// buffers goes through ReadVarint32.
bool ReadPackedInt32s(Input& in, std::vector<int32_t>* out) {
  while (in.BytesUntilLimit() > 0) {
    const void* data = nullptr;
    int size = 0;
    if (in.GetDirectBufferPointer(&data, &size) && size > 0) {
      const auto* begin = static_cast<const uint8_t*>(data);
      const uint8_t* p = begin;
      const uint8_t* end = begin + size;  // the buffer stops at the field's limit
      uint32_t value = 0;
      for (const uint8_t* next; p < end && (next = ParseVarint32(p, end, &value)) != nullptr;
           p = next) {
        out->push_back(static_cast<int32_t>(value));  // a negative int32 is a 10-byte varint
      }
      in.Skip(static_cast<int>(p - begin));
      if (p == end) continue;
    }
    uint32_t value = 0;
    if (!in.ReadVarint32(&value)) return false;
    out->push_back(static_cast<int32_t>(value));
  }
  return true;
}

// A repeated int32 field's values (packed, or one unpacked value), appended to `out`.
bool ReadInt32s(Input& in, uint32_t tag, std::vector<int32_t>* out) {
  uint32_t value = 0;
  if (WireFormatLite::GetTagWireType(tag) == WireFormatLite::WIRETYPE_VARINT) {
    if (!in.ReadVarint32(&value)) return false;
    out->push_back(static_cast<int32_t>(value));
    return true;
  }
  int length = 0;
  if (!IsLength(tag) || !ReadLength(in, &length)) return false;
  const Input::Limit limit = in.PushLimit(length);
  if (!ReadPackedInt32s(in, out)) return false;
  in.PopLimit(limit);
  return true;
}

// A repeated double field's values (packed, or one unpacked value), copied from the
// wire bytes to the end of the builder's column `column`, where the engine reads them;
// their count is added to `*count`. The whole doubles of each gRPC slice are copied
// straight from it (the builder checks them on the way); a double split between two
// slices goes through an 8-byte buffer.
bool ReadDoubles(Input& in, uint32_t tag, int column, contracts::ColumnarPanelBuilder* builder,
                 int64_t* count) {
  int length = sizeof(double);
  if (IsLength(tag)) {
    if (!ReadLength(in, &length) || length % sizeof(double) != 0) return false;
  } else if (WireFormatLite::GetTagWireType(tag) != WireFormatLite::WIRETYPE_FIXED64) {
    return false;
  }
  *count += length / static_cast<int>(sizeof(double));
  while (length > 0) {
    const void* data = nullptr;
    int size = 0;
    if (in.GetDirectBufferPointer(&data, &size) && size >= static_cast<int>(sizeof(double))) {
      const int whole = std::min(size, length) / static_cast<int>(sizeof(double));
      builder->CopyValues(column, data, static_cast<size_t>(whole));
      in.Skip(whole * static_cast<int>(sizeof(double)));
      length -= whole * static_cast<int>(sizeof(double));
      continue;
    }
    char split[sizeof(double)];
    if (!in.ReadRaw(split, sizeof(split))) return false;
    builder->CopyValues(column, split, 1);
    length -= static_cast<int>(sizeof(double));
  }
  return true;
}

// The rows a run field's runs cover: as many lengths as values, each at least 1.
absl::StatusOr<int64_t> RunRows(const std::vector<int32_t>& values,
                                const std::vector<int32_t>& lengths, const char* values_field,
                                const char* lengths_field) {
  if (values.size() != lengths.size()) {
    return Malformed(absl::StrCat(values_field, " has ", values.size(), " values, ",
                                  lengths_field, " ", lengths.size()));
  }
  int64_t rows = 0;
  for (size_t i = 0; i < lengths.size(); ++i) {
    if (lengths[i] < 1) {
      return Malformed(absl::StrCat(lengths_field, "[", i, "] is ", lengths[i],
                                    "; a run has at least one row"));
    }
    rows += lengths[i];
  }
  return rows;
}

// Runs of consecutive periods stay within int32.
absl::Status CheckPeriodRuns(const std::vector<int32_t>& starts,
                             const std::vector<int32_t>& lengths) {
  for (size_t i = 0; i < starts.size(); ++i) {
    if (static_cast<int64_t>(starts[i]) + lengths[i] - 1 > INT32_MAX) {
      return Malformed(absl::StrCat("period_run_starts[", i, "] + period_run_lengths[", i,
                                    "] runs past the largest int32 period"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<int64_t> ColumnarChunkParser::Append(grpc::ByteBuffer& message) {
  grpc::ProtoBufferReader stream(&message);
  if (!stream.status().ok()) return Malformed("unreadable buffer");
  Input in(&stream);
  in.PushLimit(static_cast<int>(message.Length()));
  std::optional<absl::StatusOr<int64_t>> rows;
  while (in.BytesUntilLimit() > 0) {
    const uint32_t tag = in.ReadTag();
    const int field = FieldOf(tag);
    if ((field == kResponseColumnar || field == kResponseChunk) && IsLength(tag)) {
      int length = 0;
      if (rows.has_value()) return Malformed("two chunks in one message");
      if (!ReadLength(in, &length)) return Malformed("chunk length");
      const Input::Limit limit = in.PushLimit(length);
      rows = field == kResponseColumnar ? AppendColumnar(in) : AppendRows(in);
      if (!rows->ok()) return *rows;
      in.PopLimit(limit);
    } else if (tag == 0 || !WireFormatLite::SkipField(&in, tag)) {
      return Malformed("response field");
    }
  }
  if (rows.has_value()) return *rows;
  builder_->StartChunk();  // a message without rows
  return builder_->EndChunk();
}

absl::StatusOr<int64_t> ColumnarChunkParser::AppendColumnar(Input& in) {
  builder_->StartChunk();
  runs_.Clear();
  first_column_rows_ = -1;
  contracts::ColumnarPanel& panel = builder_->mutable_panel();
  const size_t first_row = panel.entity.size();
  const int column_count = static_cast<int>(builder_->chunk_column_names().size());
  int columns = 0, labels = 0;
  while (in.BytesUntilLimit() > 0) {
    const uint32_t tag = in.ReadTag();
    bool read = true;
    absl::Status appended;
    std::string name;
    switch (FieldOf(tag)) {
      case kNewEntities:
        read = IsLength(tag) && ReadString(in, &name);
        if (read) appended = builder_->AddEntityName(std::move(name));
        break;
      case kEntityCodes: read = ReadInt32s(in, tag, &panel.entity); break;
      case kPeriod: read = ReadInt32s(in, tag, &panel.period); break;
      case kEntityRunCodes: read = ReadInt32s(in, tag, &runs_.entity_codes); break;
      case kEntityRunLengths: read = ReadInt32s(in, tag, &runs_.entity_lengths); break;
      case kPeriodRunStarts: read = ReadInt32s(in, tag, &runs_.period_starts); break;
      case kPeriodRunLengths: read = ReadInt32s(in, tag, &runs_.period_lengths); break;
      case kColumns:
        if (columns == column_count) return Mismatch("more columns than read");
        read = IsLength(tag);
        if (read) appended = AppendColumn(in, columns++);
        break;
      case kLabels:
        if (labels == static_cast<int>(panel.labels.size())) return Mismatch("more labels than read");
        read = IsLength(tag);
        if (read) appended = AppendLabel(in, labels++);
        break;
      default: read = tag != 0 && WireFormatLite::SkipField(&in, tag);
    }
    if (!read) return Malformed(absl::StrCat("columnar chunk field ", FieldOf(tag)));
    if (!appended.ok()) return appended;
  }
  if (columns != column_count || labels != static_cast<int>(panel.labels.size())) {
    return Mismatch(absl::StrCat(columns, " columns and ", labels, " labels instead of ",
                                 column_count, " and ", panel.labels.size()));
  }
  if (absl::Status expanded = ExpandRuns(first_row); !expanded.ok()) return expanded;
  return builder_->EndChunk();
}

int64_t ColumnarChunkParser::PerRowCount(size_t first_row) const {
  const contracts::ColumnarPanel& panel = builder_->mutable_panel();
  if (first_column_rows_ >= 0) return first_column_rows_;
  if (!panel.labels.empty()) return static_cast<int64_t>(panel.labels[0].size() - first_row);
  if (runs_.entity_codes.empty() && runs_.entity_lengths.empty()) {
    return static_cast<int64_t>(panel.entity.size() - first_row);
  }
  if (runs_.period_starts.empty() && runs_.period_lengths.empty()) {
    return static_cast<int64_t>(panel.period.size() - first_row);
  }
  return -1;
}

absl::Status ColumnarChunkParser::ExpandRuns(size_t first_row) {
  contracts::ColumnarPanel& panel = builder_->mutable_panel();
  const bool entity_runs = !runs_.entity_codes.empty() || !runs_.entity_lengths.empty();
  const bool period_runs = !runs_.period_starts.empty() || !runs_.period_lengths.empty();
  if (!entity_runs && !period_runs) return absl::OkStatus();
  if (entity_runs && panel.entity.size() > first_row) {
    return Malformed("entity_codes and entity_run_codes in one chunk");
  }
  if (period_runs && panel.period.size() > first_row) {
    return Malformed("period and period_run_starts in one chunk");
  }
  const absl::StatusOr<int64_t> entity_rows = RunRows(
      runs_.entity_codes, runs_.entity_lengths, "entity_run_codes", "entity_run_lengths");
  if (!entity_rows.ok()) return entity_rows.status();
  const absl::StatusOr<int64_t> period_rows = RunRows(
      runs_.period_starts, runs_.period_lengths, "period_run_starts", "period_run_lengths");
  if (!period_rows.ok()) return period_rows.status();
  int64_t rows = PerRowCount(first_row);
  if (rows < 0) rows = *entity_rows;  // every row-aligned field is runs: they must agree
  if (entity_runs && *entity_rows != rows) {
    return Malformed(absl::StrCat("entity_run_lengths add up to ", *entity_rows,
                                  " rows; the chunk has ", rows));
  }
  if (period_runs && *period_rows != rows) {
    return Malformed(absl::StrCat("period_run_lengths add up to ", *period_rows,
                                  " rows; the chunk has ", rows));
  }
  if (rows > max_rows_ - static_cast<int64_t>(first_row)) {
    return Malformed(absl::StrCat("runs of ", rows, " rows after ", first_row,
                                  " rows; the dataset has ", max_rows_));
  }
  if (absl::Status periods = CheckPeriodRuns(runs_.period_starts, runs_.period_lengths);
      !periods.ok()) {
    return periods;
  }
  builder_->AppendEntityRuns(runs_.entity_codes, runs_.entity_lengths);
  builder_->AppendPeriodRuns(runs_.period_starts, runs_.period_lengths);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ColumnarChunkParser::AppendRows(Input& in) {
  rows_chunk_.Clear();
  if (!rows_chunk_.MergePartialFromCodedStream(&in) || in.BytesUntilLimit() > 0) {
    return Malformed("rows chunk");
  }
  if (absl::Status appended = builder_->Append(rows_chunk_); !appended.ok()) return appended;
  return rows_chunk_.entity_size();
}

absl::Status ColumnarChunkParser::AppendColumn(Input& in, int column) {
  int length = 0;
  if (!ReadLength(in, &length)) return Malformed("column length");
  const Input::Limit limit = in.PushLimit(length);
  std::string name;
  int64_t values = 0;
  while (in.BytesUntilLimit() > 0) {
    const uint32_t tag = in.ReadTag();
    const bool read = FieldOf(tag) == kColumnName ? IsLength(tag) && ReadString(in, &name)
                      : FieldOf(tag) == kColumnValues
                          ? ReadDoubles(in, tag, column, builder_, &values)
                          : tag != 0 && WireFormatLite::SkipField(&in, tag);
    if (!read) return Malformed(absl::StrCat("column ", column));
  }
  in.PopLimit(limit);
  if (column == 0) first_column_rows_ = values;
  if (name != builder_->chunk_column_names()[column]) {
    return Mismatch(absl::StrCat("column ", column, " ('", name, "')"));
  }
  return absl::OkStatus();
}

absl::Status ColumnarChunkParser::AppendLabel(Input& in, int label) {
  int length = 0;
  if (!ReadLength(in, &length)) return Malformed("label length");
  const Input::Limit limit = in.PushLimit(length);
  std::string name, value;
  absl::Status added;
  while (added.ok() && in.BytesUntilLimit() > 0) {
    const uint32_t tag = in.ReadTag();
    bool read = true;
    switch (FieldOf(tag)) {
      case kLabelName: read = IsLength(tag) && ReadString(in, &name); break;
      case kLabelNewValues:
        read = IsLength(tag) && ReadString(in, &value);
        if (read) added = builder_->AddLabelValue(label, std::move(value));
        break;
      case kLabelCodes: read = ReadInt32s(in, tag, &builder_->mutable_panel().labels[label]); break;
      default: read = tag != 0 && WireFormatLite::SkipField(&in, tag);
    }
    if (!read) return Malformed(absl::StrCat("label ", label));
  }
  if (!added.ok()) return added;
  in.PopLimit(limit);
  if (name != builder_->mutable_panel().label_names[label]) {
    return Mismatch(absl::StrCat("label ", label, " ('", name, "')"));
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::workspace_client

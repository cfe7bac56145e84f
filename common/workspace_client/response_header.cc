#include "common/workspace_client/response_header.h"

#include "absl/strings/str_cat.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/support/proto_buffer_reader.h"

namespace govmetrics::workspace_client {
namespace {

using google::protobuf::internal::WireFormatLite;

// ReadDatasetResponse's fields (workspace_service.proto), all varints.
constexpr int kFirstRowField = 2;
constexpr int kDatasetEntityCodesField = 4;
constexpr int kEntitiesBeforeField = 5;

absl::Status Malformed(const char* where) {
  return absl::DataLossError(
      absl::StrCat("the workspace sent a malformed ReadDataset message (", where, ")"));
}

uint32_t VarintTag(int field) {
  return WireFormatLite::MakeTag(field, WireFormatLite::WIRETYPE_VARINT);
}

}  // namespace

absl::StatusOr<ResponseHeader> ReadResponseHeader(grpc::ByteBuffer& message) {
  grpc::ProtoBufferReader stream(&message);
  if (!stream.status().ok()) return Malformed("unreadable buffer");
  google::protobuf::io::CodedInputStream in(&stream);
  in.PushLimit(static_cast<int>(message.Length()));
  ResponseHeader header;
  while (in.BytesUntilLimit() > 0) {
    const uint32_t tag = in.ReadTag();
    uint64_t value = 0;
    if (tag == VarintTag(kFirstRowField)) {
      if (!in.ReadVarint64(&value)) return Malformed("first_row");
      header.first_row = static_cast<int64_t>(value);
    } else if (tag == VarintTag(kDatasetEntityCodesField)) {
      if (!in.ReadVarint64(&value)) return Malformed("dataset_entity_codes");
      header.dataset_entity_codes = value != 0;
    } else if (tag == VarintTag(kEntitiesBeforeField)) {
      if (!in.ReadVarint64(&value)) return Malformed("entities_before");
      header.entities_before = static_cast<int32_t>(static_cast<uint32_t>(value));  // an int32
    } else if (tag == 0 || !WireFormatLite::SkipField(&in, tag)) {
      return Malformed("response field");
    }
  }
  return header;
}

}  // namespace govmetrics::workspace_client

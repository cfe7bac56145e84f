#include "common/workspace_client/response_first_row.h"

#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/wire_format_lite.h"
#include "grpcpp/support/proto_buffer_reader.h"

namespace govmetrics::workspace_client {
namespace {

using google::protobuf::internal::WireFormatLite;

constexpr int kFirstRowField = 2;  // ReadDatasetResponse.first_row (workspace_service.proto)

absl::Status Malformed() {
  return absl::DataLossError("the workspace sent a malformed ReadDataset message (first_row)");
}

}  // namespace

absl::StatusOr<int64_t> ResponseFirstRow(grpc::ByteBuffer& message) {
  grpc::ProtoBufferReader stream(&message);
  if (!stream.status().ok()) return Malformed();
  google::protobuf::io::CodedInputStream in(&stream);
  in.PushLimit(static_cast<int>(message.Length()));
  while (in.BytesUntilLimit() > 0) {
    const uint32_t tag = in.ReadTag();
    if (tag == WireFormatLite::MakeTag(kFirstRowField, WireFormatLite::WIRETYPE_VARINT)) {
      uint64_t value = 0;
      if (!in.ReadVarint64(&value)) return Malformed();
      return static_cast<int64_t>(value);
    }
    if (tag == 0 || !WireFormatLite::SkipField(&in, tag)) return Malformed();
  }
  return 0;
}

}  // namespace govmetrics::workspace_client

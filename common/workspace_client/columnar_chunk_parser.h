#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_COLUMNAR_CHUNK_PARSER_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_COLUMNAR_CHUNK_PARSER_H_

// Decodes the messages of a COLUMNAR ReadDataset stream (workspace_service.proto:
// ReadDatasetResponse.columnar, a ColumnarChunk) from their wire bytes straight into a
// ColumnarPanelBuilder's arrays, without a protobuf message in between.
//
// Why: the generated parser frees the `columnar` submessage on every Read (Clear deletes
// singular submessages), so each 2 MiB chunk was parsed into freshly allocated arrays
// (page faults on every chunk: a third of the modeling process's CPU in a 1e6-row read),
// then copied into the columns. Here the packed doubles go from gRPC's buffer into the
// columns, reserved once for the whole dataset, in one copy, and entity codes are
// decoded into the entity array as they are read.
//
// Accepts what a protobuf parser accepts: fields in any order, packed or unpacked
// repeated numbers, unknown fields skipped. A message in the ROWS encoding (a workspace
// older than COLUMNAR ignores the request's encoding) is parsed as a Panel and appended.
// Entity codes and periods may come one per row or as runs (ReadDatasetRequest.
// run_length_codes; each chunk and field in either form): runs are expanded into the
// same arrays when the chunk's last field has been read, so the panel is the same.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "common/contracts/columnar_panel.h"
#include "common/contracts/identifier_runs.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "grpcpp/support/byte_buffer.h"

namespace google::protobuf::io {
class CodedInputStream;
}  // namespace google::protobuf::io

namespace govmetrics::workspace_client {

class ColumnarChunkParser {
 public:
  // `max_rows`: the most rows the whole read can hold (the dataset's row_count): runs
  // that claim more are DATA_LOSS before they are expanded (a few bytes of runs could
  // otherwise ask for gigabytes).
  ColumnarChunkParser(contracts::ColumnarPanelBuilder* builder, int64_t max_rows)
      : builder_(builder), max_rows_(max_rows) {}

  // Appends the rows of one serialised ReadDatasetResponse; returns their count.
  // DATA_LOSS when the bytes are not a valid message or the chunk does not match the
  // builder (as ColumnarPanelBuilder::Append); the builder is then void.
  absl::StatusOr<int64_t> Append(grpc::ByteBuffer& message);

 private:
  using Input = google::protobuf::io::CodedInputStream;
  absl::StatusOr<int64_t> AppendColumnar(Input& in);
  absl::StatusOr<int64_t> AppendRows(Input& in);
  absl::Status AppendColumn(Input& in, int column);
  absl::Status AppendLabel(Input& in, int label);
  // The chunk's rows as a field sent one value per row tells them (the first numeric
  // column, else the first label, else the entity codes or periods not sent as runs).
  int64_t PerRowCount(size_t first_row) const;
  // Appends the chunk's runs to the builder's entity and period arrays (its rows begin
  // at `first_row`), after checking that each run field adds up to the chunk's rows.
  absl::Status ExpandRuns(size_t first_row);


  contracts::ColumnarPanelBuilder* builder_;
  int64_t max_rows_;
  common::v1::Panel rows_chunk_;  // a ROWS message's chunk (reused)
  contracts::IdentifierRuns runs_;  // the chunk's entity_run_* and period_run_* (reused)
  int64_t first_column_rows_ = -1;  // values of the chunk's first column (-1: none yet)
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_COLUMNAR_CHUNK_PARSER_H_

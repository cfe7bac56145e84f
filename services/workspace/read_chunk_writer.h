#ifndef GOVMETRICS_SERVICES_WORKSPACE_READ_CHUNK_WRITER_H_
#define GOVMETRICS_SERVICES_WORKSPACE_READ_CHUNK_WRITER_H_

// One ReadDataset stream's messages: each stored chunk's parts, read from the store, become
// the message of the read's encoding, as bytes. COLUMNAR is written by hand
// (ColumnarChunkEncoder::EncodeResponse) with the large buffers lent to gRPC (no copy);
// ROWS (kept for older clients) is serialised from a Panel. The buffers come from a
// StringRecycler the server's streams share: a part is read into a buffer that came back
// from an earlier message (of this stream or another), so a stream touches fresh memory
// only while the shared buffers do not yet cover the chunks in flight.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "grpcpp/support/byte_buffer.h"
#include "services/workspace/columnar_chunk.h"
#include "services/workspace/dataset_store.h"
#include "services/workspace/recycled_strings.h"

namespace govmetrics::workspace {

class ReadChunkWriter {
 public:
  // `schema` and `wanted` (which parts the read sends; StoredPartCount entries when the
  // entities come from the stored runs, stored_entity_runs.h) must outlive the writer.
  // `run_length_codes`: ReadDatasetRequest.run_length_codes (COLUMNAR only).
  ReadChunkWriter(v1::ChunkEncoding encoding, bool run_length_codes,
                  const common::v1::Panel& schema, const std::vector<bool>& wanted,
                  std::shared_ptr<StringRecycler> buffers);

  // The stream's entity codes number the dataset's (ColumnarChunkEncoder::
  // NumberDatasetEntities; COLUMNAR from the stored runs only, INTERNAL otherwise).
  absl::Status NumberDatasetEntities(int64_t entities_before);

  // Reads chunk `seq` from `store` and writes its message (rows from `first_row`) into
  // `message`; returns the chunk's rows.
  absl::StatusOr<int64_t> Next(DatasetStore& store, const DatasetStore::Layout& layout,
                               int64_t seq, int64_t first_row, grpc::ByteBuffer* message);

 private:
  absl::StatusOr<int64_t> Columnar(int64_t first_row, grpc::ByteBuffer* message);
  absl::StatusOr<int64_t> Rows(int64_t first_row, grpc::ByteBuffer* message);
  // Room for the codes of a name part: its stored bytes bound them (a name field takes at
  // least 3 bytes, a code up to 2^21 at most 3).
  size_t CodesCapacity(int source) const;

  const common::v1::Panel& schema_;
  const std::vector<bool>& wanted_;
  std::shared_ptr<StringRecycler> buffers_;
  std::optional<ColumnarChunkEncoder> columnar_;
  std::vector<std::string> parts_;
  std::vector<ColumnarChunkEncoder::WirePiece> pieces_;
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_READ_CHUNK_WRITER_H_

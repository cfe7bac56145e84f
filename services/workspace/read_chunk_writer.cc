#include "services/workspace/read_chunk_writer.h"

#include <utility>

#include "services/workspace/dataset_parts.h"
#include "services/workspace/stored_entity_runs.h"

namespace govmetrics::workspace {

ReadChunkWriter::ReadChunkWriter(v1::ChunkEncoding encoding, bool run_length_codes,
                                 const common::v1::Panel& schema, const std::vector<bool>& wanted,
                                 std::shared_ptr<StringRecycler> buffers)
    : schema_(schema), wanted_(wanted), buffers_(std::move(buffers)),
      parts_(wanted.size()) {
  if (encoding == v1::CHUNK_ENCODING_COLUMNAR) columnar_.emplace(schema, wanted, run_length_codes);
}

absl::Status ReadChunkWriter::NumberDatasetEntities(int64_t entities_before) {
  if (!columnar_.has_value()) return absl::InternalError("dataset-wide entity codes asked of ROWS");
  return columnar_->NumberDatasetEntities(entities_before);
}

absl::StatusOr<int64_t> ReadChunkWriter::Next(DatasetStore& store,
                                              const DatasetStore::Layout& layout, int64_t seq,
                                              int64_t first_row, grpc::ByteBuffer* message) {
  auto read = store.ReadChunkInto(layout, seq, wanted_, &parts_, buffers_.get());
  if (!read.ok()) return read;
  return columnar_.has_value() ? Columnar(first_row, message) : Rows(first_row, message);
}

absl::StatusOr<int64_t> ReadChunkWriter::Rows(int64_t first_row, grpc::ByteBuffer* message) {
  auto chunk = DecodeChunkParts(schema_, parts_, wanted_);
  if (!chunk.ok()) return chunk.status();
  v1::ReadDatasetResponse rows;
  *rows.mutable_chunk() = *std::move(chunk);
  rows.set_first_row(first_row);
  grpc::Slice slice = buffers_->Lend(rows.SerializeAsString());
  *message = grpc::ByteBuffer(&slice, 1);
  return rows.chunk().entity_size();
}

size_t ReadChunkWriter::CodesCapacity(int source) const {
  if (source == ColumnarChunkEncoder::kComputedEntityCodes) {
    // Read from the stored runs, no names bound them: a row's period takes at least a byte.
    return ReadsStoredRuns(schema_, wanted_) ? 3 * parts_[kPeriodPart].size()
                                             : parts_[kEntityPart].size();
  }
  for (int l = 0; l < schema_.labels_size(); ++l) {
    if (source == ColumnarChunkEncoder::ComputedLabelCodes(l)) {
      return parts_[LabelPart(schema_, l)].size();
    }
  }
  return 0;
}

absl::StatusOr<int64_t> ReadChunkWriter::Columnar(int64_t first_row, grpc::ByteBuffer* message) {
  auto codes = [this](int source) { return buffers_->Take(CodesCapacity(source)); };
  auto rows = columnar_->EncodeResponse(first_row, &parts_, codes, &pieces_);
  if (!rows.ok()) return rows.status();
  std::vector<grpc::Slice> slices;
  slices.reserve(pieces_.size());
  for (auto& piece : pieces_) {
    if (piece.source == ColumnarChunkEncoder::kHeader) {
      slices.emplace_back(piece.bytes.data(), piece.bytes.size());  // small: copied
      continue;
    }
    const size_t size = piece.bytes.size();
    slices.push_back(buffers_->Lend(std::move(piece.bytes)));
    // The next chunk's part (of about the same size) is read into a buffer that came back
    // from gRPC: resized, not cleared, so the read overwrites memory already touched.
    if (piece.source >= 0) parts_[piece.source] = buffers_->TakeForOverwrite(size);
  }
  *message = grpc::ByteBuffer(slices.data(), slices.size());
  return rows;
}

}  // namespace govmetrics::workspace

#ifndef GOVMETRICS_SERVICES_GATEWAY_CSV_UPLOAD_CHUNKER_H_
#define GOVMETRICS_SERVICES_GATEWAY_CSV_UPLOAD_CHUNKER_H_

// A CSV request body read as it arrives: cut at record boundaries (outside quotes) into
// pieces of about kChunkBytes, each read by common/files' CSV reader with the header line
// prepended and handed on as a Panel, so the gateway holds one piece, whatever the file's
// size. Rows are named as in the whole file in messages.
//
// Column types: CSV decides them over a column's cells (column_types.h: one text cell
// makes a label). A streamed upload cannot look ahead, so the first piece (MiB) decides: a
// column that is text there stays text, and a later text cell in a column the first
// piece read as numbers is refused, naming its row and column. A file within one piece
// reads exactly as `govmetrics dataset upload` reads it. docs/api.md, "Uploading a file".

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "services/gateway/dataset_upload.h"

namespace govmetrics::gateway {

class CsvUploadChunker {
 public:
  static constexpr size_t kChunkBytes = size_t{1} << 20;
  using Emit = std::function<absl::Status(common::v1::Panel chunk)>;

  // `piece_bytes`: where pieces are cut (tests cut small ones).
  CsvUploadChunker(UploadParams params, Emit emit, size_t piece_bytes = kChunkBytes)
      : params_(std::move(params)), emit_(std::move(emit)), piece_bytes_(piece_bytes) {}

  // The next bytes of the body; emits every piece completed by them.
  absl::Status Feed(absl::string_view bytes);
  // The body ended: emits what is left (at least one piece, so an empty file is refused).
  absl::Status Finish();

 private:
  // Moves the records in buffer_[0, end) into a Panel and emits it.
  absl::Status EmitRecords(size_t end);

  UploadParams params_;
  Emit emit_;
  size_t piece_bytes_;
  std::string header_;        // the header record, with its line end
  std::string buffer_;        // bytes after the last emitted record
  size_t scanned_ = 0;        // buffer_[0, scanned_) has been scanned for record ends
  size_t last_record_end_ = 0;
  bool in_quotes_ = false;
  int lines_emitted_ = 0;     // data lines of the pieces already emitted
  int pieces_ = 0;
  std::vector<std::string> first_texts_;  // the columns the first piece read as text
};

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_CSV_UPLOAD_CHUNKER_H_

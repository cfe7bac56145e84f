#ifndef GOVMETRICS_SERVICES_WORKSPACE_DATASET_UPLOAD_H_
#define GOVMETRICS_SERVICES_WORKSPACE_DATASET_UPLOAD_H_

// The checks and bookkeeping of one CreateDataset stream, independent of storage:
// - every chunk is a valid panel (contracts::PanelView: aligned arrays, named columns,
//   non-empty entities) with the first chunk's columns and labels, in the same order;
// - (entity, period) pairs are unique across the whole upload, not only in a chunk;
// - counts entities, periods and balance;
// - regroups the client's chunks (of any size, even one row) into stored chunks of about
//   kStoredChunkCells cells, so reads stream evenly sized messages.
// Violations name the stream message: "chunks[3].columns[1].name".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::workspace {

// About 2 MiB of doubles per stored chunk: well under gRPC's 4 MiB default message limit
// when read back, large enough that a 1e8-row panel is a few thousand database rows.
inline constexpr int64_t kStoredChunkCells = 1 << 18;

struct DatasetShape {
  int64_t rows = 0;
  int64_t entities = 0;
  int64_t periods = 0;
  bool balanced = false;
};

class DatasetUpload {
 public:
  // Checks and takes message `index` of the stream. After an error the upload is void.
  absl::Status Add(const common::v1::Panel& chunk, int index);

  // A stored chunk ready to be written, if enough rows are buffered (or `final`).
  std::optional<common::v1::Panel> TakeStoredChunk(bool final);

  // After the last message: the duplicate check across chunks and the shape.
  absl::StatusOr<DatasetShape> Finish();

  bool started() const { return schema_.has_value(); }
  const common::v1::Panel& schema() const { return *schema_; }

 private:
  absl::Status CheckSchema(const common::v1::Panel& chunk, int index) const;
  void Append(const common::v1::Panel& chunk);

  std::optional<common::v1::Panel> schema_;
  common::v1::Panel pending_;
  int64_t rows_ = 0;
  absl::flat_hash_map<std::string, uint32_t> entity_codes_;
  absl::flat_hash_set<int32_t> periods_;
  std::vector<uint64_t> keys_;  // entity code << 32 | period, sorted at Finish
  std::vector<std::string> entity_names_;
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_DATASET_UPLOAD_H_

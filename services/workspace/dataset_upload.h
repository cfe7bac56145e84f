#ifndef GOVMETRICS_SERVICES_WORKSPACE_DATASET_UPLOAD_H_
#define GOVMETRICS_SERVICES_WORKSPACE_DATASET_UPLOAD_H_

// The checks and bookkeeping of one CreateDataset stream, independent of storage:
// - every chunk is a valid panel (contracts::PanelView: aligned arrays, named columns,
//   non-empty entities) with the first chunk's columns and labels, in the same order;
// - (entity, period) pairs are unique across the whole upload, not only in a chunk;
// - counts entities, periods and balance;
// - regroups the client's chunks (of any size, even one row) into stored chunks of about
//   kStoredChunkCells cells, so reads stream evenly sized messages. Rows are appended to
//   the stored chunk's parts (dataset_parts.h) as they arrive: no Panel is merged or
//   re-serialised, and each entity of a chunk is looked up once;
// - writes each stored chunk's entity runs and new entities parts (stored_entity_runs.h)
//   from the codes the duplicate check gives the entities anyway, and its period runs
//   (stored_period_runs.h).
// Violations name the stream message: "chunks[3].columns[1].name".

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/contracts/panel_view.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "services/workspace/stored_entity_runs.h"

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

  // The parts of a stored chunk ready to be written (dataset_parts.h: StoredPartCount of
  // them), if enough rows are buffered (or `final`).
  std::optional<std::vector<std::string>> TakeStoredChunk(bool final);

  // After the last message: the duplicate check across chunks and the shape.
  absl::StatusOr<DatasetShape> Finish();

  bool started() const { return schema_.has_value(); }
  const common::v1::Panel& schema() const { return *schema_; }

 private:
  absl::Status CheckSchema(const common::v1::Panel& chunk, int index) const;
  // Codes the chunk's entities and records its (entity, period) keys.
  void CountRows(const contracts::PanelView& chunk);
  uint32_t EntityCode(const std::string& name);
  // The shape once the keys are known to be unique; frees them.
  DatasetShape ShapeOfUpload();

  std::optional<common::v1::Panel> schema_;
  std::vector<std::string> pending_parts_;  // of the stored chunk being filled
  int64_t pending_rows_ = 0;
  int64_t rows_ = 0;
  absl::flat_hash_map<std::string, uint32_t> entity_codes_;
  absl::flat_hash_set<int32_t> periods_;
  std::vector<uint64_t> keys_;  // entity code << 32 | period, sorted at Finish
  // While every key is larger than the one before (rows sorted by entity then period,
  // entities coded in order of appearance: the usual long format), keys_ is sorted and
  // free of duplicates, and Finish skips the sort (seconds at 1e8 rows).
  bool keys_increasing_ = true;
  std::vector<std::string> entity_names_;
  EntityRunsWriter entity_runs_;  // of the stored chunk being filled
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_DATASET_UPLOAD_H_

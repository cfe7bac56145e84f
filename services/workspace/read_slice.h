#ifndef GOVMETRICS_SERVICES_WORKSPACE_READ_SLICE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_READ_SLICE_H_

// Which stored chunks a ReadDataset stream sends (ReadDatasetRequest.slice,
// workspace_service.proto): slice i of n is the run of whole stored chunks
// [floor(i*C/n), floor((i+1)*C/n)) of C, so the slices of one n, in index order, are the
// dataset's rows in upload order. Whole chunks: a slice is sent from the stored bytes as
// they are, with no chunk cut or re-encoded.

#include <cstdint>

#include "absl/status/statusor.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"

namespace govmetrics::workspace {

// More slices than a client could use, few enough that the arithmetic below never
// overflows (chunk counts are far below 2^53).
inline constexpr int32_t kMaxReadSlices = 1024;

// Stored chunks [begin, end) of a dataset's `chunks`.
struct ChunkRange {
  int64_t begin = 0;
  int64_t end = 0;
};

// The chunks `slice` selects (all of them when `slice` has count 0 and index 0).
// INVALID_ARGUMENT naming "slice.count" or "slice.index" when out of range.
absl::StatusOr<ChunkRange> SliceChunks(const v1::ReadSlice& slice, int64_t chunks);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_READ_SLICE_H_

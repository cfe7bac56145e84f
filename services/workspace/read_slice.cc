#include "services/workspace/read_slice.h"

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"

namespace govmetrics::workspace {

absl::StatusOr<ChunkRange> SliceChunks(const v1::ReadSlice& slice, int64_t chunks) {
  if (slice.count() < 0 || slice.count() > kMaxReadSlices) {
    return contracts::InvalidField(
        "slice.count", absl::StrCat("slice count ", slice.count(), " is out of range; use 1 to ",
                                    kMaxReadSlices, " (or 0 for the whole dataset)"));
  }
  const int32_t count = slice.count() == 0 ? 1 : slice.count();
  if (slice.index() < 0 || slice.index() >= count) {
    return contracts::InvalidField(
        "slice.index", absl::StrCat("slice index ", slice.index(), " is out of range; use 0 to ",
                                    count - 1, " for ", count, " slice(s)"));
  }
  // Boundaries by the same formula for every index: the slices tile [0, chunks) exactly.
  auto boundary = [&](int64_t i) { return i * chunks / count; };
  return ChunkRange{boundary(slice.index()), boundary(slice.index() + 1)};
}

}  // namespace govmetrics::workspace

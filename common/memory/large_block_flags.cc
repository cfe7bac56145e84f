#include "common/memory/large_block_flags.h"

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "absl/flags/flag.h"
#include "common/memory/process_large_blocks.h"

ABSL_FLAG(int64_t, large_block_pool_mb, 16384,
          "Freed blocks of at least --large_block_min_mb (a dataset read by reference, the "
          "engine's input and work arrays) stay mapped, up to this many MB, for the next call "
          "to reuse instead of faulting in fresh pages; the kernel may take them back under "
          "memory pressure; the C library's arenas then also keep up to 64 MB each of freed "
          "smaller blocks. 0 gives every freed block back at once.");
ABSL_FLAG(int64_t, large_block_idle_seconds, 30,
          "A pooled block unused for this long is given back to the kernel.");
ABSL_FLAG(int64_t, large_block_min_mb, 32,
          "Smallest block the pool keeps (smaller ones stay in the C library's arenas).");

namespace govmetrics::memory {

void ConfigureProcessLargeBlocksFromFlags() {
  const int64_t pool_mb = absl::GetFlag(FLAGS_large_block_pool_mb);
  if (pool_mb <= 0) return;
  LargeBlockPoolOptions options;
  options.max_idle_bytes = static_cast<size_t>(pool_mb) << 20;
  const int64_t min_mb = std::max<int64_t>(absl::GetFlag(FLAGS_large_block_min_mb), 2);
  options.min_block_bytes = static_cast<size_t>(min_mb) << 20;
  const int64_t idle_seconds = std::max<int64_t>(absl::GetFlag(FLAGS_large_block_idle_seconds), 1);
  options.idle_release = std::chrono::seconds(idle_seconds);
  ConfigureProcessLargeBlocks(options);
}

}  // namespace govmetrics::memory

#ifndef GOVMETRICS_COMMON_MEMORY_LARGE_BLOCK_FLAGS_H_
#define GOVMETRICS_COMMON_MEMORY_LARGE_BLOCK_FLAGS_H_

// The flags of a server whose large blocks are pooled (process_large_blocks.h; the
// modeling server): --large_block_pool_mb, --large_block_idle_seconds, --large_block_min_mb.

namespace govmetrics::memory {

// Configures the process's large-block pool from the flags; does nothing when
// --large_block_pool_mb is 0. Call once, after the flags are parsed.
void ConfigureProcessLargeBlocksFromFlags();

}  // namespace govmetrics::memory

#endif  // GOVMETRICS_COMMON_MEMORY_LARGE_BLOCK_FLAGS_H_

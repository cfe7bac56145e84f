#ifndef GOVMETRICS_COMMON_MEMORY_PROCESS_LARGE_BLOCKS_H_
#define GOVMETRICS_COMMON_MEMORY_PROCESS_LARGE_BLOCKS_H_

// The process's malloc, free, calloc, realloc and malloc_usable_size, with large
// requests served by one LargeBlockPool (large_block_pool.h) once it is configured, and
// everything else by the C library's allocator (glibc's __libc_* functions), so that
// every large block (std::vector, Eigen, whatever allocates it) is reused across calls.
//
// Only binaries that link govmetrics_process_large_blocks get these definitions (the
// modeling server); in sanitizer builds they are left out (the sanitizers own malloc) and
// the pool serves nothing. Until ConfigureProcessLargeBlocks runs, every request goes to
// the C library.

#include "common/memory/large_block_pool.h"

namespace govmetrics::memory {

// Starts serving large requests from a pool with `options` (once; later calls are
// ignored and return false) and a thread that unmaps blocks idle for
// options.idle_release. max_idle_bytes 0 keeps nothing (every large free unmaps).
// Also makes the C library's arenas keep the smaller blocks they free (arena_retention.h).
bool ConfigureProcessLargeBlocks(const LargeBlockPoolOptions& options);

// The process's pool; null before ConfigureProcessLargeBlocks (for logs and tests).
const LargeBlockPool* ProcessLargeBlockPool();

}  // namespace govmetrics::memory

#endif  // GOVMETRICS_COMMON_MEMORY_PROCESS_LARGE_BLOCKS_H_

#ifndef GOVMETRICS_COMMON_MEMORY_ARENA_RETENTION_H_
#define GOVMETRICS_COMMON_MEMORY_ARENA_RETENTION_H_

// How much freed memory the C library's allocator keeps for reuse instead of handing it
// back to the kernel, for the blocks the large-block pool does not serve.
//
// Why: a dataset read by reference arrives as gRPC slices (tens of KiB each, up to the
// 32 MiB receive window in flight) that gRPC's polling threads allocate from their own
// glibc arenas and the reading thread frees. With glibc's defaults a thread arena
// returns its free top to the kernel as soon as it passes 128 KiB (MADV_DONTNEED), so
// every few MB of a stream were faulted in and zeroed again: at 1e7 rows about 60,000
// page faults and 1 s of CPU per read, four times the cost of the read itself
// (docs/performance.md, Workspace). Keeping up to `trim_bytes` free per arena, and
// leaving requests up to `mmap_threshold_bytes` in the arenas (glibc would otherwise map
// and unmap each one above 128 KiB once the trim threshold is fixed), makes the next
// stream reuse the same pages.

#include <cstddef>

namespace govmetrics::memory {

struct ArenaRetention {
  size_t trim_bytes = size_t{64} << 20;            // free memory an arena may keep
  size_t mmap_threshold_bytes = size_t{32} << 20;  // glibc's maximum
};

// Applies `retention` to the process's C library allocator (glibc's mallopt; elsewhere,
// or under a sanitizer that owns malloc, nothing). True when it was applied.
bool RetainArenaMemory(const ArenaRetention& retention);

}  // namespace govmetrics::memory

#endif  // GOVMETRICS_COMMON_MEMORY_ARENA_RETENTION_H_

#include "common/memory/arena_retention.h"

#include <algorithm>
#include <climits>

#if defined(__GLIBC__) && !defined(GOVMETRICS_LIBC_MALLOC_ONLY)
#include <malloc.h>
#endif

namespace govmetrics::memory {

bool RetainArenaMemory(const ArenaRetention& retention) {
#if defined(__GLIBC__) && !defined(GOVMETRICS_LIBC_MALLOC_ONLY)
  // mallopt takes an int, and refuses an mmap threshold over 32 MiB on 64-bit hosts.
  const auto as_int = [](size_t bytes) {
    return static_cast<int>(std::min<size_t>(bytes, static_cast<size_t>(INT_MAX)));
  };
  // The trim threshold first: setting either fixes both (glibc stops adjusting them).
  const bool trim = mallopt(M_TRIM_THRESHOLD, as_int(retention.trim_bytes)) == 1;
  const bool mmap = mallopt(M_MMAP_THRESHOLD, as_int(retention.mmap_threshold_bytes)) == 1;
  return trim && mmap;
#else
  (void)retention;
  return false;
#endif
}

}  // namespace govmetrics::memory

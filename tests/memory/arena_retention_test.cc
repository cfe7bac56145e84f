// RetainArenaMemory (arena_retention.h): a thread that frees many small blocks (what
// gRPC's polling threads do with a stream's slices) gets the same pages back for the
// next ones, instead of fresh pages the kernel must fault in and zero.
#include "common/memory/arena_retention.h"

#include <sys/resource.h>

#include <cstdlib>
#include <cstring>
#include <thread>
#include <vector>

#include "gtest/gtest.h"

namespace govmetrics::memory {
namespace {

constexpr size_t kSliceBytes = size_t{64} << 10;  // a gRPC read slice
constexpr size_t kSlices = 256;                   // 16 MiB: half a receive window
constexpr long kPageBytes = 4096;

long ThreadMinorFaults() {
  rusage usage{};
  getrusage(RUSAGE_THREAD, &usage);
  return usage.ru_minflt;
}

// Allocates the slices, writes every page of them and frees them; returns the minor
// page faults that took.
long Burst() {
  const long before = ThreadMinorFaults();
  std::vector<void*> slices;
  for (size_t i = 0; i < kSlices; ++i) {
    slices.push_back(std::malloc(kSliceBytes));
    std::memset(slices.back(), static_cast<int>(i), kSliceBytes);
  }
  for (void* slice : slices) std::free(slice);
  return ThreadMinorFaults() - before;
}

TEST(ArenaRetentionTest, SecondBurstOfAThreadReusesThePagesOfTheFirst) {
  if (!RetainArenaMemory(ArenaRetention())) GTEST_SKIP() << "not glibc's allocator";
  long first = 0, second = 0;
  std::thread([&] {  // a thread of its own: its own arena, as gRPC's pollers have
    first = Burst();
    second = Burst();
  }).join();
  const long pages = static_cast<long>(kSlices * kSliceBytes) / kPageBytes;
  EXPECT_GT(first, pages / 2) << "the first burst maps fresh pages";
  EXPECT_LT(second, pages / 16) << "the second reuses them (first burst: " << first << " faults)";
}

}  // namespace
}  // namespace govmetrics::memory

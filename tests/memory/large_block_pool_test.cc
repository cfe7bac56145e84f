// LargeBlockPool: freed blocks are reused (same pages), split and merged, kept under
// the cap and unmapped after their idle time.
#include "common/memory/large_block_pool.h"

#include <chrono>
#include <cstdint>
#include <cstring>

#include "gtest/gtest.h"

namespace govmetrics::memory {
namespace {

constexpr size_t kMiB = size_t{1} << 20;
constexpr size_t kUnit = LargeBlockPool::kAlignment;

LargeBlockPoolOptions Options(size_t max_idle_bytes, size_t min_block_bytes = 4 * kMiB) {
  LargeBlockPoolOptions options;
  options.min_block_bytes = min_block_bytes;
  options.max_idle_bytes = max_idle_bytes;
  options.idle_release = std::chrono::seconds(30);
  return options;
}

TEST(LargeBlockPoolTest, SmallRequestsAreNotThePools) {
  LargeBlockPool pool(Options(64 * kMiB));
  EXPECT_EQ(pool.Allocate(4 * kMiB - 1), nullptr);
  EXPECT_EQ(pool.stats().fresh_maps, 0);
  int local = 0;
  EXPECT_FALSE(pool.Free(&local));
  EXPECT_EQ(pool.CapacityOf(&local), 0u);
}

TEST(LargeBlockPoolTest, FreedBlockIsReusedWithItsContents) {
  LargeBlockPool pool(Options(64 * kMiB));
  bool zeroed = false;
  auto* first = static_cast<char*>(pool.Allocate(10 * kMiB, &zeroed));
  ASSERT_NE(first, nullptr);
  EXPECT_TRUE(zeroed);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(first) % kUnit, 0u);
  EXPECT_EQ(pool.CapacityOf(first), 10 * kMiB);
  std::memset(first, 7, 10 * kMiB);
  ASSERT_TRUE(pool.Free(first));
  EXPECT_FALSE(pool.Free(first));  // not in use any more
  EXPECT_EQ(pool.stats().idle_bytes, 10 * kMiB);

  auto* again = static_cast<char*>(pool.Allocate(9 * kMiB + 1, &zeroed));
  EXPECT_EQ(again, first);  // the same mapping, no fresh pages
  EXPECT_FALSE(zeroed);
  again[0] = 1;  // writable
  const LargeBlockPoolStats stats = pool.stats();
  EXPECT_EQ(stats.fresh_maps, 1);
  EXPECT_EQ(stats.reuses, 1);
  EXPECT_EQ(stats.idle_bytes, 0u);
  EXPECT_EQ(stats.in_use_bytes, 10 * kMiB);
  pool.Free(again);
}

TEST(LargeBlockPoolTest, SmallestIdleBlockThatFitsIsTakenAndSplit) {
  LargeBlockPool pool(Options(256 * kMiB));
  void* big = pool.Allocate(32 * kMiB);
  void* fence = pool.Allocate(4 * kMiB);  // keeps the two blocks apart if adjacent
  void* small = pool.Allocate(8 * kMiB);
  pool.Free(big);
  pool.Free(small);
  EXPECT_EQ(pool.Allocate(6 * kMiB), small);  // 8 MiB: the smallest that holds 6
  // 20 of the 32 MiB block; its last 12 MiB stay idle and serve the next request.
  auto* head = static_cast<char*>(pool.Allocate(20 * kMiB));
  EXPECT_EQ(head, big);
  EXPECT_EQ(pool.CapacityOf(head), 20 * kMiB);
  EXPECT_EQ(pool.stats().idle_bytes, 2 * kMiB + 12 * kMiB);  // small's tail + big's tail
  EXPECT_EQ(pool.Allocate(12 * kMiB), head + 20 * kMiB);
  EXPECT_EQ(pool.stats().fresh_maps, 3);
  pool.Free(fence);
}

TEST(LargeBlockPoolTest, AdjacentIdleBlocksMerge) {
  LargeBlockPool pool(Options(256 * kMiB));
  auto* whole = static_cast<char*>(pool.Allocate(30 * kMiB));
  pool.Free(whole);
  auto* a = static_cast<char*>(pool.Allocate(10 * kMiB));
  auto* b = static_cast<char*>(pool.Allocate(10 * kMiB));
  auto* c = static_cast<char*>(pool.Allocate(10 * kMiB));
  EXPECT_EQ(a, whole);
  EXPECT_EQ(b, whole + 10 * kMiB);
  EXPECT_EQ(c, whole + 20 * kMiB);
  pool.Free(a);
  pool.Free(c);
  pool.Free(b);  // joins both neighbours
  EXPECT_EQ(pool.Allocate(30 * kMiB), whole);
  EXPECT_EQ(pool.stats().fresh_maps, 1);
}

TEST(LargeBlockPoolTest, ShrinkHandsTheTailBackAndGrowTakesItAgain) {
  LargeBlockPool pool(Options(256 * kMiB));
  auto* block = static_cast<char*>(pool.Allocate(24 * kMiB));
  std::memset(block, 3, 24 * kMiB);
  EXPECT_EQ(pool.Resize(block, 16 * kMiB), block);  // a realloc that drops a column
  EXPECT_EQ(pool.CapacityOf(block), 16 * kMiB);
  EXPECT_EQ(pool.stats().idle_bytes, 8 * kMiB);
  EXPECT_EQ(block[16 * kMiB - 1], 3);  // contents kept
  EXPECT_EQ(pool.Resize(block, 20 * kMiB), block);  // the tail is still right after it
  EXPECT_EQ(pool.CapacityOf(block), 20 * kMiB);
  EXPECT_EQ(pool.stats().idle_bytes, 4 * kMiB);
  pool.Free(block);
  EXPECT_EQ(pool.Allocate(24 * kMiB), block);  // merged again: one call's sizes, repeated
  EXPECT_EQ(pool.stats().fresh_maps, 1);
}

TEST(LargeBlockPoolTest, GrowWithoutRoomAfterItIsRefused) {
  LargeBlockPool pool(Options(256 * kMiB));
  void* block = pool.Allocate(8 * kMiB);
  EXPECT_EQ(pool.Resize(block, 64 * kMiB), nullptr);  // the caller copies instead
  EXPECT_EQ(pool.CapacityOf(block), 8 * kMiB);
  int local = 0;
  EXPECT_EQ(pool.Resize(&local, 8 * kMiB), nullptr);
  pool.Free(block);
}

TEST(LargeBlockPoolTest, IdleBytesStayUnderTheCapOldestOut) {
  LargeBlockPool pool(Options(20 * kMiB));
  void* a = pool.Allocate(12 * kMiB);
  void* fence = pool.Allocate(4 * kMiB);
  void* b = pool.Allocate(12 * kMiB);
  pool.Free(a);
  EXPECT_EQ(pool.stats().idle_bytes, 12 * kMiB);
  pool.Free(b);  // 24 MiB idle > 20: a, idle longest, is unmapped
  LargeBlockPoolStats stats = pool.stats();
  EXPECT_EQ(stats.idle_bytes, 12 * kMiB);
  EXPECT_EQ(stats.unmapped, 1);
  EXPECT_EQ(pool.Allocate(12 * kMiB), b);
  pool.Free(fence);
}

TEST(LargeBlockPoolTest, CapZeroKeepsNothing) {
  LargeBlockPool pool(Options(0));
  void* block = pool.Allocate(8 * kMiB);
  pool.Free(block);
  EXPECT_EQ(pool.stats().idle_bytes, 0u);
  EXPECT_EQ(pool.stats().unmapped, 1);
  pool.Free(pool.Allocate(8 * kMiB));
  EXPECT_EQ(pool.stats().fresh_maps, 2);
}

TEST(LargeBlockPoolTest, BlocksIdleLongerThanTheReleaseTimeAreUnmapped) {
  LargeBlockPool pool(Options(256 * kMiB));
  void* old_block = pool.Allocate(8 * kMiB);
  void* in_use = pool.Allocate(8 * kMiB);
  pool.Free(old_block);
  const auto now = LargeBlockPool::Clock::now();
  EXPECT_EQ(pool.ReleaseIdle(now), 0);  // idle for less than 30 s
  EXPECT_EQ(pool.ReleaseIdle(now + std::chrono::seconds(31)), 1);
  EXPECT_EQ(pool.stats().idle_bytes, 0u);
  EXPECT_EQ(pool.CapacityOf(in_use), 8 * kMiB);  // blocks in use are never released
  pool.Free(in_use);
}

}  // namespace
}  // namespace govmetrics::memory

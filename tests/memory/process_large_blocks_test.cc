// The process malloc of process_large_blocks.h (this test binary's own malloc): large
// requests come from the pool and come back to it, whatever allocates them (malloc,
// calloc, realloc, operator new, std::vector, Eigen), small ones from the C library.
#include "common/memory/process_large_blocks.h"

#include <malloc.h>

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <vector>

#include "Eigen/Core"
#include "gtest/gtest.h"

namespace govmetrics::memory {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

class ProcessLargeBlocksTest : public testing::Test {
 protected:
  static void SetUpTestSuite() {
    LargeBlockPoolOptions options;
    options.min_block_bytes = 16 * kMiB;
    options.max_idle_bytes = 512 * kMiB;
    ConfigureProcessLargeBlocks(options);
  }
  void SetUp() override {
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
    GTEST_SKIP() << "sanitizer builds keep the sanitizer's malloc";
#endif
    ASSERT_NE(ProcessLargeBlockPool(), nullptr);
  }
  static LargeBlockPoolStats Stats() { return ProcessLargeBlockPool()->stats(); }
};

TEST_F(ProcessLargeBlocksTest, ConfiguredOnce) {
  LargeBlockPoolOptions other;
  EXPECT_FALSE(ConfigureProcessLargeBlocks(other));
  EXPECT_EQ(ProcessLargeBlockPool()->options().min_block_bytes, 16 * kMiB);
}

TEST_F(ProcessLargeBlocksTest, LargeMallocIsReusedAfterFree) {
  const int64_t fresh = Stats().fresh_maps;
  void* first = std::malloc(100 * kMiB);
  ASSERT_NE(first, nullptr);
  EXPECT_EQ(ProcessLargeBlockPool()->CapacityOf(first), 100 * kMiB);
  EXPECT_EQ(malloc_usable_size(first), 100 * kMiB);
  std::memset(first, 1, 100 * kMiB);
  std::free(first);
  void* second = std::malloc(100 * kMiB);
  EXPECT_EQ(second, first);
  EXPECT_EQ(Stats().fresh_maps, fresh + 1);
  std::free(second);
}

TEST_F(ProcessLargeBlocksTest, SmallRequestsStayWithTheCLibrary) {
  void* small = std::malloc(1000);
  ASSERT_NE(small, nullptr);
  EXPECT_EQ(ProcessLargeBlockPool()->CapacityOf(small), 0u);
  EXPECT_GE(malloc_usable_size(small), 1000u);
  void* grown = std::realloc(small, 2000);  // the C library's realloc
  ASSERT_NE(grown, nullptr);
  std::free(grown);
  std::free(nullptr);
}

TEST_F(ProcessLargeBlocksTest, CallocOfAReusedBlockIsZero) {
  auto* dirty = static_cast<unsigned char*>(std::malloc(32 * kMiB));
  std::memset(dirty, 0xab, 32 * kMiB);
  std::free(dirty);
  auto* zeroed = static_cast<unsigned char*>(std::calloc(32, kMiB));
  EXPECT_EQ(zeroed, dirty);
  bool all_zero = true;
  for (size_t i = 0; i < 32 * kMiB; i += 4093) all_zero = all_zero && zeroed[i] == 0;
  EXPECT_TRUE(all_zero);
  EXPECT_EQ(zeroed[32 * kMiB - 1], 0);
  std::free(zeroed);
  volatile size_t count = SIZE_MAX / 2;  // not a constant: the compiler would warn
  EXPECT_EQ(std::calloc(count, 4), nullptr);  // overflow: refused, not wrapped
}

TEST_F(ProcessLargeBlocksTest, ReallocShrinksInPlaceAndMovesWhenItMustGrow) {
  auto* block = static_cast<char*>(std::malloc(48 * kMiB));
  std::memset(block, 5, 48 * kMiB);
  const auto before = reinterpret_cast<uintptr_t>(block);
  block = static_cast<char*>(std::realloc(block, 32 * kMiB));  // the tail goes back to the pool
  EXPECT_EQ(reinterpret_cast<uintptr_t>(block), before);
  auto* blocker = std::malloc(16 * kMiB);  // takes that tail: no room to grow in place
  EXPECT_EQ(blocker, block + 32 * kMiB);
  auto* moved = static_cast<char*>(std::realloc(block, 64 * kMiB));
  ASSERT_NE(moved, nullptr);
  EXPECT_NE(moved, block);
  EXPECT_EQ(moved[0], 5);
  EXPECT_EQ(moved[32 * kMiB - 1], 5);
  EXPECT_EQ(std::realloc(moved, 0), nullptr);  // frees, as glibc's realloc does
  std::free(blocker);
}

TEST_F(ProcessLargeBlocksTest, ContainersReuseTheBlocksOfTheLastOnes) {
  // Sizes larger than any block the tests above left idle.
  const Eigen::Index rows = Eigen::Index{1} << 21;  // 7 columns: 112 MiB
  const size_t codes = size_t{30} << 20;           // 120 MiB of int
  const int64_t fresh = Stats().fresh_maps;
  {
    Eigen::MatrixXd x(rows, 7);
    std::vector<int> v(codes);
    x.setConstant(2.0);
    const double* data = x.data();
    x.conservativeResize(Eigen::NoChange, 6);  // realloc cuts a column in place
    EXPECT_EQ(x.data(), data);
    EXPECT_EQ(x(rows - 1, 5), 2.0);
  }
  EXPECT_EQ(Stats().fresh_maps, fresh + 2);
  const int64_t reuses = Stats().reuses;
  Eigen::MatrixXd again(rows, 7);
  auto v = std::make_unique<std::vector<int>>(codes);
  EXPECT_EQ(Stats().fresh_maps, fresh + 2);  // no new mapping: both came back
  EXPECT_EQ(Stats().reuses, reuses + 2);
}

}  // namespace
}  // namespace govmetrics::memory

// StringRecycler (services/workspace/recycled_strings.h): a string lent to gRPC as a slice
// is not copied, comes back with its memory once the slice is dropped (also after the
// recycler's owner let go of it), is reused for a take of about its capacity only, and no
// more than the bound waits.
#include "services/workspace/recycled_strings.h"

#include <memory>
#include <optional>
#include <string>

#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"

namespace govmetrics::workspace {
namespace {

constexpr size_t kMiB = size_t{1} << 20;

TEST(StringRecyclerTest, LentStringIsSentInPlaceAndComesBackWithItsMemory) {
  auto recycler = StringRecycler::Create(64 * kMiB);
  std::string bytes(kMiB, 'x');
  const char* memory = bytes.data();
  {
    grpc::Slice slice = recycler->Lend(std::move(bytes));
    EXPECT_EQ(reinterpret_cast<const char*>(slice.begin()), memory);
    EXPECT_EQ(slice.size(), kMiB);
    grpc::ByteBuffer message(&slice, 1);  // gRPC holds its own reference
    EXPECT_EQ(recycler->waiting(), 0);
  }
  EXPECT_EQ(recycler->waiting(), 1);
  EXPECT_GE(recycler->waiting_bytes(), kMiB);
  std::string again = recycler->Take(kMiB / 2 + 1);
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(again.data(), memory);
  EXPECT_EQ(recycler->waiting(), 0);
  EXPECT_EQ(recycler->waiting_bytes(), 0u);
}

TEST(StringRecyclerTest, OnlyAStringOfAboutTheWantedCapacityIsReused) {
  auto recycler = StringRecycler::Create(64 * kMiB);
  recycler->Lend(std::string(kMiB, 'x'));  // dropped at once: waits
  EXPECT_LT(recycler->Take(kMiB / 4).capacity(), kMiB);  // 4x the room wanted: a new one
  EXPECT_GE(recycler->Take(2 * kMiB).capacity(), 2 * kMiB);  // too small: a new one
  EXPECT_EQ(recycler->waiting(), 1);
  EXPECT_GE(recycler->Take(kMiB).capacity(), kMiB);  // fits
  EXPECT_EQ(recycler->waiting(), 0);
}

TEST(StringRecyclerTest, TakenForOverwriteAStringHasTheWantedSizeWithoutAClear) {
  auto recycler = StringRecycler::Create(64 * kMiB);
  std::string bytes(kMiB, 'x');
  const char* memory = bytes.data();
  recycler->Lend(std::move(bytes));
  std::string again = recycler->TakeForOverwrite(kMiB - 10);
  EXPECT_EQ(again.data(), memory);
  EXPECT_EQ(again, std::string(kMiB - 10, 'x'));  // shrunk, not cleared
  std::string fresh = recycler->TakeForOverwrite(1000);  // none waits: a new string
  EXPECT_EQ(fresh, std::string(1000, '\0'));
}

TEST(StringRecyclerTest, AtMostTheBoundWaits) {
  auto recycler = StringRecycler::Create(10 * kMiB);
  for (int i = 0; i < 15; ++i) recycler->Lend(std::string(kMiB, 'a'));  // dropped at once
  EXPECT_EQ(recycler->waiting(), 10);
  EXPECT_LE(recycler->waiting_bytes(), 10 * kMiB);
  auto none = StringRecycler::Create(0);
  none->Lend(std::string(kMiB, 'a'));
  EXPECT_EQ(none->waiting(), 0);
}

TEST(StringRecyclerTest, SliceMayOutliveTheStreamThatLentIt) {
  std::optional<grpc::Slice> slice;
  {
    auto recycler = StringRecycler::Create(kMiB);
    slice.emplace(recycler->Lend(std::string(1000, 'z')));
  }  // the server's reference is gone; the slice still owns its bytes
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(slice->begin()), slice->size()),
            std::string(1000, 'z'));
  slice.reset();  // returns the bytes to a recycler nobody else holds: freed with it
}

}  // namespace
}  // namespace govmetrics::workspace

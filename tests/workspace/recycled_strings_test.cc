// StringRecycler (services/workspace/recycled_strings.h): a string lent to gRPC as a slice
// is not copied, comes back with its memory under its key once the slice is dropped
// (also after the recycler's owner let go of it), and no more than the bound wait.
#include "services/workspace/recycled_strings.h"

#include <memory>
#include <optional>
#include <string>

#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"

namespace govmetrics::workspace {
namespace {

TEST(StringRecyclerTest, LentStringIsSentInPlaceAndComesBackWithItsMemory) {
  auto recycler = StringRecycler::Create(2);
  std::string bytes(1 << 20, 'x');
  const char* memory = bytes.data();
  {
    grpc::Slice slice = recycler->Lend(7, std::move(bytes));
    EXPECT_EQ(reinterpret_cast<const char*>(slice.begin()), memory);
    EXPECT_EQ(slice.size(), size_t{1} << 20);
    grpc::ByteBuffer message(&slice, 1);  // gRPC holds its own reference
    EXPECT_EQ(recycler->waiting(), 0);
  }
  EXPECT_EQ(recycler->waiting(), 1);
  EXPECT_EQ(recycler->Take(8).capacity() < (size_t{1} << 20), true);  // other key: fresh
  std::string again = recycler->Take(7);
  EXPECT_TRUE(again.empty());
  EXPECT_EQ(again.data(), memory);
  EXPECT_EQ(recycler->waiting(), 0);
}

TEST(StringRecyclerTest, TakenForOverwriteAStringKeepsItsSizeAndBytes) {
  auto recycler = StringRecycler::Create(2);
  std::string bytes(1 << 20, 'x');
  const char* memory = bytes.data();
  recycler->Lend(3, std::move(bytes));  // dropped at once: back under 3
  std::string again = recycler->TakeForOverwrite(3);
  EXPECT_EQ(again.data(), memory);
  EXPECT_EQ(again, std::string(1 << 20, 'x'));
  EXPECT_TRUE(recycler->TakeForOverwrite(3).empty());  // none left: a fresh string
}

TEST(StringRecyclerTest, AtMostTheBoundWaitPerKey) {
  auto recycler = StringRecycler::Create(2);
  for (int i = 0; i < 5; ++i) {
    recycler->Lend(1, std::string(100, 'a'));  // dropped at once
    recycler->Lend(2, std::string(100, 'b'));
  }
  EXPECT_EQ(recycler->waiting(), 4);
}

TEST(StringRecyclerTest, SliceMayOutliveTheStreamThatLentIt) {
  std::optional<grpc::Slice> slice;
  {
    auto recycler = StringRecycler::Create(2);
    slice.emplace(recycler->Lend(1, std::string(1000, 'z')));
  }  // the stream's reference is gone; the slice still owns its bytes
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(slice->begin()), slice->size()),
            std::string(1000, 'z'));
  slice.reset();  // returns the bytes to a recycler nobody else holds: freed with it
}

}  // namespace
}  // namespace govmetrics::workspace

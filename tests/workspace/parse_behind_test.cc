// ParseBehind (common/workspace_client/parse_behind.h): messages handed over by the
// receiving thread are parsed on a second thread in the order they were pushed, each
// once; Finish gives the rows of all of them, or the first parse error, after which
// Push returns that error and no later message is parsed; destroying it with messages
// still waiting neither parses them nor hangs.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "common/workspace_client/parse_behind.h"
#include "grpcpp/support/slice.h"
#include "gtest/gtest.h"

namespace govmetrics::workspace_client {
namespace {

grpc::ByteBuffer Message(const std::string& text) {
  grpc::Slice slice(text);
  return grpc::ByteBuffer(&slice, 1);
}

std::string Text(grpc::ByteBuffer& message) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(message.Dump(&slices).ok());
  std::string text;
  for (const auto& slice : slices) text.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return text;
}

TEST(ParseBehind, ParsesEveryMessageOnceInOrderAndCountsTheirRows) {
  for (const size_t depth : {1, 3, 64}) {
    std::vector<std::string> parsed;  // written by the parsing thread, read after Finish
    ParseBehind behind(
        [&](grpc::ByteBuffer& message) -> absl::StatusOr<int64_t> {
          parsed.push_back(Text(message));
          return static_cast<int64_t>(parsed.back().size());
        },
        depth);
    std::vector<std::string> sent;
    int64_t rows = 0;
    for (int i = 0; i < 100; ++i) {
      sent.push_back(std::string(static_cast<size_t>(i % 7 + 1), static_cast<char>('a' + i % 26)));
      rows += static_cast<int64_t>(sent.back().size());
      grpc::ByteBuffer message = Message(sent.back());
      ASSERT_TRUE(behind.Push(message).ok());
      EXPECT_EQ(message.Length(), 0u);  // handed over, not copied
    }
    absl::StatusOr<int64_t> counted = behind.Finish();
    ASSERT_TRUE(counted.ok()) << counted.status();
    EXPECT_EQ(*counted, rows) << depth;
    EXPECT_EQ(parsed, sent) << depth;
  }
}

TEST(ParseBehind, TheFirstParseErrorStopsTheParsingAndIsReturnedByPushAndFinish) {
  int parsed = 0;
  ParseBehind behind(
      [&](grpc::ByteBuffer& message) -> absl::StatusOr<int64_t> {
        ++parsed;
        if (Text(message) == "bad") return absl::DataLossError("chunk 3 is bad");
        return 1;
      },
      2);
  for (const char* text : {"a", "b", "bad"}) {
    grpc::ByteBuffer message = Message(text);
    ASSERT_TRUE(behind.Push(message).ok());
  }
  const absl::StatusOr<int64_t> finished = behind.Finish();
  EXPECT_EQ(finished.status(), absl::DataLossError("chunk 3 is bad"));
  grpc::ByteBuffer late = Message("c");
  EXPECT_EQ(behind.Push(late), absl::DataLossError("chunk 3 is bad"));
  EXPECT_EQ(behind.Finish().status(), absl::DataLossError("chunk 3 is bad"));
  EXPECT_EQ(parsed, 3);  // "c" never parsed
}

TEST(ParseBehind, DestroyedWithMessagesWaitingItStopsWithoutParsingThem) {
  absl::Mutex mu;
  bool entered = false, release = false;
  int parsed = 0;
  {
    ParseBehind behind(
        [&](grpc::ByteBuffer&) -> absl::StatusOr<int64_t> {
          absl::MutexLock lock(&mu);
          entered = true;
          mu.Await(absl::Condition(&release));  // the first message holds the parser
          ++parsed;
          return 1;
        },
        4);
    for (int i = 0; i < 4; ++i) {
      grpc::ByteBuffer message = Message("x");
      ASSERT_TRUE(behind.Push(message).ok());
    }
    absl::MutexLock lock(&mu);
    mu.Await(absl::Condition(&entered));
    release = true;
  }  // destroyed: the message being parsed finishes, the waiting ones may be dropped
  EXPECT_GE(parsed, 1);
  EXPECT_LE(parsed, 4);
}

}  // namespace
}  // namespace govmetrics::workspace_client

// The JSON log line: field order, escaping, and the UTC millisecond timestamp (whose
// date-and-seconds part each thread caches, common/rpc/json_log.cc).
#include "common/rpc/json_log.h"

#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::rpc {
namespace {

using ::testing::MatchesRegex;

std::string EmitAndCapture(LogLine line) {
  ::testing::internal::CaptureStderr();
  line.Emit();
  return ::testing::internal::GetCapturedStderr();
}

TEST(JsonLogTest, LineHasTimestampLevelEventThenFieldsInOrder) {
  const std::string out = EmitAndCapture(std::move(
      LogLine("rpc", "warn").Str("method", "Fit\"X\"").Int("rows", 217).Bool("ok", false)));
  EXPECT_THAT(out, MatchesRegex("\\{\"ts\":\"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:"
                                "[0-9]{2}\\.[0-9]{3}Z\",\"level\":\"warn\",\"event\":\"rpc\","
                                "\"method\":\"Fit\\\\\"X\\\\\"\",\"rows\":217,\"ok\":false\\}\n"));
}

TEST(JsonLogTest, TimestampIsTheCurrentUtcTimeToTheMillisecond) {
  for (int i = 0; i < 3; ++i) {  // the second line reuses the thread's cached seconds
    const absl::Time before = absl::Now();
    const std::string out = EmitAndCapture(LogLine("tick"));
    const absl::Time after = absl::Now();
    const std::string ts = out.substr(7, 24);  // {"ts":"2026-11-27T11:20:40.360Z"
    absl::Time parsed;
    std::string error;
    ASSERT_TRUE(absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ", ts, absl::UTCTimeZone(), &parsed, &error))
        << ts << ": " << error;
    EXPECT_GE(parsed, absl::FromUnixMillis(absl::ToUnixMillis(before)));
    EXPECT_LE(parsed, after);
  }
}

}  // namespace
}  // namespace govmetrics::rpc

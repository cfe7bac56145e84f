// The bound on error messages and details (common/rpc/error_details_bound.h): whatever a
// handler puts in a status, what goes on the wire stays within a default client's
// metadata limit, keeps the first violations, and says how many there were.

#include "common/rpc/error_details_bound.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/rpc/status_mapping.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace govmetrics::rpc {
namespace {

// What a client sees: the grpc-message header (percent-encoded, worst case 3 bytes per
// byte) plus grpc-status-details-bin (base64).
size_t WireBytes(const grpc::Status& status) {
  return 3 * status.error_message().size() + (status.error_details().size() + 2) / 3 * 4;
}

google::rpc::Status DecodeDetails(const grpc::Status& status) {
  google::rpc::Status decoded;
  EXPECT_TRUE(decoded.ParseFromString(status.error_details()));
  return decoded;
}

template <typename T>
bool FindDetail(const google::rpc::Status& status, T* out) {
  for (const auto& any : status.details()) {
    if (any.Is<T>()) return any.UnpackTo(out);
  }
  return false;
}

absl::Status ManyViolations(int n, const std::string& column_name) {
  contracts::FieldViolations violations;
  for (int row = 0; row < n; ++row) {
    violations.Add(absl::StrCat("panel.columns[0].values[", row, "]"),
                   absl::StrCat("infinite value in column '", column_name, "'"));
  }
  return violations.ToStatus();
}

TEST(ErrorDetailsBound, HundredThousandViolationsFitInAFewKilobytes) {
  const grpc::Status status = ToGrpcStatus(ManyViolations(100000, "hwy"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(WireBytes(status), 6 * 1024u);
  EXPECT_NE(status.error_message().find("99999 more"), std::string::npos);
  const google::rpc::Status decoded = DecodeDetails(status);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(FindDetail(decoded, &bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), kMaxDetailItems);
  EXPECT_EQ(bad_request.field_violations(0).field(), "panel.columns[0].values[0]");
  EXPECT_EQ(bad_request.field_violations(19).field(), "panel.columns[0].values[19]");
  google::rpc::ErrorInfo info;
  ASSERT_TRUE(FindDetail(decoded, &info));
  EXPECT_EQ(info.reason(), "ERROR_DETAILS_TRUNCATED");
  EXPECT_EQ(info.metadata().at("field_violations_total"), "100000");
  EXPECT_EQ(info.metadata().at("field_violations_sent"), "20");
}

TEST(ErrorDetailsBound, HugeNamesAreCutWithoutSplittingCharacters) {
  std::string name;
  for (int i = 0; i < 5000; ++i) name += "\xe6\x8c\x87";  // U+6307, 3 bytes in UTF-8
  const grpc::Status status = ToGrpcStatus(ManyViolations(50, name));
  EXPECT_LT(WireBytes(status), 6 * 1024u);
  EXPECT_LE(status.error_message().size(), kMaxStatusMessageBytes);
  const google::rpc::Status decoded = DecodeDetails(status);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(FindDetail(decoded, &bad_request));
  ASSERT_GE(bad_request.field_violations_size(), 1);
  const std::string& description = bad_request.field_violations(0).description();
  EXPECT_LE(description.size(), kMaxDetailStringBytes);
  // The cut text before "..." is whole characters: its length past the ASCII prefix
  // "infinite value in column '" (26 bytes) is a multiple of 3.
  ASSERT_GE(description.size(), 29u);
  EXPECT_EQ(description.substr(description.size() - 3), "...");
  EXPECT_EQ((description.size() - 3 - 26) % 3, 0u);
}

TEST(ErrorDetailsBound, SmallErrorsPassUnchanged) {
  const absl::Status original = ManyViolations(3, "hwy");
  const grpc::Status status = ToGrpcStatus(original);
  EXPECT_EQ(status.error_message(), original.message());
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(FindDetail(DecodeDetails(status), &bad_request));
  EXPECT_EQ(bad_request.field_violations_size(), 3);
  google::rpc::ErrorInfo info;
  EXPECT_FALSE(FindDetail(DecodeDetails(status), &info));
}

TEST(ErrorDetailsBound, AnUnknownHugeDetailIsDropped) {
  absl::Status status = absl::InternalError("boom");
  status.SetPayload("type.googleapis.com/example.Unknown", absl::Cord(std::string(100000, 'x')));
  const grpc::Status sent = ToGrpcStatus(status);
  EXPECT_LT(WireBytes(sent), 6 * 1024u);
  EXPECT_EQ(sent.error_message(), "boom");
}

TEST(ErrorDetailsBound, TruncateUtf8KeepsShortTextAndMarksCutText) {
  EXPECT_EQ(TruncateUtf8("short", 10), "short");
  EXPECT_EQ(TruncateUtf8("0123456789abc", 10), "0123456...");
}

}  // namespace
}  // namespace govmetrics::rpc

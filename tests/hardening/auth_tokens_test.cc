// Bearer token table: file format, error messages that never contain a token, lookups.
#include "common/rpc/auth_tokens.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::rpc {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kFile[] =
    "# agencies allowed to call\n"
    "agency-a 0123456789abcdef0123456789abcdef\n"
    "\n"
    "  agency-b\tfedcba9876543210fedcba9876543210   # trailing comment\n";

TEST(AuthTokensTest, ParsesAgencyTokenLinesSkippingCommentsAndBlanks) {
  auto table = TokenTable::Parse(kFile);
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->size(), 2u);
}

TEST(AuthTokensTest, BearerTokenMapsToItsAgency) {
  auto table = TokenTable::Parse(kFile);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(*table->Authenticate("Bearer 0123456789abcdef0123456789abcdef"), "agency-a");
  EXPECT_EQ(*table->Authenticate("bearer fedcba9876543210fedcba9876543210"), "agency-b");
}

TEST(AuthTokensTest, MissingWrongSchemeAndUnknownTokenAreUnauthenticated) {
  auto table = TokenTable::Parse(kFile);
  ASSERT_TRUE(table.ok());
  EXPECT_EQ(table->Authenticate("").status().code(), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(table->Authenticate("Basic 0123456789abcdef0123456789abcdef").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(table->Authenticate("Bearer 0123456789abcdef0123456789abcdeX").status().code(),
            absl::StatusCode::kUnauthenticated);
  // A prefix of a valid token is not valid.
  EXPECT_EQ(table->Authenticate("Bearer 0123456789abcdef").status().code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(table->Authenticate("Bearer ").status().code(), absl::StatusCode::kUnauthenticated);
}

TEST(AuthTokensTest, RejectionMessageNeverEchoesThePresentedToken) {
  auto table = TokenTable::Parse(kFile);
  ASSERT_TRUE(table.ok());
  auto result = table->Authenticate("Bearer guessedtoken-guessedtoken");
  EXPECT_THAT(std::string(result.status().message()), Not(HasSubstr("guessedtoken")));
}

TEST(AuthTokensTest, MalformedLineIsAnErrorNamingTheLineButNotTheToken) {
  auto table = TokenTable::Parse("agency-a 0123456789abcdef0123456789abcdef extra\n");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(std::string(table.status().message()), HasSubstr("line 1"));
  EXPECT_THAT(std::string(table.status().message()), Not(HasSubstr("0123456789abcdef")));
}

TEST(AuthTokensTest, ShortTokensAreRefused) {
  auto table = TokenTable::Parse("agency-a short\n");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(std::string(table.status().message()), HasSubstr("shorter than 16"));
}

TEST(AuthTokensTest, TokenSharedByTwoAgenciesIsRefused) {
  auto table = TokenTable::Parse(
      "a 0123456789abcdef0123456789abcdef\nb 0123456789abcdef0123456789abcdef\n");
  ASSERT_FALSE(table.ok());
  EXPECT_THAT(std::string(table.status().message()), HasSubstr("line 2"));
}

TEST(AuthTokensTest, EmptyFileIsRefused) {
  EXPECT_FALSE(TokenTable::Parse("# nothing\n").ok());
}

TEST(AuthTokensTest, MissingFileIsNotFound) {
  EXPECT_EQ(TokenTable::Load("/nonexistent/tokens").status().code(), absl::StatusCode::kNotFound);
}

TEST(AuthTokensTest, ConstantTimeEqualsComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("ab", "abc"));
  EXPECT_FALSE(ConstantTimeEquals(std::string("a\0b", 3), std::string("a\0c", 3)));
}

}  // namespace
}  // namespace govmetrics::rpc

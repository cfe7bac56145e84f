// The access policy file (common/rpc/access_policy.h) and the per-agency budgets
// (common/rpc/agency_quota.h).

#include "common/rpc/access_policy.h"

#include <chrono>

#include "common/rpc/agency_quota.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"

namespace govmetrics::rpc {
namespace {

constexpr char kPolicy[] = R"(# two agencies and a default
[agency provincial-stats]
certificate_san = stats.province.example
allow = govmetrics.index.v1.IndexService/*
allow = /govmetrics.modeling.v1.ModelingService/FitPanelModel
calls_per_second = 2
burst = 3
max_concurrent_calls = 1
max_rows = 500

[agency audit-office]
certificate_subject = CN=audit-office,O=National Audit Office
allow = *   # everything

[agency *]
allow = govmetrics.reporting.v1.ReportingService/Run*
)";

AccessPolicy ParsedPolicy() {
  auto policy = AccessPolicy::Parse(kPolicy);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

TEST(AccessPolicy, AllowListsMatchFullMethodNamesWithWildcards) {
  const AccessPolicy policy = ParsedPolicy();
  const AgencyPolicy* stats = policy.Find("provincial-stats");
  ASSERT_NE(stats, nullptr);
  EXPECT_TRUE(stats->Allows("/govmetrics.index.v1.IndexService/ComputeIndex"));
  EXPECT_TRUE(stats->Allows("govmetrics.modeling.v1.ModelingService/FitPanelModel"));
  EXPECT_FALSE(stats->Allows("/govmetrics.modeling.v1.ModelingService/AnalyzeMediation"));
  EXPECT_FALSE(stats->Allows("/govmetrics.index.v1.IndexServiceX/ComputeIndex"));
  EXPECT_TRUE(policy.Find("audit-office")->Allows("/any.Service/Anything"));
}

TEST(AccessPolicy, UnlistedAgenciesFallBackToTheStarBlock) {
  const AccessPolicy policy = ParsedPolicy();
  const AgencyPolicy* other = policy.Find("city-planning");
  ASSERT_NE(other, nullptr);
  EXPECT_EQ(other->name, "*");
  EXPECT_TRUE(other->Allows("/govmetrics.reporting.v1.ReportingService/RunStudy"));
  EXPECT_FALSE(other->Allows("/govmetrics.reporting.v1.ReportingService/StreamStudy"));
  EXPECT_FALSE(policy.Names("city-planning"));
  EXPECT_TRUE(policy.Names("audit-office"));
}

TEST(AccessPolicy, CertificatesMapToAgenciesBySanOrSubject) {
  const AccessPolicy policy = ParsedPolicy();
  EXPECT_TRUE(policy.maps_certificates());
  EXPECT_EQ(policy.AgencyForCertificate({"other.example", "stats.province.example"}, "CN=x"),
            "provincial-stats");
  EXPECT_EQ(policy.AgencyForCertificate({}, "CN=audit-office,O=National Audit Office"),
            "audit-office");
  EXPECT_EQ(policy.AgencyForCertificate({"nobody.example"}, "CN=audit-office"), "");
}

TEST(AccessPolicy, BurstDefaultsToTheRate) {
  auto policy = AccessPolicy::Parse("[agency a]\nallow = *\ncalls_per_second = 5.5\n");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(policy->Find("a")->burst, 6);
}

TEST(AccessPolicy, ErrorsNameTheLine) {
  const std::pair<const char*, const char*> cases[] = {
      {"allow = *\n", "line 1: KEY = VALUE before any [agency NAME] block"},
      {"[agency a]\nallow = *\nrate = 5\n", "line 3: unknown key 'rate'"},
      {"[agency a]\nallow = *\ncalls_per_second = -1\n", "line 3: calls_per_second must be"},
      {"[agency a]\nallow = ComputeIndex\n", "line 2: allow takes a full method name"},
      {"[agency a]\nmax_rows = 10\n", "agency a allows no method"},
      {"[group a]\n", "line 1: a block starts with [agency NAME]"},
      {"[agency a]\nallow=*\n[agency a]\nallow=*\n", "agency a has two blocks"},
      {"[agency a]\nallow=*\ncertificate_san=x\n[agency b]\nallow=*\ncertificate_san=x\n",
       "certificate san 'x' is given to agencies a and b"},
      {"# nothing\n", "no [agency NAME] block"},
      {"[agency *]\nallow=*\ncertificate_san=x\n", "[agency *] cannot map certificates"},
  };
  for (const auto& [text, expected] : cases) {
    auto policy = AccessPolicy::Parse(text);
    ASSERT_FALSE(policy.ok()) << text;
    EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(policy.status().message().find(expected), absl::string_view::npos)
        << policy.status().message();
  }
}

TEST(AccessPolicy, TheProductionPolicyParses) {
  auto policy =
      AccessPolicy::Load(GOVMETRICS_SOURCE_DIR "/deploy/k8s/overlays/prod/access-policy");
  ASSERT_TRUE(policy.ok()) << policy.status();
  EXPECT_EQ(policy->AgencyForCertificate({"govmetrics-reporting"}, ""),
            "govmetrics-reporting");
  EXPECT_TRUE(policy->Find("govmetrics-reporting")
                  ->Allows("/govmetrics.modeling.v1.ModelingService/FitPanelModel"));
  EXPECT_TRUE(policy->Find("any-agency")->Allows("/govmetrics.reporting.v1.ReportingService/RunStudy"));
}

TEST(GlobMatches, StarMatchesAnyRun) {
  EXPECT_TRUE(GlobMatches("*", ""));
  EXPECT_TRUE(GlobMatches("a*c", "abbbc"));
  EXPECT_TRUE(GlobMatches("a*b*c", "a-b-b-c"));
  EXPECT_FALSE(GlobMatches("a*c", "abcd"));
  EXPECT_FALSE(GlobMatches("abc", "ab"));
}

double RetrySeconds(const absl::Status& status) {
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.RetryInfo");
  if (!payload.has_value()) return -1;
  google::rpc::RetryInfo retry;
  EXPECT_TRUE(retry.ParseFromString(std::string(*payload)));
  return retry.retry_delay().seconds() + retry.retry_delay().nanos() * 1e-9;
}

TEST(AgencyQuotas, RateLimitAllowsTheBurstThenRefusesWithRetryInfo) {
  const AccessPolicy policy = ParsedPolicy();
  AgencyPolicy stats = *policy.Find("provincial-stats");
  stats.max_concurrent_calls = 0;
  AgencyQuotas quotas;
  const auto t0 = std::chrono::steady_clock::now();
  AgencyQuotas::State* slot = nullptr;
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(quotas.Admit(stats, "provincial-stats", "provincial-stats", t0, &slot).ok());
    AgencyQuotas::Release(slot);
  }
  const absl::Status refused = quotas.Admit(stats, "provincial-stats", "provincial-stats", t0,
                                            &slot);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(refused.message().find("agency provincial-stats is over its rate limit of 2 calls/s"),
            absl::string_view::npos)
      << refused.message();
  EXPECT_NEAR(RetrySeconds(refused), 0.5, 1e-6);  // one token at 2 per second
  EXPECT_TRUE(refused.GetPayload("type.googleapis.com/google.rpc.QuotaFailure").has_value());
  // Half a second later one token is back.
  EXPECT_TRUE(quotas.Admit(stats, "provincial-stats", "provincial-stats",
                           t0 + std::chrono::milliseconds(500), &slot).ok());
}

TEST(AgencyQuotas, ConcurrencyLimitCountsCallsInProgress) {
  const AccessPolicy policy = ParsedPolicy();
  AgencyPolicy stats = *policy.Find("provincial-stats");
  stats.calls_per_second = 0;
  AgencyQuotas quotas;
  const auto now = std::chrono::steady_clock::now();
  AgencyQuotas::State* first = nullptr;
  AgencyQuotas::State* second = nullptr;
  ASSERT_TRUE(quotas.Admit(stats, "provincial-stats", "provincial-stats", now, &first).ok());
  const absl::Status refused =
      quotas.Admit(stats, "provincial-stats", "provincial-stats", now, &second);
  EXPECT_EQ(refused.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(RetrySeconds(refused), 0.5);
  AgencyQuotas::Release(first);
  EXPECT_TRUE(quotas.Admit(stats, "provincial-stats", "provincial-stats", now, &second).ok());
}

TEST(AgencyLimits, RequestsOverTheAgencyRowLimitAreRefused) {
  const AccessPolicy policy = ParsedPolicy();
  const absl::Status status =
      CheckAgencyLimits(RequestSize{501, 3, 0}, *policy.Find("provincial-stats"),
                        "provincial-stats");
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(status.message().find("501 rows, over agency provincial-stats's limit of 500"),
            absl::string_view::npos);
  EXPECT_TRUE(CheckAgencyLimits(RequestSize{500, 3, 0}, *policy.Find("provincial-stats"),
                                "provincial-stats").ok());
}

}  // namespace
}  // namespace govmetrics::rpc

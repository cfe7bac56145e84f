// Request limits are found generically (protobuf reflection) in every request type that
// carries a Panel or a replication count, and a violation names field, value, limit, flag.
#include "common/rpc/request_limits.h"

#include "absl/strings/cord.h"
#include "google/rpc/error_details.pb.h"
#include "govmetrics/index/v1/index_service.pb.h"
#include "govmetrics/modeling/v1/group_comparison.pb.h"
#include "govmetrics/modeling/v1/mediation.pb.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"
#include "govmetrics/reporting/v1/reporting_service.pb.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::rpc {
namespace {

using ::testing::HasSubstr;

void FillPanel(common::v1::Panel* panel, int rows, int columns) {
  for (int r = 0; r < rows; ++r) {
    panel->add_entity("e" + std::to_string(r % 7));
    panel->add_period(2000 + r / 7);
  }
  for (int c = 0; c < columns; ++c) {
    auto* column = panel->add_columns();
    column->set_name("c" + std::to_string(c));
    for (int r = 0; r < rows; ++r) column->add_values(r * 0.5 + c);
  }
}

RequestLimits Limits(long long rows, long long columns, long long replications) {
  RequestLimits limits;
  limits.max_rows = rows;
  limits.max_columns = columns;
  limits.max_replications = replications;
  return limits;
}

TEST(RequestLimitsTest, RequestWithinEveryLimitPasses) {
  modeling::v1::FitPanelModelRequest request;
  FillPanel(request.mutable_panel(), 10, 3);
  request.mutable_variance()->mutable_wild_bootstrap()->set_replications(999);
  EXPECT_TRUE(CheckRequestLimits(request, Limits(10, 3, 999)).ok());
}

TEST(RequestLimitsTest, TooManyRowsIsResourceExhaustedNamingFieldAndFlag) {
  index::v1::ComputeIndexRequest request;
  FillPanel(request.mutable_panel(), 11, 2);
  absl::Status status = CheckRequestLimits(request, Limits(10, 0, 0));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "panel: 11 rows, over this server's limit of 10 (--max_rows)");
}

TEST(RequestLimitsTest, RowsAreCountedFromTheLongestArrayNotJustEntity) {
  index::v1::ComputeIndexRequest request;
  FillPanel(request.mutable_panel(), 5, 1);
  for (int i = 0; i < 20; ++i) request.mutable_panel()->mutable_columns(0)->add_values(1.0);
  absl::Status status = CheckRequestLimits(request, Limits(10, 0, 0));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(status.message()), HasSubstr("25 rows"));
}

TEST(RequestLimitsTest, ColumnsCountNumericAndLabelColumns) {
  modeling::v1::FitPanelModelRequest request;
  FillPanel(request.mutable_panel(), 4, 3);
  request.mutable_panel()->add_labels()->set_name("region");
  EXPECT_TRUE(CheckRequestLimits(request, Limits(0, 4, 0)).ok());
  absl::Status status = CheckRequestLimits(request, Limits(0, 3, 0));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(), "panel: 4 columns, over this server's limit of 3 (--max_columns)");
}

TEST(RequestLimitsTest, MediationBootstrapReplicationsAreLimited) {
  modeling::v1::AnalyzeMediationRequest request;
  request.mutable_bootstrap()->set_replications(5001);
  absl::Status status = CheckRequestLimits(request, Limits(0, 0, 5000));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(status.message(),
            "bootstrap.replications: 5001 replications, over this server's limit of 5000 "
            "(--max_replications)");
}

TEST(RequestLimitsTest, GroupPermutationsAreLimited) {
  modeling::v1::CompareGroupsRequest request;
  request.set_permutations(100000);
  absl::Status status = CheckRequestLimits(request, Limits(0, 0, 5000));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(status.message()), HasSubstr("permutations: 100000 replications"));
}

TEST(RequestLimitsTest, WildBootstrapReplicationsInsideVarianceSpecAreLimited) {
  modeling::v1::FitPanelModelRequest request;
  request.mutable_variance()->mutable_wild_bootstrap()->set_replications(9999);
  absl::Status status = CheckRequestLimits(request, Limits(0, 0, 999));
  EXPECT_EQ(status.code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("variance.wild_bootstrap.replications: 9999"));
}

TEST(RequestLimitsTest, StudySpecResamplingFieldsAreLimited) {
  reporting::v1::RunStudyRequest request;
  request.mutable_spec()->set_wild_bootstrap_replications(2000);
  absl::Status status = CheckRequestLimits(request, Limits(0, 0, 1000));
  EXPECT_THAT(std::string(status.message()), HasSubstr("spec.wild_bootstrap_replications: 2000"));

  request.mutable_spec()->set_wild_bootstrap_replications(0);
  request.mutable_spec()->set_permutations(1001);
  status = CheckRequestLimits(request, Limits(0, 0, 1000));
  EXPECT_THAT(std::string(status.message()), HasSubstr("spec.permutations: 1001"));

  request.mutable_spec()->set_permutations(0);
  request.mutable_spec()->mutable_bootstrap()->set_replications(1001);
  status = CheckRequestLimits(request, Limits(0, 0, 1000));
  EXPECT_THAT(std::string(status.message()), HasSubstr("spec.bootstrap.replications: 1001"));
}

TEST(RequestLimitsTest, StudyPanelRowsAreLimited) {
  reporting::v1::RunStudyRequest request;
  FillPanel(request.mutable_panel(), 30, 1);
  EXPECT_EQ(CheckRequestLimits(request, Limits(29, 0, 0)).code(),
            absl::StatusCode::kResourceExhausted);
}

TEST(RequestLimitsTest, ZeroMeansNoLimit) {
  modeling::v1::AnalyzeMediationRequest request;
  FillPanel(request.mutable_panel(), 50, 5);
  request.mutable_bootstrap()->set_replications(1000000);
  EXPECT_TRUE(CheckRequestLimits(request, Limits(0, 0, 0)).ok());
}

TEST(RequestLimitsTest, ViolationCarriesQuotaFailureDetailNamingTheField) {
  modeling::v1::CompareGroupsRequest request;
  request.set_permutations(10);
  absl::Status status = CheckRequestLimits(request, Limits(0, 0, 5));
  auto payload = status.GetPayload("type.googleapis.com/google.rpc.QuotaFailure");
  ASSERT_TRUE(payload.has_value());
  google::rpc::QuotaFailure failure;
  ASSERT_TRUE(failure.ParseFromString(std::string(*payload)));
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).subject(), "permutations");
  EXPECT_THAT(failure.violations(0).description(), HasSubstr("--max_replications"));
}

}  // namespace
}  // namespace govmetrics::rpc

// IndexService over a real in-process gRPC channel: happy path and every bad-input case
// the contract promises (INVALID_ARGUMENT with BadRequest naming field and row,
// FAILED_PRECONDITION for a constant indicator).
#include <cmath>
#include <limits>
#include <memory>

#include "common/rpc/server_runtime.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/index/index_service.h"
#include "tests/service/service_test_util.h"

namespace govmetrics {
namespace {

namespace idx = index::v1;
using ::govmetrics::testing::HasViolation;

class IndexServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kIndexServiceName}});
    stub_ = idx::IndexService::NewStub(server_->NewChannel());
  }

  // 3 entities x 2 periods; x rises, y falls, z is noise.
  static idx::ComputeIndexRequest ValidRequest() {
    idx::ComputeIndexRequest request;
    auto* panel = request.mutable_panel();
    const char* entities[] = {"A", "A", "B", "B", "C", "C"};
    const int periods[] = {2015, 2016, 2015, 2016, 2015, 2016};
    for (int r = 0; r < 6; ++r) {
      panel->add_entity(entities[r]);
      panel->add_period(periods[r]);
    }
    auto* x = panel->add_columns();
    x->set_name("x");
    for (double v : {1.0, 2.0, 3.0, 4.0, 5.0, 6.0}) x->add_values(v);
    auto* y = panel->add_columns();
    y->set_name("y");
    for (double v : {9.0, 7.0, 8.0, 3.0, 2.0, 1.0}) y->add_values(v);
    auto* a = request.add_indicators();
    a->set_column("x");
    a->set_direction(idx::DIRECTION_POSITIVE);
    a->set_dimension("d1");
    auto* b = request.add_indicators();
    b->set_column("y");
    b->set_direction(idx::DIRECTION_NEGATIVE);
    b->set_dimension("d2");
    return request;
  }

  grpc::Status Call(const idx::ComputeIndexRequest& request, idx::ComputeIndexResponse* response) {
    grpc::ClientContext context;
    return stub_->ComputeIndex(&context, request, response);
  }

  services::IndexServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<idx::IndexService::Stub> stub_;
};

TEST_F(IndexServiceTest, ScoresEveryRowAndWeightsSumToOne) {
  idx::ComputeIndexResponse response;
  ASSERT_TRUE(Call(ValidRequest(), &response).ok());
  ASSERT_EQ(response.scores_size(), 6);
  double total = 0;
  for (const auto& w : response.weights()) total += w.weight();
  EXPECT_NEAR(total, 1.0, 1e-12);
  EXPECT_EQ(response.dimension_scores_size(), 2);
  EXPECT_EQ(response.rows_used(), 6);
  EXPECT_EQ(response.provenance().input_fingerprint().size(), 64u);
  // Row 5 is best on both indicators (max x, min y): score 1 on the [0,1] scale.
  EXPECT_NEAR(response.scores(5), 1.0, 1e-12);
}

TEST_F(IndexServiceTest, ProvenanceEchoesResolvedDefaults) {
  idx::ComputeIndexResponse response;
  ASSERT_TRUE(Call(ValidRequest(), &response).ok());
  std::map<std::string, std::string> options;
  for (const auto& o : response.provenance().resolved_options()) options[o.name()] = o.value();
  EXPECT_EQ(options["method"], "WEIGHTING_METHOD_ENTROPY");
  EXPECT_EQ(options["pooling"], "POOLING_POOLED");
  EXPECT_EQ(options["shift"], "0.0001");
  EXPECT_EQ(options["missing_policy"], "MISSING_POLICY_REJECT");
}

TEST_F(IndexServiceTest, EmptyPanelIsInvalidArgument) {
  idx::ComputeIndexRequest request;
  request.add_indicators()->set_column("x");
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.entity", "empty"));
}

TEST_F(IndexServiceTest, ArraysOfDifferentLengthsNameTheField) {
  auto request = ValidRequest();
  request.mutable_panel()->mutable_columns(1)->add_values(4.0);
  request.mutable_panel()->mutable_period()->RemoveLast();
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.columns[1].values", "7 values"));
  EXPECT_TRUE(HasViolation(status, "panel.period", "5 values"));
}

TEST_F(IndexServiceTest, UnknownColumnNamesTheIndicator) {
  auto request = ValidRequest();
  request.mutable_indicators(1)->set_column("hwy2");
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "indicators[1].column", "no column 'hwy2'"));
}

TEST_F(IndexServiceTest, DuplicateEntityPeriodNamesBothRows) {
  auto request = ValidRequest();
  request.mutable_panel()->set_period(3, 2015);  // B,2015 twice (rows 2 and 3)
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.period[3]", "same as row 2"));
}

TEST_F(IndexServiceTest, NonFiniteValueNamesColumnAndRow) {
  auto request = ValidRequest();
  request.mutable_panel()->mutable_columns(0)->set_values(4, std::numeric_limits<double>::infinity());
  request.mutable_panel()->mutable_columns(1)->set_values(2, std::nan(""));
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.columns[0].values[4]", "infinite"));
  EXPECT_TRUE(HasViolation(status, "panel.columns[1].values[2]", "missing"));
}

TEST_F(IndexServiceTest, UnspecifiedDirectionIsRejected) {
  auto request = ValidRequest();
  request.mutable_indicators(0)->set_direction(idx::DIRECTION_UNSPECIFIED);
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "indicators[0].direction"));
}

TEST_F(IndexServiceTest, NegativeShiftIsRejected) {
  auto request = ValidRequest();
  request.set_shift(-0.01);
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "shift", ">= 0"));
}

TEST_F(IndexServiceTest, ConstantIndicatorIsFailedPreconditionNamingIt) {
  auto request = ValidRequest();
  auto* values = request.mutable_panel()->mutable_columns(1)->mutable_values();
  for (int r = 0; r < values->size(); ++r) values->Set(r, 5.0);
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("y"));
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  google::rpc::PreconditionFailure failure;
  ASSERT_EQ(details.details_size(), 1);
  EXPECT_TRUE(details.details(0).UnpackTo(&failure));
}

TEST_F(IndexServiceTest, ListwisePolicyDropsAndReportsRows) {
  auto request = ValidRequest();
  request.mutable_panel()->mutable_columns(0)->set_values(1, std::nan(""));
  request.set_missing_policy(idx::MISSING_POLICY_LISTWISE);
  idx::ComputeIndexResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  EXPECT_EQ(response.rows_used(), 5);
  ASSERT_EQ(response.provenance().dropped_rows_size(), 1);
  EXPECT_EQ(response.provenance().dropped_rows(0).row(), 1);
  EXPECT_TRUE(std::isnan(response.scores(1)));
}

TEST_F(IndexServiceTest, PerPeriodPoolingReportsWeightsPerPeriod) {
  auto request = ValidRequest();
  request.set_pooling(idx::POOLING_PER_PERIOD);
  idx::ComputeIndexResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  ASSERT_EQ(response.weights_size(), 4);
  EXPECT_EQ(response.weights(0).period(), 2015);
  EXPECT_EQ(response.weights(2).period(), 2016);
}

TEST_F(IndexServiceTest, BasePeriodMustExist) {
  auto request = ValidRequest();
  request.set_pooling(idx::POOLING_BASE_PERIOD);
  request.set_base_period(1999);
  idx::ComputeIndexResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "base_period", "1999"));
}

TEST_F(IndexServiceTest, CouplingCoordinationOfEqualIndicesIsFullyCoupled) {
  idx::ComputeCouplingCoordinationRequest request;
  auto* panel = request.mutable_panel();
  for (int r = 0; r < 3; ++r) {
    panel->add_entity("E" + std::to_string(r));
    panel->add_period(2020);
  }
  auto* u1 = panel->add_columns();
  u1->set_name("u1");
  auto* u2 = panel->add_columns();
  u2->set_name("u2");
  for (double v : {0.2, 0.5, 0.8}) {
    u1->add_values(v);
    u2->add_values(v);
  }
  request.set_first("u1");
  request.set_second("u2");
  idx::ComputeCouplingCoordinationResponse response;
  grpc::ClientContext context;
  ASSERT_TRUE(stub_->ComputeCouplingCoordination(&context, request, &response).ok());
  for (int r = 0; r < 3; ++r) {
    EXPECT_NEAR(response.coupling(r), 1.0, 1e-12);
    EXPECT_NEAR(response.degree(r), std::sqrt(u1->values(r)), 1e-12);
  }
}

}  // namespace
}  // namespace govmetrics

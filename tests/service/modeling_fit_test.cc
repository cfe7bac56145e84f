// ModelingService.FitPanelModel / HausmanTest over a real in-process gRPC channel: the
// wire mapping reproduces R plm on Produc, and every bad input the contract names gets
// a clear INVALID_ARGUMENT / FAILED_PRECONDITION.
#include <cmath>
#include <memory>

#include "tests/reference/reference_panel.h"
#include "common/rpc/server_runtime.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::HasViolation;

// The golden case `name` of tests/reference/golden/panel_produc.json (made by R plm).
::govmetrics::testing::JsonValue GoldenCase(const std::string& name) {
  ::govmetrics::testing::JsonValue root;
  std::string error;
  EXPECT_TRUE(::govmetrics::testing::ReadJsonFile(
      std::string(GOVMETRICS_SOURCE_DIR) + "/tests/reference/golden/panel_produc.json", &root, &error))
      << error;
  for (const auto& c : root.Find("cases")->array) {
    if (c.String("name") == name) return c;
  }
  ADD_FAILURE() << "no golden case " << name;
  return {};
}

class ModelingFitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
    auto panel = govmetrics::ReadReferencePanel("tests/reference/data/produc_logs.csv", "state", "year");
    ASSERT_TRUE(panel.ok());
    produc_ = *panel;
  }

  mv1::FitPanelModelRequest Produc() const {
    mv1::FitPanelModelRequest request;
    *request.mutable_panel() = produc_;
    request.set_dependent("lgsp");
    for (const char* x : {"lpcap", "lpc", "lemp", "unemp"}) request.add_regressors(x);
    request.set_estimator(mv1::ESTIMATOR_WITHIN);
    request.set_fixed_effects(mv1::FIXED_EFFECTS_ENTITY);
    request.mutable_variance()->set_type(mv1::VARIANCE_TYPE_CLUSTER);
    request.mutable_variance()->add_cluster_by("entity");
    return request;
  }

  grpc::Status Fit(const mv1::FitPanelModelRequest& request, mv1::FitPanelModelResponse* response) {
    grpc::ClientContext context;
    return stub_->FitPanelModel(&context, request, response);
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
  common::v1::Panel produc_;
};

TEST_F(ModelingFitTest, WithinClusteredMatchesPlmThroughTheWire) {
  // Golden: tests/reference/golden/panel_produc.json (plm within + vcovHC arellano with
  // the Stata factor G/(G-1)(N-1)/(N-K)); textbook lpc = 0.2920 (Baltagi).
  mv1::FitPanelModelResponse response;
  ASSERT_TRUE(Fit(Produc(), &response).ok());
  ASSERT_EQ(response.coefficients_size(), 4);
  const auto golden = GoldenCase("within_entity_cluster_entity_stata");
  const auto& coefficients = golden.Find("coefficients")->array;
  ASSERT_EQ(coefficients.size(), 4u);
  for (int j = 0; j < 4; ++j) {
    EXPECT_EQ(response.coefficients(j).name(), coefficients[j].String("name"));
    EXPECT_NEAR(response.coefficients(j).estimate(), coefficients[j].Number("estimate"),
                1e-9 * std::abs(coefficients[j].Number("estimate")));
    EXPECT_NEAR(response.coefficients(j).std_error(), coefficients[j].Number("std_error"),
                1e-7 * coefficients[j].Number("std_error"));
  }
  EXPECT_EQ(response.n_obs(), 816);
  EXPECT_EQ(response.n_entities(), 48);
  EXPECT_EQ(response.covariance_size(), 16);
  EXPECT_EQ(response.inference_df(), 47);  // t with G - 1
  EXPECT_NEAR(response.small_sample_factor(), 48.0 / 47.0 * 815.0 / 811.0, 1e-12);
}

TEST_F(ModelingFitTest, UnknownColumnIsNamed) {
  auto request = Produc();
  request.set_regressors(2, "lemp2");
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "regressors[2]", "no column 'lemp2'"));
}

TEST_F(ModelingFitTest, RegressorEqualToDependentIsRejected) {
  auto request = Produc();
  request.add_regressors("lgsp");
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "regressors[4]", "dependent"));
}

TEST_F(ModelingFitTest, FewerObservationsThanParametersIsFailedPrecondition) {
  auto request = Produc();
  request.mutable_filter()->set_period_min(1970);
  request.mutable_filter()->set_period_max(1970);  // 48 rows, 48 entity effects + 4 slopes
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
}

TEST_F(ModelingFitTest, ClusterVariableWithOneLevelIsFailedPrecondition) {
  auto request = Produc();
  auto* label = request.mutable_panel()->add_labels();
  label->set_name("country");
  for (int r = 0; r < request.panel().entity_size(); ++r) label->add_values("US");
  request.mutable_variance()->set_cluster_by(0, "country");
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_NE(status.error_message().find("cluster"), std::string::npos) << status.error_message();
}

TEST_F(ModelingFitTest, AllMissingColumnIsAClearError) {
  auto request = Produc();
  auto* values = request.mutable_panel()->mutable_columns(3)->mutable_values();  // lpc
  for (int r = 0; r < values->size(); ++r) values->Set(r, std::nan(""));
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.columns[3]", "'lpc' has no non-missing values"));
}

TEST_F(ModelingFitTest, UnderIdentifiedIvNamesInstruments) {
  auto request = Produc();
  request.set_estimator(mv1::ESTIMATOR_IV);
  request.clear_regressors();
  request.add_regressors("lemp");
  request.add_endogenous("lpc");
  request.add_endogenous("lpcap");
  request.add_instruments("unemp");
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "instruments", "under-identified"));
}

TEST_F(ModelingFitTest, HausmanClassicMatchesPlmPhtestOnProduc) {
  mv1::HausmanTestRequest request;
  *request.mutable_panel() = produc_;
  request.set_dependent("lgsp");
  for (const char* x : {"lpcap", "lpc", "lemp", "unemp"}) request.add_regressors(x);
  grpc::ClientContext context;
  mv1::HausmanTestResponse response;
  ASSERT_TRUE(stub_->HausmanTest(&context, request, &response).ok());
  const auto golden = *GoldenCase("random_effects_iid").Find("hausman");
  EXPECT_EQ(response.df(), static_cast<int>(golden.Number("df")));
  EXPECT_NEAR(response.statistic(), golden.Number("statistic"), 1e-7 * golden.Number("statistic"));
  EXPECT_NEAR(response.p_value(), golden.Number("p_value"), 1e-7);
}

}  // namespace
}  // namespace govmetrics

// ModelingService.FitThresholdModel over a real in-process gRPC channel: the request path
// (balanced grid, entities in name order whatever the row order, options and defaults, the
// regime model through the FitPanelModel path) gives the numpy reference's numbers
// (tests/reference/golden/threshold_{demo,produc}.json), including the regime slopes and
// their iid and entity-clustered SEs; every bad input gets a status naming the field.
#include <chrono>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "common/rpc/server_runtime.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::HasViolation;
using ::govmetrics::testing::JsonValue;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

JsonValue Load(const std::string& name) {
  JsonValue golden;
  std::string error;
  EXPECT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/" + name), &golden, &error))
      << error;
  return golden;
}

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-12)) << what;
}

// The golden case's request, panel rows in the file's order.
mv1::FitThresholdModelRequest CaseRequest(const JsonValue& g) {
  stats::testing::CsvTable csv;
  EXPECT_TRUE(stats::testing::ReadCsv(Source(g.String("data")), &csv));
  mv1::FitThresholdModelRequest request;
  auto* panel = request.mutable_panel();
  for (const auto& e : csv.cells[csv.Column(g.String("entity"))]) panel->add_entity(e);
  for (double t : csv.Numeric(g.String("period"))) panel->add_period(static_cast<int>(t));
  std::vector<std::string> names = {g.String("dependent"), g.String("threshold_variable")};
  for (const auto& x : g.Strings("regime_regressors")) names.push_back(x), request.add_regime_regressors(x);
  for (const auto& z : g.Strings("controls")) names.push_back(z), request.add_regressors(z);
  for (const auto& name : names) {
    auto* c = panel->add_columns();
    c->set_name(name);
    for (double v : csv.Numeric(name)) c->add_values(v);
  }
  request.set_dependent(g.String("dependent"));
  request.set_threshold_variable(g.String("threshold_variable"));
  request.set_thresholds(static_cast<int>(g.Number("thresholds_requested")));
  for (const auto& t : g.Find("trim")->array) request.add_trim(t.number);
  request.set_bootstrap_replications(static_cast<int>(g.Number("replications")));
  request.set_seed(static_cast<uint64_t>(g.Number("seed")));
  return request;
}

class ModelingThresholdTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
  }
  grpc::Status Call(const mv1::FitThresholdModelRequest& request, mv1::FitThresholdModelResponse* response,
                    int deadline_ms = 0) {
    grpc::ClientContext context;
    if (deadline_ms > 0) context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(deadline_ms));
    return stub_->FitThresholdModel(&context, request, response);
  }
  void ExpectGolden(const std::string& name) {
    const JsonValue g = Load(name);
    mv1::FitThresholdModelResponse response;
    const grpc::Status status = Call(CaseRequest(g), &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(response.thresholds_size(), static_cast<int>(g.Find("thresholds")->array.size()));
    for (int i = 0; i < response.thresholds_size(); ++i) {
      EXPECT_EQ(response.thresholds(i), g.Find("thresholds")->array[static_cast<size_t>(i)].number);
    }
    const auto& stages = g.Find("stages")->array;
    ASSERT_EQ(response.estimates_size(), static_cast<int>(stages.size()));
    for (size_t s = 0; s < stages.size(); ++s) {
      const auto& e = response.estimates(static_cast<int>(s));
      EXPECT_EQ(e.stage(), stages[s].String("stage"));
      EXPECT_EQ(e.ci_lower(), stages[s].Number("ci_lower"));
      EXPECT_EQ(e.ci_upper(), stages[s].Number("ci_upper"));
    }
    const auto& tests = g.Find("tests")->array;
    ASSERT_EQ(response.tests_size(), static_cast<int>(tests.size()));
    for (size_t k = 0; k < tests.size(); ++k) {
      const auto& t = response.tests(static_cast<int>(k));
      ExpectRel(t.f_statistic(), tests[k].Number("f_statistic"), 1e-7, name + " F");
      EXPECT_EQ(t.p_value(), tests[k].Number("p_value")) << name;
    }
    // Regime slopes: default variance is clustered by entity; then iid.
    const JsonValue& model = *g.Find("regime_model");
    const auto names = model.Strings("names");
    auto expect_table = [&](const mv1::FitThresholdModelResponse& r, const char* se_key) {
      ASSERT_EQ(r.regime_model().coefficients_size(), static_cast<int>(names.size()));
      for (size_t j = 0; j < names.size(); ++j) {
        const auto& c = r.regime_model().coefficients(static_cast<int>(j));
        EXPECT_EQ(c.name(), names[j]);
        ExpectRel(c.estimate(), model.Find("estimates")->array[j].number, 1e-8, names[j]);
        ExpectRel(c.std_error(), model.Find(se_key)->array[j].number, 1e-6, names[j] + " " + se_key);
      }
    };
    expect_table(response, "se_cluster");
    auto iid = CaseRequest(g);
    iid.set_bootstrap_replications(-1);
    iid.mutable_variance()->set_type(mv1::VARIANCE_TYPE_IID);
    mv1::FitThresholdModelResponse iid_response;
    ASSERT_TRUE(Call(iid, &iid_response).ok());
    expect_table(iid_response, "se_iid");
    EXPECT_TRUE(std::isnan(iid_response.tests(0).p_value()));
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
};

TEST_F(ModelingThresholdTest, DemoPanelMatchesTheReferenceWithRegimeSlopesAndTheirErrors) {
  ExpectGolden("threshold_demo.json");
}

TEST_F(ModelingThresholdTest, ProducMatchesTheReference) { ExpectGolden("threshold_produc.json"); }

TEST_F(ModelingThresholdTest, RowOrderDoesNotChangeTheBootstrap) {
  const JsonValue g = Load("threshold_produc.json");
  auto request = CaseRequest(g);
  auto reversed = request;
  auto* p = reversed.mutable_panel();
  std::reverse(p->mutable_entity()->begin(), p->mutable_entity()->end());
  std::reverse(p->mutable_period()->begin(), p->mutable_period()->end());
  for (auto& c : *p->mutable_columns()) std::reverse(c.mutable_values()->begin(), c.mutable_values()->end());
  mv1::FitThresholdModelResponse a, b;
  ASSERT_TRUE(Call(request, &a).ok());
  ASSERT_TRUE(Call(reversed, &b).ok());
  EXPECT_EQ(a.tests(0).p_value(), b.tests(0).p_value());
  EXPECT_EQ(a.tests(1).critical_value_5(), b.tests(1).critical_value_5());
}

TEST_F(ModelingThresholdTest, UnbalancedPanelIsAFailedPrecondition) {
  auto request = CaseRequest(Load("threshold_produc.json"));
  request.mutable_panel()->mutable_entity()->RemoveLast();
  request.mutable_panel()->mutable_period()->RemoveLast();
  for (auto& c : *request.mutable_panel()->mutable_columns()) c.mutable_values()->RemoveLast();
  mv1::FitThresholdModelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("unbalanced panel"), std::string::npos) << status.error_message();
}

TEST_F(ModelingThresholdTest, ThresholdVariableWithFewDistinctValuesIsAFailedPrecondition) {
  auto request = CaseRequest(Load("threshold_produc.json"));
  auto* q = request.mutable_panel()->mutable_columns(1);  // the threshold variable
  for (int r = 0; r < q->values_size(); ++r) q->set_values(r, r % 3);
  mv1::FitThresholdModelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("3 distinct values"), std::string::npos) << status.error_message();
}

TEST_F(ModelingThresholdTest, BadFieldsAreNamed) {
  auto request = CaseRequest(Load("threshold_produc.json"));
  request.set_threshold_variable("no_such_column");
  request.set_thresholds(4);
  request.set_trim(0, 0.5);
  request.clear_regime_regressors();
  mv1::FitThresholdModelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "threshold_variable"));
  EXPECT_TRUE(HasViolation(status, "thresholds"));
  EXPECT_TRUE(HasViolation(status, "trim[0]"));
  EXPECT_TRUE(HasViolation(status, "regime_regressors"));
}

TEST_F(ModelingThresholdTest, MissingValueIsNamedByCell) {
  auto request = CaseRequest(Load("threshold_produc.json"));
  request.mutable_panel()->mutable_columns(0)->set_values(5, std::nan(""));
  mv1::FitThresholdModelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.columns[0].values[5]")) << status.error_message();
}

TEST_F(ModelingThresholdTest, TheDeadlineStopsALongBootstrap) {
  auto request = CaseRequest(Load("threshold_produc.json"));
  request.set_bootstrap_replications(20000);  // the server limit (--max_replications)
  mv1::FitThresholdModelResponse response;
  EXPECT_EQ(Call(request, &response, /*deadline_ms=*/300).error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
}

}  // namespace
}  // namespace govmetrics

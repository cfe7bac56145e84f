// ModelingService.FitSpatialPanel over a real in-process gRPC channel: the request path
// (weights spec -> W in panel order, balanced N x T matrices, options, provenance) gives
// spatialreg's numbers through the transformation approach
// (tests/reference/golden/spatial_panel.json) and the independent Lee-Yu implementation
// (spatial_panel_lee_yu.json) on Produc with the US states contiguity and on the demo
// panel with the shipped contiguity; bad input gets a status naming the field or row.
#include <map>
#include <memory>
#include <set>
#include <string>

#include "common/rpc/server_runtime.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
namespace cv1 = common::v1;
using ::govmetrics::testing::HasViolation;
using ::govmetrics::testing::JsonValue;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

stats::testing::CsvTable Csv(const std::string& rel) {
  stats::testing::CsvTable t;
  EXPECT_TRUE(stats::testing::ReadCsv(Source(rel), &t)) << rel;
  return t;
}

JsonValue GoldenCase(const std::string& file, const std::string& name) {
  JsonValue g;
  std::string error;
  EXPECT_TRUE(govmetrics::testing::ReadJsonFile(Source(file), &g, &error)) << error;
  for (const auto& c : g.Find("cases")->array) {
    if (c.String("name") == name) return c;
  }
  ADD_FAILURE() << "no golden case " << name;
  return g;
}

mv1::FitSpatialPanelRequest PanelRequest(const std::string& file, const std::string& entity, const std::string& y,
                                         const std::vector<std::string>& xs) {
  const auto csv = Csv(file);
  mv1::FitSpatialPanelRequest request;
  auto* panel = request.mutable_panel();
  for (const auto& e : csv.cells[csv.Column(entity)]) panel->add_entity(e);
  for (double t : csv.Numeric("year")) panel->add_period(static_cast<int>(t));
  std::vector<std::string> columns = xs;
  columns.push_back(y);
  for (const auto& name : columns) {
    auto* c = panel->add_columns();
    c->set_name(name);
    for (double v : csv.Numeric(name)) c->add_values(v);
  }
  request.set_dependent(y);
  for (const auto& x : xs) request.add_regressors(x);
  return request;
}

mv1::FitSpatialPanelRequest ProducRequest() {
  auto request = PanelRequest("tests/reference/data/produc_logs.csv", "state", "lgsp", {"lpcap", "lpc", "lemp", "unemp"});
  const auto edges = Csv("tests/reference/data/us_states_contiguity.csv");
  std::map<std::string, cv1::Neighbours*> units;
  auto* list = request.mutable_weights()->mutable_adjacency();
  list->set_symmetrize(true);
  for (const auto& s : std::set<std::string>(request.panel().entity().begin(), request.panel().entity().end())) {
    units[s] = list->add_units();
    units[s]->set_entity(s);
  }
  for (size_t r = 0; r < edges.cells[0].size(); ++r) units[edges.cells[0][r]]->add_neighbours(edges.cells[1][r]);
  return request;
}

mv1::FitSpatialPanelRequest DemoRequest() {
  auto request = PanelRequest("data/demo/study_panel.csv", "entity", "internet_penetration",
                              {"broadband_ports", "ln_gdp_per_capita", "urbanization"});
  request.mutable_weights()->mutable_china_province_contiguity();
  return request;
}

class ModelingSpatialPanelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
  }
  grpc::Status Call(const mv1::FitSpatialPanelRequest& request, mv1::FitSpatialPanelResponse* response) {
    grpc::ClientContext context;
    return stub_->FitSpatialPanel(&context, request, response);
  }
  static void ExpectCoefficients(const mv1::FitSpatialPanelResponse& r, const JsonValue& c) {
    const auto& coefs = c.Find("coefficients")->object;
    ASSERT_EQ(r.coefficients_size(), static_cast<int>(coefs.size()));
    for (size_t j = 0; j < coefs.size(); ++j) {
      const auto& got = r.coefficients(static_cast<int>(j));
      EXPECT_EQ(got.name(), coefs[j].first);
      const double e = coefs[j].second.Number("estimate"), se = coefs[j].second.Number("std_error");
      EXPECT_NEAR(got.estimate(), e, 1e-8 * std::max(1.0, std::fabs(e))) << got.name();
      EXPECT_NEAR(got.std_error(), se, 1e-6 * std::max(1.0, se)) << got.name();
    }
    EXPECT_NEAR(r.log_likelihood(), c.Number("log_likelihood"), 1e-8 * std::fabs(c.Number("log_likelihood")));
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
};

TEST_F(ModelingSpatialPanelTest, ProducTwoWaySdmDirectApproachMatchesSpatialreg) {
  auto request = ProducRequest();
  request.set_bias_correction(mv1::SPATIAL_BIAS_CORRECTION_NONE);
  request.set_effect_draws(-1);
  mv1::FitSpatialPanelResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  const JsonValue c = GoldenCase("tests/reference/golden/spatial_panel.json", "produc_sdm_two_way");
  ExpectCoefficients(response, c);
  EXPECT_EQ(response.observations(), 48 * 17);
  EXPECT_EQ(response.durbin_tests_size(), 4);
  EXPECT_EQ(response.lm_tests_size(), 4);
  ASSERT_EQ(response.effects_size(), 4);
  EXPECT_NEAR(response.effects(0).indirect(), c.Find("impacts")->Find("indirect")->array[0].number, 1e-6);
}

TEST_F(ModelingSpatialPanelTest, DemoWithShippedContiguityUsesLeeYuByDefault) {
  auto request = DemoRequest();
  request.set_effect_draws(100);
  request.set_seed(7);
  mv1::FitSpatialPanelResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  ExpectCoefficients(response, GoldenCase("tests/reference/golden/spatial_panel_lee_yu.json", "demo_sdm_two_way"));
  EXPECT_EQ(response.effective_observations(), 30 * 6);
  EXPECT_EQ(response.effect_draws(), 100);
  EXPECT_GT(response.effects(0).total_std_error(), 0);
  bool echoed = false;
  for (const auto& o : response.provenance().resolved_options()) echoed |= o.value() == "SPATIAL_BIAS_CORRECTION_LEE_YU";
  EXPECT_TRUE(echoed);
}

TEST_F(ModelingSpatialPanelTest, DemoSacWithEntityEffectsMatchesSpatialreg) {
  auto request = DemoRequest();
  request.set_model(mv1::SPATIAL_PANEL_MODEL_SAC);
  request.set_fixed_effects(mv1::SPATIAL_FIXED_EFFECTS_ENTITY);
  request.set_bias_correction(mv1::SPATIAL_BIAS_CORRECTION_NONE);
  request.set_effect_draws(-1);
  mv1::FitSpatialPanelResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  ExpectCoefficients(response, GoldenCase("tests/reference/golden/spatial_panel.json", "demo_sac_entity"));
}

// covariance = OBSERVED_HESSIAN through the RPC: R's observed-information SEs
// (observed_information_reference.R) and the convention named in the provenance.
TEST_F(ModelingSpatialPanelTest, ObservedHessianCovarianceMatchesRAndIsEchoed) {
  auto request = ProducRequest();
  request.set_bias_correction(mv1::SPATIAL_BIAS_CORRECTION_NONE);
  request.set_covariance(mv1::SPATIAL_PANEL_COVARIANCE_OBSERVED_HESSIAN);
  request.set_effect_draws(-1);
  mv1::FitSpatialPanelResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  const JsonValue c = GoldenCase("tests/reference/golden/spatial_panel_observed.json", "produc_sdm_two_way");
  const auto& se = c.Find("std_errors")->object;
  ASSERT_EQ(response.coefficients_size(), static_cast<int>(se.size()));
  for (size_t j = 0; j < se.size(); ++j) {
    EXPECT_NEAR(response.coefficients(static_cast<int>(j)).std_error(), se[j].second.number, 1e-6 * se[j].second.number)
        << se[j].first;
  }
  EXPECT_NEAR(response.sigma2_std_error(), c.Number("sigma2_std_error"), 1e-6 * c.Number("sigma2_std_error"));
  bool echoed = false;
  for (const auto& o : response.provenance().resolved_options()) {
    echoed |= o.name() == "covariance" && o.value().find("observed information") != std::string::npos;
  }
  EXPECT_TRUE(echoed);
}

TEST_F(ModelingSpatialPanelTest, BadFieldsAreNamed) {
  auto request = DemoRequest();
  request.add_regressors("no_such_column");
  request.add_regressors("broadband_ports");
  request.set_effect_draws(1);
  request.set_covariance(static_cast<mv1::SpatialPanelCovariance>(7));
  mv1::FitSpatialPanelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "regressors[3]", "no_such_column"));
  EXPECT_TRUE(HasViolation(status, "regressors[4]", "listed twice"));
  EXPECT_TRUE(HasViolation(status, "effect_draws", "standard deviation"));
  EXPECT_TRUE(HasViolation(status, "covariance", "unknown covariance"));
}

TEST_F(ModelingSpatialPanelTest, WeightsWhoseEntitiesDoNotMatchThePanelNameTheEntity) {
  auto request = ProducRequest();
  request.mutable_weights()->mutable_adjacency()->mutable_units()->RemoveLast();
  mv1::FitSpatialPanelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "weights.adjacency.units", "WYOMING"));
}

TEST_F(ModelingSpatialPanelTest, AnUnbalancedPanelIsAFailedPreconditionNamingTheCell) {
  auto request = DemoRequest();
  auto* panel = request.mutable_panel();
  panel->mutable_entity()->RemoveLast();
  panel->mutable_period()->RemoveLast();
  for (auto& c : *panel->mutable_columns()) c.mutable_values()->RemoveLast();
  mv1::FitSpatialPanelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("unbalanced panel"), std::string::npos) << status.error_message();
}

TEST_F(ModelingSpatialPanelTest, ARegressorTheFixedEffectsAbsorbIsANamedSingularLikelihood) {
  auto request = DemoRequest();
  auto* c = request.mutable_panel()->add_columns();
  c->set_name("year_trend");
  for (int p : request.panel().period()) c->add_values(p);
  request.add_regressors("year_trend");
  mv1::FitSpatialPanelResponse response;
  const grpc::Status status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("'year_trend'"), std::string::npos) << status.error_message();
}

}  // namespace
}  // namespace govmetrics

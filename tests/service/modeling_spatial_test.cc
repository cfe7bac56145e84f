// ModelingService.AnalyzeSpatialAutocorrelation over a real in-process gRPC channel: the
// whole request path (weights spec -> W in panel order, per-period slicing, provenance)
// gives spdep's numbers (tests/reference/golden/spatial_autocorrelation.json) on Produc
// with the US states contiguity and on the demo panel with the shipped contiguity and
// capitals of China's provinces; every bad input gets a status naming the field or row.
#include <cmath>
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

const JsonValue& Golden() {
  static const JsonValue* golden = [] {
    auto* g = new JsonValue;
    std::string error;
    EXPECT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_autocorrelation.json"), g, &error));
    return g;
  }();
  return *golden;
}

const JsonValue& Case(const std::string& name) {
  for (const auto& c : Golden().Find("cases")->array) {
    if (c.String("name") == name) return c;
  }
  ADD_FAILURE() << "no golden case " << name;
  return Golden();
}

mv1::AnalyzeSpatialAutocorrelationRequest PanelRequest(const std::string& file, const std::string& entity,
                                                       const std::string& column) {
  const auto csv = Csv(file);
  mv1::AnalyzeSpatialAutocorrelationRequest request;
  auto* panel = request.mutable_panel();
  for (const auto& e : csv.cells[csv.Column(entity)]) panel->add_entity(e);
  for (double t : csv.Numeric("year")) panel->add_period(static_cast<int>(t));
  auto* c = panel->add_columns();
  c->set_name(column);
  for (double v : csv.Numeric(column)) c->add_values(v);
  request.set_column(column);
  request.set_permutations(-1);
  return request;
}

// Produc with the US states contiguity as an adjacency list (one direction, symmetrised).
mv1::AnalyzeSpatialAutocorrelationRequest ProducRequest() {
  auto request = PanelRequest("tests/reference/data/produc.csv", "state", "unemp");
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

class ModelingSpatialTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
  }
  grpc::Status Call(const mv1::AnalyzeSpatialAutocorrelationRequest& request,
                    mv1::AnalyzeSpatialAutocorrelationResponse* response) {
    grpc::ClientContext context;
    return stub_->AnalyzeSpatialAutocorrelation(&context, request, response);
  }
  // Compares one period of the response with a golden case.
  static void ExpectPeriod(const mv1::AnalyzeSpatialAutocorrelationResponse& response, const JsonValue& c) {
    const mv1::PeriodAutocorrelation* p = nullptr;
    for (const auto& q : response.periods()) {
      if (q.period() == static_cast<int>(c.Number("period"))) p = &q;
    }
    ASSERT_NE(p, nullptr);
    const std::string at = c.String("name");
    const auto& mr = *c.Find("moran_randomisation");
    EXPECT_NEAR(p->moran().statistic(), mr.Number("statistic"), 1e-10) << at;
    EXPECT_NEAR(p->moran().randomisation().z(), mr.Number("z"), 1e-8) << at;
    EXPECT_NEAR(p->moran().normal().p_value_greater(), c.Find("moran_normal")->Number("p_greater"), 1e-10) << at;
    EXPECT_NEAR(p->geary().statistic(), c.Find("geary_randomisation")->Number("statistic"), 1e-10) << at;
    EXPECT_NEAR(p->geary().randomisation().z(), c.Find("geary_randomisation")->Number("z"), 1e-8) << at;
    // LISA: the golden lists units in its own order; match by entity.
    const auto ids = c.Strings("entities");
    ASSERT_EQ(p->local_size(), static_cast<int>(ids.size()));
    for (const auto& unit : p->local()) {
      const size_t i = static_cast<size_t>(std::find(ids.begin(), ids.end(), unit.entity()) - ids.begin());
      ASSERT_LT(i, ids.size()) << unit.entity();
      EXPECT_NEAR(unit.local_i(), c.Find("local")->Find("Ii")->array[i].number, 1e-10) << at << unit.entity();
      EXPECT_NEAR(unit.spatial_lag(), c.Find("local")->Find("lag")->array[i].number, 1e-10) << at << unit.entity();
    }
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
};

TEST_F(ModelingSpatialTest, ProducWithUsStatesContiguityMatchesSpdepInEveryPeriodChecked) {
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  const auto status = Call(ProducRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.periods_size(), 17);
  EXPECT_EQ(response.weights().islands_size(), 0);
  EXPECT_TRUE(response.weights().row_standardised());
  ExpectPeriod(response, Case("produc_unemp_1970_contiguity_W"));
  ExpectPeriod(response, Case("produc_unemp_1986_contiguity_W"));
}

TEST_F(ModelingSpatialTest, DemoWithShippedContiguityAndHainanConventionsMatchesSpdep) {
  auto request = PanelRequest("data/demo/study_panel.csv", "entity", "broadband_ports");
  request.mutable_weights()->mutable_china_province_contiguity();
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  EXPECT_EQ(response.weights().islands_size(), 0);
  ExpectPeriod(response, Case("demo_broadband_2015_contiguity_hainan_guangdong_W"));
  ExpectPeriod(response, Case("demo_broadband_2021_contiguity_hainan_guangdong_W"));
  request.mutable_weights()->mutable_china_province_contiguity()->set_hainan(cv1::HAINAN_CONVENTION_ISLAND);
  ASSERT_TRUE(Call(request, &response).ok());
  ASSERT_EQ(response.weights().islands_size(), 1);
  EXPECT_EQ(response.weights().islands(0), "Hainan");
  ExpectPeriod(response, Case("demo_broadband_2015_contiguity_hainan_island_W"));
}

TEST_F(ModelingSpatialTest, DemoWithCapitalsInverseDistanceMatchesSpdep) {
  auto request = PanelRequest("data/demo/study_panel.csv", "entity", "broadband_ports");
  auto* coordinates = request.mutable_weights()->mutable_coordinates();
  coordinates->set_china_province_capitals(true);
  coordinates->set_scheme(cv1::DISTANCE_SCHEME_INVERSE_DISTANCE);
  coordinates->set_cutoff(1500);
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  ExpectPeriod(response, Case("demo_broadband_2021_invdist1500_W"));
}

TEST_F(ModelingSpatialTest, PermutationPValuesAreSeededAndEchoed) {
  auto request = ProducRequest();
  request.set_permutations(0);
  request.set_seed(20261203);
  mv1::AnalyzeSpatialAutocorrelationResponse a, b;
  ASSERT_TRUE(Call(request, &a).ok());
  ASSERT_TRUE(Call(request, &b).ok());
  for (int t = 0; t < a.periods_size(); ++t) {
    EXPECT_EQ(a.periods(t).moran().permutation_p_value(), b.periods(t).moran().permutation_p_value());
    EXPECT_GT(a.periods(t).moran().permutation_p_value(), 0);
    EXPECT_LE(a.periods(t).moran().permutation_p_value(), 1);
  }
  ASSERT_EQ(a.provenance().seeds_size(), 1);
  EXPECT_EQ(a.provenance().seeds(0), 20261203u);
}

TEST_F(ModelingSpatialTest, WeightsWhoseEntitiesDoNotMatchThePanelNameTheEntry) {
  auto request = ProducRequest();
  auto* list = request.mutable_weights()->mutable_adjacency();
  list->mutable_units(0)->add_neighbours("PUERTO_RICO");
  list->mutable_units()->RemoveLast();  // WYOMING no longer listed
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "weights.adjacency.units[0].neighbours[" +
                                       std::to_string(request.weights().adjacency().units(0).neighbours_size() - 1) + "]",
                           "PUERTO_RICO"));
  EXPECT_TRUE(HasViolation(status, "weights.adjacency.units", "WYOMING"));
}

TEST_F(ModelingSpatialTest, ShippedChinaWeightsRejectAnEntityThatIsNotAProvince) {
  auto request = PanelRequest("data/demo/study_panel.csv", "entity", "broadband_ports");
  request.mutable_weights()->mutable_china_province_contiguity();
  for (int r = 0; r < request.panel().entity_size(); ++r) {
    if (request.panel().entity(r) == "Inner Mongolia") request.mutable_panel()->set_entity(r, "Neimenggu");
  }
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("Neimenggu"), std::string::npos) << status.error_message();
}

TEST_F(ModelingSpatialTest, UnbalancedPanelIsAPreconditionNamingTheGap) {
  auto request = ProducRequest();
  auto* panel = request.mutable_panel();
  panel->mutable_entity()->RemoveLast();
  panel->mutable_period()->RemoveLast();
  panel->mutable_columns(0)->mutable_values()->RemoveLast();
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("WYOMING"), std::string::npos) << status.error_message();
  EXPECT_NE(status.error_message().find("1986"), std::string::npos) << status.error_message();
}

TEST_F(ModelingSpatialTest, BadWeightsOptionsNameTheirFields) {
  auto request = PanelRequest("data/demo/study_panel.csv", "entity", "broadband_ports");
  mv1::AnalyzeSpatialAutocorrelationResponse response;
  auto status = Call(request, &response);
  EXPECT_TRUE(HasViolation(status, "weights", "choose a source"));
  auto* coordinates = request.mutable_weights()->mutable_coordinates();
  coordinates->set_china_province_capitals(true);
  coordinates->set_scheme(cv1::DISTANCE_SCHEME_K_NEAREST);
  coordinates->set_k(31);
  status = Call(request, &response);
  EXPECT_TRUE(HasViolation(status, "weights.coordinates.k", "1..30"));
  auto* matrix = request.mutable_weights()->mutable_matrix();
  matrix->add_entities("Beijing");
  matrix->add_values(0);
  status = Call(request, &response);
  EXPECT_TRUE(HasViolation(status, "weights.matrix.entities", "Tianjin"));
  request.set_permutations(-5);
  status = Call(request, &response);
  EXPECT_TRUE(HasViolation(status, "permutations"));
}

}  // namespace
}  // namespace govmetrics

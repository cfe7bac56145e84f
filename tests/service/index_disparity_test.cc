// IndexService.AnalyzeDisparity over a real in-process gRPC channel: the 31-province demo
// panel gives the golden numbers of tests/reference/golden/disparity_demo.json (numpy
// reference) through the whole request path (labels -> groups, periods, provenance), and
// every bad input gets a status naming the field, cell or period.
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <string>

#include "common/rpc/server_runtime.h"
#include "gtest/gtest.h"
#include "services/index/index_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics {
namespace {

namespace idx = index::v1;
using ::govmetrics::testing::HasViolation;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

class IndexDisparityTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kIndexServiceName}});
    stub_ = idx::IndexService::NewStub(server_->NewChannel());
  }

  // The demo panel: broadband_ports by region3, mobile_penetration as a control.
  static idx::AnalyzeDisparityRequest DemoRequest() {
    stats::testing::CsvTable csv;
    EXPECT_TRUE(stats::testing::ReadCsv(Source("data/demo/study_panel.csv"), &csv));
    idx::AnalyzeDisparityRequest request;
    auto* panel = request.mutable_panel();
    for (const auto& e : csv.cells[csv.Column("entity")]) panel->add_entity(e);
    for (double t : csv.Numeric("year")) panel->add_period(static_cast<int>(t));
    for (const char* name : {"broadband_ports", "mobile_penetration"}) {
      auto* column = panel->add_columns();
      column->set_name(name);
      for (double v : csv.Numeric(name)) column->add_values(v);
    }
    auto* label = panel->add_labels();
    label->set_name("region3");
    for (const auto& g : csv.cells[csv.Column("region3")]) label->add_values(g);
    request.set_column("broadband_ports");
    request.set_group_label("region3");
    request.mutable_convergence()->add_controls("mobile_penetration");
    return request;
  }

  grpc::Status Call(const idx::AnalyzeDisparityRequest& request, idx::AnalyzeDisparityResponse* response) {
    grpc::ClientContext context;
    return stub_->AnalyzeDisparity(&context, request, response);
  }

  services::IndexServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<idx::IndexService::Stub> stub_;
};

TEST_F(IndexDisparityTest, DemoPanelGivesTheReferenceGiniTheilAndMarkovChain) {
  govmetrics::testing::JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/disparity_demo.json"), &golden, &error));
  idx::AnalyzeDisparityResponse response;
  const grpc::Status status = Call(DemoRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto& periods = golden.Find("periods")->array;
  ASSERT_EQ(response.periods_size(), static_cast<int>(periods.size()));
  ASSERT_EQ(response.groups_size(), 3);
  for (int t = 0; t < response.periods_size(); ++t) {
    const auto& got = response.periods(t);
    const auto& gini = *periods[t].Find("gini");
    EXPECT_EQ(got.period(), static_cast<int>(periods[t].Number("period")));
    EXPECT_NEAR(got.gini(), gini.Number("total"), 1e-12);
    EXPECT_NEAR(got.gini_between(), gini.Number("between_net"), 1e-12);
    EXPECT_NEAR(got.gini_transvariation(), gini.Number("transvariation"), 1e-12);
    EXPECT_NEAR(got.theil_between(), periods[t].Find("theil")->Number("between"), 1e-12);
    EXPECT_NEAR(got.coefficient_of_variation(), periods[t].Number("cv"), 1e-12);
    ASSERT_EQ(got.groups_size(), 3);
    ASSERT_EQ(got.group_pairs_size(), 3);
  }
  const auto& markov = golden.Find("markov")->array[0];
  ASSERT_EQ(response.markov().probabilities_size(), 16);
  for (int i = 0; i < 16; ++i) {
    EXPECT_NEAR(response.markov().probabilities(i), markov.Find("probabilities")->array[i / 4].array[i % 4].number, 1e-12);
  }
  ASSERT_EQ(response.beta_convergence_size(), 2);
  EXPECT_FALSE(response.beta_convergence(0).conditional());
  EXPECT_TRUE(response.beta_convergence(1).conditional());
  EXPECT_EQ(response.beta_convergence(1).controls(0), "mobile_penetration");
  EXPECT_EQ(response.densities_size(), 7);
  EXPECT_EQ(response.densities(0).density_size(), 512);
}

TEST_F(IndexDisparityTest, ProvenanceEchoesTheResolvedDefaults) {
  idx::AnalyzeDisparityResponse response;
  ASSERT_TRUE(Call(DemoRequest(), &response).ok());
  std::map<std::string, std::string> options;
  for (const auto& o : response.provenance().resolved_options()) options[o.name()] = o.value();
  EXPECT_EQ(options["kernel_density.bandwidth_rule"], "BANDWIDTH_RULE_NRD0");
  EXPECT_EQ(options["kernel_density.grid_points"], "512");
  EXPECT_EQ(options["kernel_density.cut"], "3");
  EXPECT_EQ(options["markov.classes"], "4");
  EXPECT_EQ(options["markov.scope"], "QUANTILE_SCOPE_POOLED");
}

TEST_F(IndexDisparityTest, MissingValuesAreDroppedAndListed) {
  auto request = DemoRequest();
  request.mutable_panel()->mutable_columns(0)->set_values(3, std::nan(""));
  idx::AnalyzeDisparityResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  ASSERT_EQ(response.provenance().dropped_rows_size(), 1);
  EXPECT_EQ(response.provenance().dropped_rows(0).row(), 3);
  int used = 0;
  for (const auto& p : response.periods()) used += p.n();
  EXPECT_EQ(used, 31 * 7 - 1);
}

TEST_F(IndexDisparityTest, BadOptionsNameTheirFields) {
  auto request = DemoRequest();
  request.set_group_label("province_group");
  request.mutable_convergence()->set_controls(0, "gdp");
  request.mutable_kernel_density()->set_bandwidth_rule(idx::BANDWIDTH_RULE_FIXED);
  request.mutable_kernel_density()->set_grid_points(1);
  request.mutable_markov()->set_classes(1);
  request.add_analyses(idx::DISPARITY_ANALYSIS_UNSPECIFIED);
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "group_label", "province_group"));
  EXPECT_TRUE(HasViolation(status, "convergence.controls[0]", "gdp"));
  EXPECT_TRUE(HasViolation(status, "kernel_density.bandwidth", "FIXED"));
  EXPECT_TRUE(HasViolation(status, "kernel_density.grid_points"));
  EXPECT_TRUE(HasViolation(status, "markov.classes"));
  EXPECT_TRUE(HasViolation(status, "analyses[0]"));
}

TEST_F(IndexDisparityTest, NegativeValueNamesTheCell) {
  auto request = DemoRequest();
  request.mutable_panel()->mutable_columns(0)->set_values(10, -1.0);
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.columns[0].values[10]", "negative"));
}

TEST_F(IndexDisparityTest, ZeroValueIsAPreconditionOnlyWhenLogsAreTaken) {
  auto request = DemoRequest();
  request.mutable_panel()->mutable_columns(0)->set_values(10, 0.0);
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("panel.columns[0].values[10]"), std::string::npos) << status.error_message();
  request.add_analyses(idx::DISPARITY_ANALYSIS_DAGUM_GINI);
  request.add_analyses(idx::DISPARITY_ANALYSIS_MARKOV);
  EXPECT_TRUE(Call(request, &response).ok());
  EXPECT_EQ(response.beta_convergence_size(), 0);
  EXPECT_EQ(response.densities_size(), 0);
}

TEST_F(IndexDisparityTest, EmptyGroupLabelNamesTheCell) {
  auto request = DemoRequest();
  request.mutable_panel()->mutable_labels(0)->set_values(5, "");
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.labels[0].values[5]", "empty"));
}

TEST_F(IndexDisparityTest, PeriodWithAllZerosIsAPreconditionNamingThePeriod) {
  auto request = DemoRequest();
  request.add_analyses(idx::DISPARITY_ANALYSIS_THEIL);
  auto* values = request.mutable_panel()->mutable_columns(0);
  for (int r = 0; r < values->values_size(); ++r) {
    if (request.panel().period(r) == 2016) values->set_values(r, 0.0);
  }
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("2016"), std::string::npos) << status.error_message();
}

TEST_F(IndexDisparityTest, SpatialMarkovWithTheShippedContiguityMatchesTheReference) {
  govmetrics::testing::JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/disparity_demo.json"), &golden, &error));
  auto request = DemoRequest();
  request.mutable_spatial_weights()->mutable_china_province_contiguity();
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const auto& expected = golden.Find("spatial_markov")->array[0];  // 4 pooled classes
  ASSERT_EQ(response.spatial_markov().chains_size(), 4);
  EXPECT_EQ(response.spatial_markov().lag_breaks_size(), 3);
  for (int l = 0; l < 4; ++l) {
    const auto& chain = response.spatial_markov().chains(l);
    for (int c = 0; c < 16; ++c) {
      EXPECT_EQ(chain.counts(c), expected.Find("counts")->array[l].array[c / 4].array[c % 4].number) << l << "," << c;
    }
  }
}

TEST_F(IndexDisparityTest, SpatialMarkovNeedsEveryEntityInEveryPeriod) {
  auto request = DemoRequest();
  request.mutable_spatial_weights()->mutable_china_province_contiguity();
  request.mutable_panel()->mutable_columns(0)->set_values(7, std::nan(""));  // one missing value
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("every entity in every period"), std::string::npos) << status.error_message();
}

TEST_F(IndexDisparityTest, SpatialWeightsNotMatchingThePanelNameTheEntry) {
  auto request = DemoRequest();
  auto* matrix = request.mutable_spatial_weights()->mutable_matrix();
  matrix->add_entities("Beijing");
  matrix->add_entities("Atlantis");
  for (int i = 0; i < 4; ++i) matrix->add_values(0);
  idx::AnalyzeDisparityResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "spatial_weights.matrix.entities[1]", "Atlantis"));
  EXPECT_TRUE(HasViolation(status, "spatial_weights.matrix.entities", "Tianjin"));
}

}  // namespace
}  // namespace govmetrics

// Golden checks of the report's Hausman table and coupling coordination section:
//  * Hausman: the Produc study's baseline section against plm::phtest
//    (tests/reference/study/hausman_produc.R -> golden/study_hausman_produc.json);
//  * coupling: the demo study's two indices against an independent numpy implementation
//    (tests/reference/study/coupling_demo.py -> golden/study_coupling_demo.json): D per
//    entity and period, the class of each, and the class counts by period.
// The study's requests are answered by the services' code in this process.
#include <cmath>
#include <map>

#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "services/reporting/study_pipeline.h"
#include "services/reporting/study_steps.h"
#include "tests/reporting/in_process_services.h"
#include "tests/unit/golden_json.h"

namespace govmetrics::reporting {
namespace {

using govmetrics::testing::JsonValue;

JsonValue Golden(const std::string& name) {
  JsonValue golden;
  std::string error;
  EXPECT_TRUE(govmetrics::testing::ReadJsonFile(
      std::string(GOVMETRICS_SOURCE_DIR) + "/tests/reference/golden/" + name, &golden, &error))
      << error;
  return golden;
}

const JsonValue& Case(const JsonValue& golden, const std::string& name) {
  for (const auto& c : golden.Find("cases")->array) {
    if (c.String("name") == name) return c;
  }
  ADD_FAILURE() << "no case " << name;
  return golden;
}

const v1::Table* FindTable(const ReportFragment& fragment, const std::string& id) {
  for (const auto& t : fragment.tables()) {
    if (t.id() == id) return &t;
  }
  return nullptr;
}

// Plans and answers `spec`'s requests on `panel`, then builds one step.
ReportFragment BuildStep(const common::v1::Panel& panel, const v1::StudySpec& spec, BuildFunction build) {
  auto design = DesignStudy(panel, spec);
  EXPECT_TRUE(design.ok()) << design.status();
  ResponseSet responses;
  testing::InProcessServices services;
  const absl::Status ran = RunStudyRequests(*design, services, nullptr, responses);
  EXPECT_TRUE(ran.ok()) << ran;
  ReportFragment fragment;
  const absl::Status built = build(*design, responses, fragment);
  EXPECT_TRUE(built.ok()) << built;
  return fragment;
}

// The Produc study without the steps this test does not need.
v1::StudySpec ProducBaselineSpec() {
  auto spec = testing::LoadSpec("data/produc/study_spec.json");
  EXPECT_TRUE(spec.ok()) << spec.status();
  spec->clear_robustness();
  spec->clear_mediators();
  spec->clear_group_by();
  return *spec;
}

void ExpectHausmanTableIs(const ReportFragment& fragment, const JsonValue& expected) {
  const v1::Table* table = FindTable(fragment, "hausman");
  ASSERT_NE(table, nullptr);
  const auto& cells = table->rows(0).cells();
  EXPECT_NEAR(cells[0].value(), expected.Number("statistic"), 1e-7 * expected.Number("statistic"));
  EXPECT_EQ(cells[1].value(), expected.Number("df"));
  EXPECT_NEAR(cells[2].value(), expected.Number("p_value"), 1e-6);
}

TEST(AgencyGoldensTest, ClassicHausmanWithPeriodDummiesIsPlmPhtest) {
  auto panel = testing::LoadPanel("data/produc/produc_study.csv", "state", "year");
  ASSERT_TRUE(panel.ok()) << panel.status();
  const ReportFragment fragment = BuildStep(*panel, ProducBaselineSpec(), BuildBaselineStep);
  const JsonValue golden = Golden("study_hausman_produc.json");
  ExpectHausmanTableIs(fragment, Case(golden, "classic_year"));
  // p = 0.048 < 0.05: the sentence says the test favours fixed effects.
  const auto& summary = fragment.sections(0).summary();
  EXPECT_NE(summary[summary.size() - 1].text().find("favours the fixed-effects model"), std::string::npos)
      << summary[summary.size() - 1].text();
}

TEST(AgencyGoldensTest, RegressionBasedHausmanIsPlmAuxWithClusteredVariance) {
  auto panel = testing::LoadPanel("data/produc/produc_study.csv", "state", "year");
  ASSERT_TRUE(panel.ok()) << panel.status();
  v1::StudySpec spec = ProducBaselineSpec();
  spec.set_hausman(modeling::v1::HAUSMAN_METHOD_REGRESSION);
  // phtest(method = "aux", vcov = vcovHC(method = "arellano")): clustered, no small-sample factor.
  spec.mutable_variance()->set_small_sample(modeling::v1::SMALL_SAMPLE_NONE);
  const ReportFragment fragment = BuildStep(*panel, spec, BuildBaselineStep);
  ExpectHausmanTableIs(fragment, Case(Golden("study_hausman_produc.json"), "aux_cluster"));
}

class CouplingGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto panel = testing::LoadPanel("data/demo/study_panel.csv");
    auto spec = testing::LoadSpec("data/demo/study_spec_en.json");
    ASSERT_TRUE(panel.ok() && spec.ok());
    panel_ = *panel;
    spec_ = *spec;
    spec_.clear_robustness();
    spec_.clear_mediators();
    spec_.clear_group_by();
    spec_.mutable_coupling()->set_first("digital_empowerment");
    spec_.mutable_coupling()->set_second("governance_efficiency");
  }
  common::v1::Panel panel_;
  v1::StudySpec spec_;
};

TEST_F(CouplingGoldenTest, DegreesAndClassesAreTheNumpyReference) {
  const ReportFragment fragment = BuildStep(panel_, spec_, BuildScoresStep);
  const JsonValue golden = Golden("study_coupling_demo.json");
  const v1::Table* table = FindTable(fragment, "coupling");
  ASSERT_NE(table, nullptr);
  const auto& entities = golden.Find("entity")->array;
  ASSERT_EQ(table->rows_size(), static_cast<int>(entities.size()));
  std::map<std::pair<std::string, int>, const v1::TableRow*> rows;
  for (const auto& row : table->rows()) rows[{row.label(), static_cast<int>(row.cells(0).value())}] = &row;
  const char* const kBandNames[] = {"extreme imbalance", "serious imbalance", "moderate imbalance",
                                    "mild imbalance", "on the verge of imbalance", "barely coordinated",
                                    "primary coordination", "intermediate coordination", "good coordination",
                                    "high-quality coordination"};
  for (size_t i = 0; i < entities.size(); ++i) {
    const auto key = std::make_pair(entities[i].string, static_cast<int>(golden.Find("period")->array[i].number));
    ASSERT_TRUE(rows.count(key)) << key.first << key.second;
    const auto& cells = rows[key]->cells();
    EXPECT_NEAR(cells[1].value(), golden.Find("u1")->array[i].number, 1e-10) << key.first << key.second;
    EXPECT_NEAR(cells[3].value(), golden.Find("coupling")->array[i].number, 1e-10) << key.first << key.second;
    EXPECT_NEAR(cells[5].value(), golden.Find("degree")->array[i].number, 1e-10) << key.first << key.second;
    EXPECT_EQ(cells[6].text(), kBandNames[static_cast<int>(golden.Find("band")->array[i].number)]);
  }
}

TEST_F(CouplingGoldenTest, ClassCountsByPeriodAreTheNumpyReference) {
  const ReportFragment fragment = BuildStep(panel_, spec_, BuildScoresStep);
  const JsonValue golden = Golden("study_coupling_demo.json");
  const v1::Table* bands = FindTable(fragment, "coupling_bands");
  ASSERT_NE(bands, nullptr);
  const auto& counts = golden.Find("band_counts")->array;
  ASSERT_EQ(bands->rows_size(), 11);  // ten classes and the "coordinated" total
  for (int band = 0; band < 10; ++band) {
    for (size_t p = 0; p < counts[band].array.size(); ++p) {
      EXPECT_EQ(bands->rows(band).cells(p).value(), counts[band].array[p].number) << band << " " << p;
    }
  }
  double coordinated_latest = 0;
  for (int band = 5; band < 10; ++band) coordinated_latest += counts[band].array.back().number;
  EXPECT_EQ(bands->rows(10).cells(bands->columns_size() - 1).value(), coordinated_latest);
}

TEST_F(CouplingGoldenTest, UnknownSystemIsRefusedBeforeAnyComputationNamingTheField) {
  spec_.mutable_coupling()->set_second("governance_efficency");  // misspelt
  spec_.mutable_coupling()->set_first_weight(1.5);
  testing::InProcessServices services;
  auto response = RunStudy(panel_, spec_, services, nullptr, nullptr);
  ASSERT_EQ(response.status().code(), absl::StatusCode::kInvalidArgument);
  auto payload = response.status().GetPayload("type.googleapis.com/google.rpc.BadRequest");
  ASSERT_TRUE(payload.has_value());
  google::rpc::BadRequest details;
  ASSERT_TRUE(details.ParseFromString(std::string(*payload)));
  ASSERT_EQ(details.field_violations_size(), 2);
  EXPECT_EQ(details.field_violations(0).field(), "spec.coupling.second");
  EXPECT_NE(details.field_violations(0).description().find("governance_efficency"), std::string::npos);
  EXPECT_EQ(details.field_violations(1).field(), "spec.coupling.first_weight");
}

}  // namespace
}  // namespace govmetrics::reporting

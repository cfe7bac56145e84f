// What agencies publish (scores_step.cc): the score table's cells are a direct
// ComputeIndex call on the demo panel with the spec's index definition (not the request
// the pipeline planned), ranks are counted here from those scores, and the ranking chart
// is the latest period's scores from the highest. No servers: the study's requests are
// answered by the services' code in this process.
#include <map>

#include "common/contracts/index_request.h"
#include "gtest/gtest.h"
#include "services/reporting/study_pipeline.h"
#include "services/reporting/study_steps.h"
#include "tests/reporting/in_process_services.h"

namespace govmetrics::reporting {
namespace {

struct DemoStudy {
  common::v1::Panel panel;
  v1::StudySpec spec;
  StudyDesign design;
  ResponseSet responses;
  ReportFragment scores;
};

DemoStudy* RecordDemo() {
  auto* study = new DemoStudy;
  auto panel = testing::LoadPanel("data/demo/study_panel.csv");
  auto spec = testing::LoadSpec("data/demo/study_spec_en.json");
  EXPECT_TRUE(panel.ok() && spec.ok());
  study->panel = *panel;
  study->spec = *spec;
  study->spec.clear_robustness();  // the index columns are all this test needs
  auto design = DesignStudy(study->panel, study->spec);
  EXPECT_TRUE(design.ok()) << design.status();
  study->design = std::move(*design);
  testing::InProcessServices services;
  EXPECT_TRUE(RunStudyRequests(study->design, services, nullptr, study->responses).ok());
  EXPECT_TRUE(BuildScoresStep(study->design, study->responses, study->scores).ok());
  return study;
}

class AgencyTablesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { study_ = RecordDemo(); }
  static void TearDownTestSuite() { delete study_; }

  static const v1::Table& Table(const std::string& id) {
    for (const auto& t : study_->scores.tables()) {
      if (t.id() == id) return t;
    }
    ADD_FAILURE() << "no table " << id;
    return study_->scores.tables(0);
  }
  // The explanatory index computed directly from the spec's definition.
  static index::v1::ComputeIndexResponse DirectIndex() {
    index::v1::ComputeIndexRequest request;
    *request.mutable_panel() = study_->panel;
    *request.mutable_indicators() = study_->spec.explanatory().index().indicators();
    request.set_method(study_->spec.explanatory().index().method());
    auto response = contracts::ComputeIndex(request);
    EXPECT_TRUE(response.ok()) << response.status();
    return *response;
  }
  static int PanelRow(const std::string& entity, int period) {
    for (int i = 0; i < study_->panel.entity_size(); ++i) {
      if (study_->panel.entity(i) == entity && study_->panel.period(i) == period) return i;
    }
    ADD_FAILURE() << entity << " " << period;
    return 0;
  }
  static int TableRow(const v1::Table& table, const std::string& entity, int period) {
    for (int r = 0; r < table.rows_size(); ++r) {
      if (table.rows(r).label() == entity && table.rows(r).cells(0).value() == period) return r;
    }
    ADD_FAILURE() << entity << " " << period;
    return 0;
  }

  static inline DemoStudy* study_ = nullptr;
};

TEST_F(AgencyTablesTest, ScoreCellsAreADirectComputeIndexCall) {
  const auto direct = DirectIndex();
  const v1::Table& table = Table("scores_" + study_->design.x);
  ASSERT_EQ(table.rows_size(), study_->panel.entity_size());
  ASSERT_EQ(direct.dimension_scores_size(), 3);
  ASSERT_EQ(table.columns_size(), 3 + direct.dimension_scores_size());
  for (const auto& [entity, period] : std::vector<std::pair<std::string, int>>{
           {"Beijing", 2015}, {"Guangdong", 2018}, {"Tibet", 2021}, {"Henan", 2021}}) {
    const int p = PanelRow(entity, period);
    const auto& cells = table.rows(TableRow(table, entity, period)).cells();
    EXPECT_DOUBLE_EQ(cells[1].value(), direct.scores(p)) << entity << period;
    for (int k = 0; k < direct.dimension_scores_size(); ++k) {
      EXPECT_DOUBLE_EQ(cells[3 + k].value(), direct.dimension_scores(k).scores(p)) << entity << period << k;
    }
    int higher = 0;  // rank = 1 + entities of the period with a higher score
    for (int i = 0; i < study_->panel.entity_size(); ++i) {
      if (study_->panel.period(i) == period && direct.scores(i) > direct.scores(p)) ++higher;
    }
    EXPECT_EQ(cells[2].value(), higher + 1) << entity << period;
  }
}

TEST_F(AgencyTablesTest, RowsArePeriodBlocksInRankOrder) {
  const v1::Table& table = Table("scores_" + study_->design.y);
  for (int r = 1; r < table.rows_size(); ++r) {
    const auto& a = table.rows(r - 1).cells();
    const auto& b = table.rows(r).cells();
    ASSERT_LE(a[0].value(), b[0].value()) << r;
    if (a[0].value() == b[0].value()) {
      EXPECT_LE(a[2].value(), b[2].value()) << r;
    }
  }
  EXPECT_EQ(table.rows(0).cells(2).text(), "1");
}

TEST_F(AgencyTablesTest, RankingChartIsTheLatestPeriodFromTheHighest) {
  const auto direct = DirectIndex();
  const v1::Chart* chart = nullptr;
  for (const auto& c : study_->scores.charts()) {
    if (c.id() == "ranking_" + study_->design.x) chart = &c;
  }
  ASSERT_NE(chart, nullptr);
  std::map<double, std::string, std::greater<>> latest;  // score -> entity, highest first
  for (int i = 0; i < study_->panel.entity_size(); ++i) {
    if (study_->panel.period(i) == 2021) latest[direct.scores(i)] = study_->panel.entity(i);
  }
  ASSERT_EQ(chart->categories_size(), static_cast<int>(latest.size()));
  int k = 0;
  for (const auto& [score, entity] : latest) {
    EXPECT_EQ(chart->categories(k), entity);
    EXPECT_DOUBLE_EQ(chart->series(0).values(k), score);
    ++k;
  }
  ASSERT_EQ(study_->scores.sections_size(), 1);
  EXPECT_NE(study_->scores.sections(0).summary(0).text().find(latest.begin()->second + " ranks first"),
            std::string::npos)
      << study_->scores.sections(0).summary(0).text();
}

TEST_F(AgencyTablesTest, EntityLabelColumnNamesTheRows) {
  StudyDesign zh = study_->design;
  v1::StudySpec spec = study_->spec;
  spec.set_entity_label("name_zh");
  zh.spec = &spec;
  ReportFragment fragment;
  ASSERT_TRUE(BuildScoresStep(zh, study_->responses, fragment).ok());
  bool found = false;
  for (const auto& row : fragment.tables(0).rows()) found = found || row.label() == "北京";
  EXPECT_TRUE(found);
}

}  // namespace
}  // namespace govmetrics::reporting

// Each step's build function on recorded responses: the demo study's requests are
// planned by the pipeline and answered by the services' own code in this process
// (in_process_services.h); every table cell checked here must equal the number in the
// response it came from, and the prose must come from the catalog of the report's
// language. No servers.
#include <regex>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_pipeline.h"
#include "services/reporting/study_steps.h"
#include "tests/reporting/in_process_services.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

using testing::RecordedStudy;

// The demo study, fewer bootstrap draws (the point estimates do not depend on them).
RecordedStudy* Record(v1::Language language) {
  return testing::RecordStudy("data/demo/study_panel.csv", "data/demo/study_spec_en.json",
                              [&](v1::StudySpec& spec) { spec.set_language(language); });
}

class StudyBuildTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { study_ = Record(v1::LANGUAGE_EN); }
  static void TearDownTestSuite() { delete study_; }

  static const StudyDesign& design() { return study_->design; }
  static const ResponseSet& responses() { return study_->responses; }
  template <typename T>
  static const T& Response(const std::string& key) {
    auto response = responses().Get<T>(key);
    EXPECT_TRUE(response.ok()) << key;
    return **response;
  }
  static ReportFragment Build(BuildFunction build) {
    ReportFragment fragment;
    const absl::Status status = build(design(), responses(), fragment);
    EXPECT_TRUE(status.ok()) << status;
    return fragment;
  }
  static const v1::Table& TableOf(const ReportFragment& fragment, const std::string& id) {
    for (const auto& t : fragment.tables()) {
      if (t.id() == id) return t;
    }
    ADD_FAILURE() << "no table " << id;
    return fragment.tables(0);
  }

  static inline RecordedStudy* study_ = nullptr;
};

TEST_F(StudyBuildTest, IndexWeightsTableCarriesTheResponseWeights) {
  const ReportFragment fragment = Build(BuildIndexStep);
  const auto& index = Response<index::v1::ComputeIndexResponse>("index/" + design().x);
  const v1::Table& table = TableOf(fragment, "weights_" + design().x);
  ASSERT_GE(table.rows_size(), index.weights_size());
  for (int i = 0; i < index.weights_size(); ++i) {
    EXPECT_DOUBLE_EQ(table.rows(i).cells(3).value(), index.weights(i).weight());
    EXPECT_DOUBLE_EQ(table.rows(i).cells(1).value(), index.weights(i).entropy());
  }
  EXPECT_EQ(table.title(), "Indicator weights: " + design().Label(design().x));
  // Weights tables for the study's variables only, not for the re-weighted index.
  for (const auto& t : fragment.tables()) EXPECT_EQ(t.id().find("_WEIGHTING_METHOD_"), std::string::npos) << t.id();
}

TEST_F(StudyBuildTest, DescriptivesAreTheDescribedValues) {
  const ReportFragment fragment = Build(BuildDescriptiveStep);
  const auto& described = Response<mv1::DescribeVariablesResponse>("describe/variables");
  const v1::Table& table = TableOf(fragment, "descriptives");
  ASSERT_EQ(table.rows_size(), described.variables_size());
  for (int i = 0; i < described.variables_size(); ++i) {
    EXPECT_DOUBLE_EQ(table.rows(i).cells(1).value(), described.variables(i).mean());
    EXPECT_DOUBLE_EQ(table.rows(i).cells(2).value(), described.variables(i).sd());
  }
  const v1::Table& corr = TableOf(fragment, "correlations");
  EXPECT_DOUBLE_EQ(corr.rows(1).cells(0).value(), described.correlations(described.variables_size()));
}

TEST_F(StudyBuildTest, BaselineColumnsAreThePlainAndFullFits) {
  const ReportFragment fragment = Build(BuildBaselineStep);
  const auto* plain = FindCoefficient(Response<mv1::FitPanelModelResponse>("fit/baseline/plain"), design().x);
  const auto& full_fit = Response<mv1::FitPanelModelResponse>(kBaselineFullKey);
  const auto* full = FindCoefficient(full_fit, design().x);
  ASSERT_TRUE(plain && full);
  const v1::Table& table = TableOf(fragment, "baseline");
  EXPECT_DOUBLE_EQ(table.rows(0).cells(0).value(), plain->estimate());
  EXPECT_DOUBLE_EQ(table.rows(0).cells(1).value(), full->estimate());
  EXPECT_DOUBLE_EQ(table.rows(1).cells(1).value(), full->std_error());
  ASSERT_EQ(fragment.headlines_size(), 1);
  EXPECT_DOUBLE_EQ(fragment.headlines(0).value(), full->estimate());
  EXPECT_NE(fragment.headlines(0).text().find(absl::StrCat("N = ", full_fit.n_obs())), std::string::npos);
}

TEST_F(StudyBuildTest, RobustnessColumnsAreTheChecksFitsAndTheBaselineIsReused) {
  const ReportFragment fragment = Build(BuildRobustnessStep);
  const v1::Table& table = TableOf(fragment, "robustness");
  ASSERT_EQ(table.columns_size(), design().spec->robustness_size());
  for (int i = 0; i < design().spec->robustness_size(); ++i) {
    const auto& check = design().spec->robustness(i);
    const std::string x = check.check() == v1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING
                              ? AlternativeIndexName(design().x, check.alternative_method())
                              : design().x;
    const auto* c = FindCoefficient(Response<mv1::FitPanelModelResponse>(absl::StrCat("fit/robustness/", i)), x);
    ASSERT_NE(c, nullptr) << i;
    EXPECT_DOUBLE_EQ(table.rows(0).cells(i).value(), c->estimate()) << i;
  }
  // The chart's first point is the baseline step's fit, not a second one.
  const auto* base = FindCoefficient(Response<mv1::FitPanelModelResponse>(kBaselineFullKey), design().x);
  ASSERT_EQ(fragment.charts_size(), 1);
  EXPECT_DOUBLE_EQ(fragment.charts(0).series(0).values(0), base->estimate());
  RequestPlan plan;
  ASSERT_TRUE(PlanBaselineStep(design(), plan).ok());
  ASSERT_TRUE(PlanRobustnessStep(design(), plan).ok());
  EXPECT_EQ(plan.requests().size(), 3u + design().spec->robustness_size());  // + the Hausman test
}

TEST_F(StudyBuildTest, MediationRowsAreTheMediatorPaths) {
  const ReportFragment fragment = Build(BuildMechanismStep);
  const auto& mediation = Response<mv1::AnalyzeMediationResponse>("mediation/separate");
  const v1::Table& table = TableOf(fragment, "mediation");
  for (int m = 0; m < mediation.mediators_size(); ++m) {
    EXPECT_DOUBLE_EQ(table.rows(2 * m).cells(0).value(), mediation.mediators(m).a().estimate());
    EXPECT_DOUBLE_EQ(table.rows(2 * m).cells(4).value(), mediation.mediators(m).indirect());
  }
  EXPECT_NE(table.notes(0).find("99 entity-block replications"), std::string::npos) << table.notes(0);
}

TEST_F(StudyBuildTest, HeterogeneityColumnsAreTheGroupFits) {
  const ReportFragment fragment = Build(BuildHeterogeneityStep);
  const auto& groups = Response<mv1::CompareGroupsResponse>("groups/compare");
  const v1::Table& table = TableOf(fragment, "heterogeneity");
  ASSERT_EQ(table.columns_size(), groups.groups_size());
  for (int g = 0; g < groups.groups_size(); ++g) {
    EXPECT_DOUBLE_EQ(table.rows(0).cells(g).value(), FindCoefficient(groups.groups(g).fit(), design().x)->estimate());
  }
  EXPECT_EQ(TableOf(fragment, "group_differences").rows_size(), groups.differences_size());
}

TEST_F(StudyBuildTest, BuildsArePureFunctionsOfTheResponses) {
  for (BuildFunction build : {BuildIndexStep, BuildDescriptiveStep, BuildBaselineStep, BuildRobustnessStep,
                              BuildMechanismStep, BuildHeterogeneityStep}) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Build(build), Build(build)));
  }
}

TEST_F(StudyBuildTest, MissingResponseIsAnErrorNotACrash) {
  ResponseSet empty;
  ReportFragment fragment;
  for (BuildFunction build : {BuildIndexStep, BuildDescriptiveStep, BuildBaselineStep, BuildRobustnessStep,
                              BuildMechanismStep, BuildHeterogeneityStep}) {
    EXPECT_EQ(build(design(), empty, fragment).code(), absl::StatusCode::kInternal);
  }
}

TEST_F(StudyBuildTest, ChineseReportHasTheSameNumbersAndOnlyCatalogText) {
  // Same responses, other language: only the design's language differs.
  StudyDesign zh = design();
  zh.language = v1::LANGUAGE_ZH;
  v1::Report en_report, zh_report;
  ASSERT_TRUE(BuildStudyReport(design(), responses(), nullptr, en_report).ok());
  ASSERT_TRUE(BuildStudyReport(zh, responses(), nullptr, zh_report).ok());
  ASSERT_EQ(en_report.tables_size(), zh_report.tables_size());
  const std::regex catalog_key("^[a-z_]+\\.[a-z_]+$");
  for (int t = 0; t < en_report.tables_size(); ++t) {
    const auto& a = en_report.tables(t);
    const auto& b = zh_report.tables(t);
    EXPECT_FALSE(std::regex_search(b.title(), catalog_key)) << b.title();
    for (int r = 0; r < a.rows_size(); ++r) {
      for (int c = 0; c < a.rows(r).cells_size(); ++c) {
        EXPECT_EQ(a.rows(r).cells(c).value(), b.rows(r).cells(c).value()) << a.id() << r << c;
      }
    }
  }
  EXPECT_EQ(zh_report.sections(0).title(), "综合指数测度");
  for (const auto& section : zh_report.sections()) {
    for (const auto& sentence : section.summary()) {
      EXPECT_EQ(sentence.text().find('{'), std::string::npos) << sentence.text();
    }
  }
}

}  // namespace
}  // namespace govmetrics::reporting

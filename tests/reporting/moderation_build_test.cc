// The moderation step's plan and build on responses recorded from the modeling
// service's own code (in_process_services.h): the demo study with two moderators of the
// digital empowerment index, urbanisation (numeric, also a control) and region3 (a
// label). Every cell checked here must be the number of the response it came from.
#include <cmath>

#include "gtest/gtest.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_pipeline.h"
#include "services/reporting/study_steps.h"
#include "tests/reporting/in_process_services.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

struct RecordedStudy {
  v1::StudySpec spec;
  StudyDesign design;
  ResponseSet responses;
};

// Only the steps the moderation step reads: the demo's indices, the baseline fit and the
// interaction fits (no bootstrap, permutations or robustness checks to wait for).
v1::StudySpec ModerationSpec() {
  auto spec = testing::LoadSpec("data/demo/study_spec_en.json");
  EXPECT_TRUE(spec.ok()) << spec.status();
  spec->clear_mediators();
  spec->clear_robustness();
  spec->clear_group_by();
  auto* urbanization = spec->mutable_moderation()->add_moderators();
  urbanization->mutable_variable()->set_column("urbanization");
  auto* region = spec->mutable_moderation()->add_moderators();
  region->mutable_variable()->set_column("region3");
  region->mutable_variable()->set_label("Region");
  region->set_reference_level("West");
  return *spec;
}

RecordedStudy* Record(const v1::StudySpec& spec) {
  auto* study = new RecordedStudy;
  auto panel = testing::LoadPanel("data/demo/study_panel.csv");
  EXPECT_TRUE(panel.ok());
  study->spec = spec;
  auto design = DesignStudy(*panel, study->spec);
  EXPECT_TRUE(design.ok()) << design.status();
  study->design = std::move(*design);
  testing::InProcessServices services;
  const absl::Status status = RunStudyRequests(study->design, services, nullptr, study->responses);
  EXPECT_TRUE(status.ok()) << status;
  return study;
}

class ModerationBuildTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { study_ = Record(ModerationSpec()); }
  static void TearDownTestSuite() { delete study_; }

  static const StudyDesign& design() { return study_->design; }
  static const mv1::FitPanelModelResponse& Fit(const std::string& key) {
    auto response = study_->responses.Get<mv1::FitPanelModelResponse>(key);
    EXPECT_TRUE(response.ok()) << key;
    return **response;
  }
  static ReportFragment Build() {
    ReportFragment fragment;
    const absl::Status status = BuildModerationStep(design(), study_->responses, fragment);
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
  static int RowOf(const v1::Table& table, const std::string& label) {
    for (int r = 0; r < table.rows_size(); ++r) {
      if (table.rows(r).label() == label) return r;
    }
    ADD_FAILURE() << "no row " << label << " in " << table.id();
    return 0;
  }

  static inline RecordedStudy* study_ = nullptr;
};

TEST_F(ModerationBuildTest, InteractionModelIsTheBaselinePlusTheProduct) {
  const auto& fit = Fit("fit/moderation/0");
  const auto& baseline = Fit(kBaselineFullKey);
  EXPECT_EQ(fit.resolved_model().variance_type(), baseline.resolved_model().variance_type());
  EXPECT_EQ(fit.resolved_model().fixed_effects(), baseline.resolved_model().fixed_effects());
  EXPECT_EQ(fit.n_obs(), baseline.n_obs());
  ASSERT_EQ(fit.moderation_size(), 1);
  EXPECT_EQ(fit.moderation(0).terms(0), design().x + ":urbanization");
  // urbanization is a control too: it enters once, as the moderator's main effect.
  EXPECT_EQ(fit.coefficients_size(), baseline.coefficients_size() + 1);
}

TEST_F(ModerationBuildTest, TableColumnsAreTheBaselineAndOneFitPerModerator) {
  const ReportFragment fragment = Build();
  const v1::Table& table = TableOf(fragment, "moderation");
  ASSERT_EQ(table.columns_size(), 3);
  const auto& fit = Fit("fit/moderation/0");
  const std::string product = design().x + ":urbanization";
  const int row = RowOf(table, design().Label(product));
  EXPECT_EQ(table.rows(row).label(), design().Label(design().x) + " × " + design().Label("urbanization"));
  EXPECT_DOUBLE_EQ(table.rows(row).cells(1).value(), FindCoefficient(fit, product)->estimate());
  EXPECT_DOUBLE_EQ(table.rows(row + 1).cells(1).value(), FindCoefficient(fit, product)->std_error());
  EXPECT_FALSE(table.rows(row).cells(0).has_value());  // not in the baseline
  EXPECT_DOUBLE_EQ(table.rows(0).cells(0).value(), FindCoefficient(Fit(kBaselineFullKey), design().x)->estimate());
  // The label moderator's products, one per non-reference level.
  const auto& region_fit = Fit("fit/moderation/1");
  for (const auto& term : region_fit.moderation(0).terms()) {
    const int r = RowOf(table, design().Label(term));
    EXPECT_DOUBLE_EQ(table.rows(r).cells(2).value(), FindCoefficient(region_fit, term)->estimate()) << term;
  }
}

TEST_F(ModerationBuildTest, SimpleSlopesAreTheServiceSlopesAtMeanAndOneSd) {
  const ReportFragment fragment = Build();
  const v1::Table& table = TableOf(fragment, "simple_slopes");
  const auto& slopes = Fit("fit/moderation/0").moderation(0).simple_slopes();
  const auto& levels = Fit("fit/moderation/1").moderation(0).simple_slopes();
  ASSERT_EQ(slopes.size(), 3);
  ASSERT_EQ(table.rows_size(), slopes.size() + levels.size());
  for (int i = 0; i < slopes.size(); ++i) {
    EXPECT_DOUBLE_EQ(table.rows(i).cells(0).value(), slopes[i].slope());
    EXPECT_DOUBLE_EQ(table.rows(i).cells(1).value(), slopes[i].std_error());
    EXPECT_DOUBLE_EQ(table.rows(i).cells(3).value(), slopes[i].p_value());
    EXPECT_DOUBLE_EQ(table.rows(i).cells(5).value(), slopes[i].ci_upper());
  }
  EXPECT_NE(table.rows(0).label().find("mean − 1 SD"), std::string::npos) << table.rows(0).label();
  // Reference level first.
  EXPECT_EQ(table.rows(3).label(), "Region = West");
  EXPECT_DOUBLE_EQ(table.rows(3).cells(0).value(), levels[0].slope());
}

TEST_F(ModerationBuildTest, JohnsonNeymanRowIsTheServiceInterval) {
  const ReportFragment fragment = Build();
  const v1::Table& table = TableOf(fragment, "johnson_neyman");
  ASSERT_EQ(table.rows_size(), 1);  // the label moderator has none
  const auto& jn = Fit("fit/moderation/0").moderation(0).johnson_neyman();
  const auto& cells = table.rows(0).cells();
  if (std::isfinite(jn.lower())) {
    EXPECT_DOUBLE_EQ(cells[1].value(), jn.lower());
  }
  EXPECT_DOUBLE_EQ(cells[3].value(), jn.observed_min());
  EXPECT_DOUBLE_EQ(cells[4].value(), jn.observed_max());
}

TEST_F(ModerationBuildTest, CurveChartIsTheGridFitWithTheSimpleSlopesMarked) {
  const ReportFragment fragment = Build();
  ASSERT_EQ(fragment.charts_size(), 2);
  const v1::Chart& curve = fragment.charts(0);
  EXPECT_EQ(curve.kind(), v1::CHART_KIND_CONDITIONAL_EFFECT);
  const auto& grid = Fit("fit/moderation/0/curve").moderation(0).simple_slopes();
  const auto& marked = Fit("fit/moderation/0").moderation(0).simple_slopes();
  ASSERT_EQ(curve.x_values_size(), grid.size() + marked.size());
  ASSERT_EQ(curve.series_size(), 2);
  int points = 0;
  for (int i = 0; i < curve.x_values_size(); ++i) {
    if (i > 0) {
      EXPECT_LE(curve.x_values(i - 1), curve.x_values(i));
    }
    if (std::isfinite(curve.series(1).values(i))) ++points;
  }
  EXPECT_EQ(points, marked.size());
  // The grid covers the sample range the service reports, and its slopes are the service's.
  const auto& jn = Fit("fit/moderation/0").moderation(0).johnson_neyman();
  EXPECT_DOUBLE_EQ(grid[0].at(), jn.observed_min());
  EXPECT_DOUBLE_EQ(grid[grid.size() - 1].at(), jn.observed_max());
  EXPECT_DOUBLE_EQ(curve.series(0).values(0), grid[0].slope());
  EXPECT_EQ(fragment.charts(1).kind(), v1::CHART_KIND_COEFFICIENT);  // region: one point per level
}

TEST_F(ModerationBuildTest, SummariesCiteCellsAndReadInChinese) {
  StudyDesign zh = design();
  zh.language = v1::LANGUAGE_ZH;
  ReportFragment fragment;
  ASSERT_TRUE(BuildModerationStep(zh, study_->responses, fragment).ok());
  ASSERT_EQ(fragment.sections_size(), 1);
  EXPECT_EQ(fragment.sections(0).title(), "调节效应");
  ASSERT_GE(fragment.sections(0).summary_size(), 3);  // two moderators + one Johnson-Neyman
  for (const auto& sentence : fragment.sections(0).summary()) {
    EXPECT_EQ(sentence.text().find('{'), std::string::npos) << sentence.text();
    EXPECT_GT(sentence.cell_refs_size(), 0) << sentence.text();
  }
  EXPECT_NE(fragment.sections(0).summary(0).text().find("交互项"), std::string::npos);
}

TEST_F(ModerationBuildTest, BuildIsPureAndMissingResponsesAreInternal) {
  EXPECT_EQ(Build().SerializeAsString(), Build().SerializeAsString());
  ResponseSet empty;
  ReportFragment fragment;
  EXPECT_EQ(BuildModerationStep(design(), empty, fragment).code(), absl::StatusCode::kInternal);
}

TEST(ModerationDesign, BadModeratorsAreNamedInvalidArguments) {
  auto panel = testing::LoadPanel("data/demo/study_panel.csv");
  ASSERT_TRUE(panel.ok());
  struct Case {
    const char* column;
    double value;
    const char* reference;
    const char* field;
  };
  for (const Case& c : {Case{"no_such_column", NAN, "", "spec.moderation.moderators[0].variable"},
                        Case{"region3", 1.0, "", "spec.moderation.moderators[0].values"},
                        Case{"urbanization", NAN, "East", "spec.moderation.moderators[0].reference_level"}}) {
    v1::StudySpec spec = ModerationSpec();
    spec.mutable_moderation()->clear_moderators();
    auto* m = spec.mutable_moderation()->add_moderators();
    m->mutable_variable()->set_column(c.column);
    if (!std::isnan(c.value)) m->add_values(c.value);
    m->set_reference_level(c.reference);
    auto design = DesignStudy(*panel, spec);
    ASSERT_FALSE(design.ok()) << c.column;
    EXPECT_EQ(design.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(design.status().message().find(c.field), std::string::npos) << design.status();
  }
  v1::StudySpec same = ModerationSpec();
  same.mutable_moderation()->mutable_moderators(0)->mutable_variable()->mutable_index()->set_name(
      same.explanatory().index().name());
  EXPECT_EQ(DesignStudy(*panel, same).status().code(), absl::StatusCode::kInvalidArgument);
  v1::StudySpec empty = ModerationSpec();
  empty.mutable_moderation()->clear_moderators();
  EXPECT_NE(DesignStudy(*panel, empty).status().message().find("spec.moderation.moderators"), std::string::npos);
}

}  // namespace
}  // namespace govmetrics::reporting

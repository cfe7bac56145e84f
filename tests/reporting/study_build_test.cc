// Each step's build function on recorded responses: the demo study's requests are
// planned by the pipeline and answered by the services' own code in this process
// (in_process_services.h); every table cell checked here must equal the number in the
// response it came from, and the prose must come from the catalog of the report's
// language. No servers.
#include <algorithm>
#include <regex>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/spatial_model_choice.h"
#include "services/reporting/study_pipeline.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/threshold_tables.h"
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

// The demo spec asks for the spatio-temporal section on both indices, by region3, with
// the province contiguity for the spatial Markov chains.
TEST_F(StudyBuildTest, SpatioTemporalTablesAreTheDisparityResponse) {
  const ReportFragment fragment = Build(BuildSpatioTemporalStep);
  const auto& r = Response<index::v1::AnalyzeDisparityResponse>("spatio_temporal/" + design().x);
  ASSERT_EQ(r.groups_size(), 3);
  const v1::Table& dagum = TableOf(fragment, "dagum_" + design().x);
  ASSERT_EQ(dagum.rows_size(), r.periods_size());
  for (int t = 0; t < r.periods_size(); ++t) {
    const auto& p = r.periods(t);
    EXPECT_EQ(dagum.rows(t).label(), absl::StrCat(p.period()));
    EXPECT_DOUBLE_EQ(dagum.rows(t).cells(0).value(), p.gini());
    EXPECT_DOUBLE_EQ(dagum.rows(t).cells(2).value(), p.gini_between());
    EXPECT_NEAR(dagum.rows(t).cells(4).value() + dagum.rows(t).cells(5).value() + dagum.rows(t).cells(6).value(),
                100.0, 1e-9);
  }
  const v1::Table& groups = TableOf(fragment, "dagum_groups_" + design().x);
  ASSERT_EQ(groups.columns_size(), 3 + 3);  // three groups, three pairs
  EXPECT_DOUBLE_EQ(groups.rows(0).cells(0).value(), r.periods(0).groups(0).gini());
  EXPECT_DOUBLE_EQ(TableOf(fragment, "dispersion_" + design().x).rows(0).cells(3).value(),
                   r.periods(0).coefficient_of_variation());
  const v1::Table& beta = TableOf(fragment, "beta_" + design().x);
  ASSERT_EQ(beta.rows_size(), 2);
  EXPECT_DOUBLE_EQ(beta.rows(1).cells(0).value(), r.beta_convergence(1).beta());
  EXPECT_TRUE(r.beta_convergence(1).conditional());
  // Plain chain, then one K x K block per class of the neighbours' lag.
  const int k = r.markov().classes();
  const v1::Table& markov = TableOf(fragment, "markov_" + design().x);
  ASSERT_EQ(r.spatial_markov().chains_size(), k);
  ASSERT_EQ(markov.rows_size(), k + k * k);
  EXPECT_DOUBLE_EQ(markov.rows(1).cells(2).value(), r.markov().probabilities(1 * k + 2));
  EXPECT_DOUBLE_EQ(markov.rows(k + 2).cells(0).value(), r.spatial_markov().chains(0).probabilities(2 * k));
}

TEST_F(StudyBuildTest, DensityRidgelineHasOneGridForEveryPeriod) {
  const ReportFragment fragment = Build(BuildSpatioTemporalStep);
  const auto& r = Response<index::v1::AnalyzeDisparityResponse>("spatio_temporal/" + design().y);
  const v1::Chart* chart = nullptr;
  for (const auto& c : fragment.charts()) {
    if (c.id() == "density_" + design().y) chart = &c;
  }
  ASSERT_NE(chart, nullptr);
  EXPECT_EQ(chart->kind(), v1::CHART_KIND_RIDGELINE);
  ASSERT_EQ(chart->series_size(), r.periods_size());
  for (int t = 0; t < r.densities_size(); ++t) {
    ASSERT_EQ(r.densities(t).x_size(), chart->x_values_size());
    for (int i = 0; i < chart->x_values_size(); ++i) {
      EXPECT_EQ(r.densities(t).x(i), chart->x_values(i)) << t;  // the common grid
      EXPECT_EQ(chart->series(t).values(i), r.densities(t).density(i));
    }
  }
}

// The demo spec asks for the spatial section on both indices with the province
// contiguity, the model chosen by the tests.
TEST_F(StudyBuildTest, SpatialTablesAreTheAutocorrelationAndModelResponses) {
  const ReportFragment fragment = Build(BuildSpatialStep);
  const auto& moran = Response<mv1::AnalyzeSpatialAutocorrelationResponse>("spatial/moran/" + design().x);
  const v1::Table& table = TableOf(fragment, "moran_" + design().x);
  ASSERT_EQ(table.rows_size(), moran.periods_size());
  for (int t = 0; t < moran.periods_size(); ++t) {
    EXPECT_DOUBLE_EQ(table.rows(t).cells(0).value(), moran.periods(t).moran().statistic());
    EXPECT_DOUBLE_EQ(table.rows(t).cells(4).value(), moran.periods(t).geary().statistic());
  }
  // LISA counts add up to the entities of the period.
  const v1::Table& lisa = TableOf(fragment, "lisa_" + design().x);
  for (int t = 0; t < lisa.rows_size(); ++t) {
    double total = 0;
    for (const auto& cell : lisa.rows(t).cells()) total += cell.value();
    EXPECT_EQ(total, moran.periods(t).local_size());
  }
  const auto& sdm = Response<mv1::FitSpatialPanelResponse>("spatial/fit/SPATIAL_PANEL_MODEL_SDM");
  const v1::Table& tests = TableOf(fragment, "spatial_tests");
  ASSERT_EQ(tests.rows_size(), sdm.lm_tests_size() + sdm.durbin_tests_size());
  EXPECT_DOUBLE_EQ(tests.rows(0).cells(2).value(), sdm.lm_tests(0).p_value());
  const SpatialModelChoice choice = ChooseSpatialModel(mv1::SPATIAL_PANEL_MODEL_UNSPECIFIED, sdm);
  const auto& chosen = Response<mv1::FitSpatialPanelResponse>(
      "spatial/fit/" + mv1::SpatialPanelModel_Name(choice.model));
  const v1::Table& model = TableOf(fragment, "spatial_model");
  EXPECT_EQ(model.columns(0), SpatialModelName(choice.model));
  EXPECT_DOUBLE_EQ(model.rows(0).cells(0).value(), chosen.coefficients(0).estimate());
  EXPECT_DOUBLE_EQ(model.rows(1).cells(0).value(), chosen.coefficients(0).std_error());
  if (chosen.effects_size() > 0) {
    const v1::Table& effects = TableOf(fragment, "spatial_effects");
    EXPECT_DOUBLE_EQ(effects.rows(0).cells(1).value(), chosen.effects(0).indirect());
    EXPECT_DOUBLE_EQ(effects.rows(1).cells(2).value(), chosen.effects(0).total_std_error());
  }
}

TEST(SpatialModelChoiceTest, FollowsTheLmAndWaldTests) {
  auto fit = [](double lm, double robust_lag, double robust_error, double wald_sar, double wald_sem) {
    mv1::FitSpatialPanelResponse r;
    const std::pair<const char*, double> lms[] = {
        {"LM_LAG", lm}, {"ROBUST_LM_LAG", robust_lag}, {"LM_ERROR", lm}, {"ROBUST_LM_ERROR", robust_error}};
    for (const auto& [name, p] : lms) {
      auto* t = r.add_lm_tests();
      t->set_name(name);
      t->set_p_value(p);
    }
    const std::pair<const char*, double> walds[] = {{"WALD_SDM_SAR", wald_sar}, {"WALD_SDM_SEM", wald_sem}};
    for (const auto& [name, p] : walds) {
      auto* t = r.add_durbin_tests();
      t->set_name(name);
      t->set_p_value(p);
    }
    return r;
  };
  const auto none = mv1::SPATIAL_PANEL_MODEL_UNSPECIFIED;
  EXPECT_EQ(ChooseSpatialModel(none, fit(0.5, 0.5, 0.5, 0.01, 0.01)).model, mv1::SPATIAL_PANEL_MODEL_SDM);
  EXPECT_STREQ(ChooseSpatialModel(none, fit(0.5, 0.5, 0.5, 0.01, 0.01)).reason_key, "spatial.choice_no_lm");
  EXPECT_EQ(ChooseSpatialModel(none, fit(0.001, 0.01, 0.3, 0.4, 0.01)).model, mv1::SPATIAL_PANEL_MODEL_SAR);
  EXPECT_EQ(ChooseSpatialModel(none, fit(0.001, 0.3, 0.01, 0.01, 0.4)).model, mv1::SPATIAL_PANEL_MODEL_SEM);
  EXPECT_EQ(ChooseSpatialModel(none, fit(0.001, 0.01, 0.01, 0.01, 0.01)).model, mv1::SPATIAL_PANEL_MODEL_SDM);
  // Wald keeps theta = 0 but the robust LM lag test does not point to a lag: SDM stays.
  EXPECT_EQ(ChooseSpatialModel(none, fit(0.001, 0.3, 0.3, 0.4, 0.01)).model, mv1::SPATIAL_PANEL_MODEL_SDM);
  EXPECT_EQ(ChooseSpatialModel(mv1::SPATIAL_PANEL_MODEL_SAC, fit(0.5, 0.5, 0.5, 0.5, 0.5)).model,
            mv1::SPATIAL_PANEL_MODEL_SAC);
}

// (A bad spatial variable is refused by the spec checker: spec_validation_test.cc.)
TEST_F(StudyBuildTest, SpatialPlanWithAFixedModelPlansOnlyWhatItReports) {
  v1::StudySpec spec = *design().spec;
  StudyDesign changed = design();
  changed.spec = &spec;
  spec.mutable_spatial()->set_model(mv1::SPATIAL_PANEL_MODEL_SDM);
  RequestPlan fixed;
  ASSERT_TRUE(PlanSpatialStep(changed, fixed).ok());
  EXPECT_EQ(fixed.requests().size(), 2u + 1u);  // Moran's I for x and y, the SDM
}

// The demo spec asks for the threshold section: the explanatory index as its own
// threshold variable, up to 3 thresholds.
TEST_F(StudyBuildTest, ThresholdTablesAreTheThresholdResponses) {
  const ReportFragment fragment = Build(BuildThresholdStep);
  const auto& tests = Response<mv1::FitThresholdModelResponse>("threshold/tests");
  const v1::Table& table = TableOf(fragment, "threshold_tests");
  ASSERT_EQ(table.rows_size(), tests.tests_size());
  for (int k = 0; k < tests.tests_size(); ++k) {
    EXPECT_DOUBLE_EQ(table.rows(k).cells(0).value(), tests.tests(k).f_statistic());
    EXPECT_DOUBLE_EQ(table.rows(k).cells(3).value(), tests.tests(k).critical_value_5());
  }
  const int fitted = std::max(1, SelectedThresholds(tests));
  const auto& model = fitted == tests.tests_size()
                          ? tests
                          : Response<mv1::FitThresholdModelResponse>(absl::StrCat("threshold/fit/", fitted));
  ASSERT_EQ(model.thresholds_size(), fitted);
  const v1::Table& estimates = TableOf(fragment, "threshold_estimates");
  ASSERT_EQ(estimates.rows_size(), model.estimates_size());
  EXPECT_DOUBLE_EQ(estimates.rows(0).cells(0).value(), model.estimates(0).value());
  const v1::Table& slopes = TableOf(fragment, "threshold_slopes");
  for (int j = 0; j < model.regimes_size(); ++j) {
    const auto* c = FindCoefficient(model.regime_model(), absl::StrCat(design().x, ":regime", j + 1));
    ASSERT_NE(c, nullptr);
    EXPECT_DOUBLE_EQ(slopes.rows(2 * j).cells(0).value(), c->estimate());
    EXPECT_DOUBLE_EQ(slopes.rows(2 * j + 1).cells(0).value(), c->std_error());
  }
  // One LR plot per search, the LR curve over the candidates and the critical line.
  ASSERT_EQ(fragment.charts_size(), model.estimates_size());
  const v1::Chart& lr = fragment.charts(0);
  EXPECT_EQ(lr.kind(), v1::CHART_KIND_XY);
  ASSERT_EQ(lr.x_values_size(), model.estimates(0).candidates_size());
  EXPECT_EQ(lr.series(0).values(5), model.estimates(0).lr(5));
  EXPECT_EQ(lr.series(1).values(5), model.critical_lr());
}

TEST(ThresholdSelection, CountsTheLeadingSignificantTests) {
  mv1::FitThresholdModelResponse r;
  for (double p : {0.01, 0.2, 0.01}) r.add_tests()->set_p_value(p);
  EXPECT_EQ(SelectedThresholds(r), 1);
  r.mutable_tests(0)->set_p_value(0.06);
  EXPECT_EQ(SelectedThresholds(r), 0);
  r.mutable_tests(0)->set_p_value(0.0);
  r.mutable_tests(1)->set_p_value(0.049);
  EXPECT_EQ(SelectedThresholds(r), 3);
}

TEST_F(StudyBuildTest, BuildsArePureFunctionsOfTheResponses) {
  for (BuildFunction build : {BuildIndexStep, BuildDescriptiveStep, BuildBaselineStep, BuildRobustnessStep,
                              BuildMechanismStep, BuildHeterogeneityStep, BuildSpatioTemporalStep, BuildSpatialStep,
                              BuildThresholdStep}) {
    EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Build(build), Build(build)));
  }
}

TEST_F(StudyBuildTest, MissingResponseIsAnErrorNotACrash) {
  ResponseSet empty;
  ReportFragment fragment;
  for (BuildFunction build : {BuildIndexStep, BuildDescriptiveStep, BuildBaselineStep, BuildRobustnessStep,
                              BuildMechanismStep, BuildHeterogeneityStep, BuildSpatioTemporalStep, BuildSpatialStep,
                              BuildThresholdStep}) {
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

// The robustness menu's build function on recorded responses: the demo study with every
// menu entry (data/demo/study_spec_menu_{en,zh}.json) is planned by the pipeline and
// answered by the services' own code in this process; each column must carry the numbers
// of the response it came from, its header the analyst's label or the catalog's
// description, and the requests the edits the check asks for. No servers.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <set>

#include "gtest/gtest.h"
#include "services/reporting/gmm_check.h"
#include "services/reporting/iv_diagnostic_rows.h"
#include "services/reporting/panel_edits.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/robustness_checks.h"
#include "services/reporting/study_pipeline.h"
#include "services/reporting/study_steps.h"
#include "tests/reporting/in_process_services.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr int kDraws = 20;

using testing::RecordedStudy;

RecordedStudy* Record(const std::string& language) {
  return testing::RecordStudy("data/demo/study_panel.csv", "data/demo/study_spec_menu_" + language + ".json",
                              [](v1::StudySpec& spec) {
                                for (auto& check : *spec.mutable_robustness()) {
                                  if (check.check() == v1::ROBUSTNESS_CHECK_PLACEBO) check.set_placebo_draws(kDraws);
                                }
                              });
}

class RobustnessMenuBuildTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    en_ = Record("en");
    zh_ = Record("zh");
  }
  static void TearDownTestSuite() {
    delete en_;
    delete zh_;
  }
  static ReportFragment Build(const RecordedStudy& study) {
    ReportFragment fragment;
    const absl::Status status = BuildRobustnessStep(study.design, study.responses, fragment);
    EXPECT_TRUE(status.ok()) << status;
    return fragment;
  }
  static const v1::Table& Robustness(const ReportFragment& fragment) {
    for (const auto& t : fragment.tables()) {
      if (t.id() == "robustness") return t;
    }
    ADD_FAILURE() << "no robustness table";
    return fragment.tables(0);
  }
  static int Find(const RecordedStudy& study, v1::RobustnessCheck kind, int nth = 0) {
    for (int i = 0; i < study.spec.robustness_size(); ++i) {
      if (study.spec.robustness(i).check() == kind && nth-- == 0) return i;
    }
    ADD_FAILURE() << "no check " << v1::RobustnessCheck_Name(kind);
    return 0;
  }
  static const mv1::FitPanelModelResponse& Fit(const RecordedStudy& study, const std::string& key) {
    auto fit = study.responses.Get<mv1::FitPanelModelResponse>(key);
    EXPECT_TRUE(fit.ok()) << key;
    return **fit;
  }
  static inline RecordedStudy* en_ = nullptr;
  static inline RecordedStudy* zh_ = nullptr;
};

TEST_F(RobustnessMenuBuildTest, EveryColumnIsItsChecksFit) {
  const ReportFragment fragment = Build(*en_);
  const v1::Table& table = Robustness(fragment);
  ASSERT_EQ(table.columns_size(), en_->spec.robustness_size());
  for (int i = 0; i < en_->spec.robustness_size(); ++i) {
    const auto& check = en_->spec.robustness(i);
    if (check.check() == v1::ROBUSTNESS_CHECK_PLACEBO || check.check() == v1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM) {
      continue;
    }
    const CheckModel model = ModelOfCheck(en_->design, check);
    const auto* c = FindCoefficient(Fit(*en_, absl::StrCat("fit/robustness/", i)), model.x_in_model);
    ASSERT_NE(c, nullptr) << table.columns(i);
    EXPECT_DOUBLE_EQ(table.rows(0).cells(i).value(), c->estimate()) << table.columns(i);
    EXPECT_DOUBLE_EQ(table.rows(1).cells(i).value(), c->std_error()) << table.columns(i);
  }
}

TEST_F(RobustnessMenuBuildTest, HeadersAreTheAnalystsLabelsOrTheCatalogs) {
  const ReportFragment fragment = Build(*en_);
  const v1::Table& table = Robustness(fragment);
  auto header = [&](v1::RobustnessCheck kind, int nth = 0) { return table.columns(Find(*en_, kind, nth)); };
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY).find("X: Digital empowerment (entropy-TOPSIS)"),
            std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY, 1).find("X: Internet penetration"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR).find("Random effects"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR, 3).find("IV: open data platforms"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS).find("+ FE: Region × period"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_VARIANCE).find("SE: heteroskedasticity-robust (HC1)"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_WINSORIZED, 1).find("Winsorised 5%/95% by period"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_TRIMMED).find("Trimmed 1%/99%"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES).find("Excl. NBS four-region group: Northeast"),
            std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_EXCLUDE_PERIODS).find("Excl. pandemic year 2020"), std::string::npos);
  EXPECT_NE(header(v1::ROBUSTNESS_CHECK_PLACEBO).find(absl::StrCat("Placebo (", kDraws, " draws)")), std::string::npos);

  const ReportFragment zh_fragment = Build(*zh_);
  const v1::Table& zh = Robustness(zh_fragment);
  EXPECT_NE(zh.columns(Find(*zh_, v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR)).find("随机效应"), std::string::npos);
  EXPECT_NE(zh.columns(Find(*zh_, v1::ROBUSTNESS_CHECK_ENTITY_TRENDS)).find("个体线性趋势"), std::string::npos);
  EXPECT_NE(zh.columns(Find(*zh_, v1::ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES)).find("剔除四大区域：东北"), std::string::npos);
}

TEST_F(RobustnessMenuBuildTest, FixedEffectRowsFollowTheEstimator) {
  const ReportFragment fragment = Build(*en_);
  const v1::Table& table = Robustness(fragment);
  int entity_row = -1;
  for (int r = 0; r < table.rows_size(); ++r) {
    if (table.rows(r).label() == "Entity FE") entity_row = r;
  }
  ASSERT_GE(entity_row, 0);
  EXPECT_EQ(table.rows(entity_row).cells(Find(*en_, v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR)).text(), "No");
  EXPECT_EQ(table.rows(entity_row).cells(Find(*en_, v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR, 3)).text(), "Yes");
  EXPECT_EQ(table.rows(entity_row + 1).cells(Find(*en_, v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR, 1)).text(), "No");
  EXPECT_EQ(table.rows(entity_row).cells(Find(*en_, v1::ROBUSTNESS_CHECK_ENTITY_TRENDS)).text(), "Yes");
}

TEST_F(RobustnessMenuBuildTest, PlaceboColumnSummarisesTheRecordedDraws) {
  const ReportFragment fragment = Build(*en_);
  const int p = Find(*en_, v1::ROBUSTNESS_CHECK_PLACEBO);
  std::vector<double> draws;
  for (int d = 0; d < kDraws; ++d) {
    const auto* c = FindCoefficient(Fit(*en_, absl::StrCat("fit/robustness/", p, "/placebo/", d)), en_->design.x);
    ASSERT_NE(c, nullptr);
    draws.push_back(c->estimate());
  }
  const double mean = std::accumulate(draws.begin(), draws.end(), 0.0) / kDraws;
  double squares = 0;
  for (double v : draws) squares += (v - mean) * (v - mean);
  const v1::Table& table = Robustness(fragment);
  EXPECT_NEAR(table.rows(0).cells(p).value(), mean, 1e-12);
  EXPECT_NEAR(table.rows(1).cells(p).value(), std::sqrt(squares / (kDraws - 1)), 1e-12);
  // The draws differ (the permutations do), and the histogram counts every draw.
  EXPECT_GT(std::set<double>(draws.begin(), draws.end()).size(), static_cast<size_t>(kDraws / 2));
  const v1::Chart* histogram = nullptr;
  for (const auto& c : fragment.charts()) {
    if (c.id() == absl::StrCat("robustness_placebo_", p + 1)) histogram = &c;
  }
  ASSERT_NE(histogram, nullptr);
  EXPECT_EQ(std::accumulate(histogram->series(0).values().begin(), histogram->series(0).values().end(), 0.0), kDraws);
  // The agreement sentence counts the checks, not the placebo.
  EXPECT_NE(fragment.sections(0).summary(0).text().find(absl::StrCat("of ", en_->spec.robustness_size() - 1, " checks")),
            std::string::npos)
      << fragment.sections(0).summary(0).text();
}

int RowOf(const v1::Table& table, const std::string& label) {
  for (int r = 0; r < table.rows_size(); ++r) {
    if (table.rows(r).label() == label) return r;
  }
  ADD_FAILURE() << "no row " << label;
  return 0;
}

TEST_F(RobustnessMenuBuildTest, GmmColumnIsTheRecordedDynamicPanelFit) {
  const ReportFragment fragment = Build(*en_);
  const v1::Table& table = Robustness(fragment);
  const int g = Find(*en_, v1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM);
  auto recorded = en_->responses.Get<mv1::FitDynamicPanelResponse>(absl::StrCat("fit/robustness/", g));
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  const mv1::FitDynamicPanelResponse& gmm = **recorded;
  auto coefficient = [&](const std::string& name) {
    for (const auto& c : gmm.coefficients()) {
      if (c.name() == name) return c;
    }
    ADD_FAILURE() << "no coefficient " << name;
    return mv1::GmmCoefficient();
  };
  EXPECT_NE(table.columns(g).find("System GMM"), std::string::npos) << table.columns(g);
  const auto x = coefficient(en_->design.x);
  EXPECT_DOUBLE_EQ(table.rows(0).cells(g).value(), x.estimate());
  EXPECT_DOUBLE_EQ(table.rows(1).cells(g).value(), x.std_error());
  EXPECT_DOUBLE_EQ(table.rows(0).cells(g).p_value(), x.p_value());
  // The lagged outcome's rows follow the explanatory variable's, blank in other columns.
  const auto lagged = coefficient("L1." + en_->design.y);
  EXPECT_EQ(table.rows(2).label(), "Government governance efficiency (t−1)");
  EXPECT_DOUBLE_EQ(table.rows(2).cells(g).value(), lagged.estimate());
  EXPECT_DOUBLE_EQ(table.rows(3).cells(g).value(), lagged.std_error());
  EXPECT_EQ(table.rows(2).cells(0).text(), "");
  // N: the level equation's observations; the diagnostics, in their own rows.
  EXPECT_EQ(table.rows(RowOf(table, "N")).cells(g).value(), gmm.observations_level());
  EXPECT_EQ(table.rows(RowOf(table, "Instruments")).cells(g).value(), gmm.instruments());
  EXPECT_DOUBLE_EQ(table.rows(RowOf(table, "AR(1) test p-value")).cells(g).value(), gmm.ar1().p_value());
  ASSERT_TRUE(gmm.has_ar2());
  EXPECT_DOUBLE_EQ(table.rows(RowOf(table, "AR(2) test p-value")).cells(g).value(), gmm.ar2().p_value());
  const int hansen = RowOf(table, "Hansen J p-value");
  EXPECT_DOUBLE_EQ(table.rows(hansen).cells(g).value(), gmm.hansen().p_value());
  EXPECT_EQ(table.rows(hansen).cells(0).text(), "");
  bool noted = false;
  for (const auto& note : table.notes()) {
    noted = noted || note.find("two-step estimates with Windmeijer-corrected") != std::string::npos;
  }
  EXPECT_TRUE(noted);

  const ReportFragment zh_fragment = Build(*zh_);
  const v1::Table& zh = Robustness(zh_fragment);
  EXPECT_NE(zh.columns(g).find("系统GMM"), std::string::npos) << zh.columns(g);
  EXPECT_NE(zh.rows(2).label().find("（滞后一期）"), std::string::npos) << zh.rows(2).label();
  EXPECT_DOUBLE_EQ(zh.rows(RowOf(zh, "AR(2) 检验 p 值")).cells(g).value(), gmm.ar2().p_value());
}

// gmm.outcome_lags = 2: the request asks for y(t-1) and y(t-2), and each is a row pair of
// the table, labelled by its lag, carrying the response's coefficient.
TEST(RobustnessMenuGmmLagsTest, EachOutcomeLagIsARowOfTheTable) {
  std::unique_ptr<RecordedStudy> study(
      testing::RecordStudy("data/demo/study_panel.csv", "data/demo/study_spec_menu_en.json", [](v1::StudySpec& spec) {
        for (auto& check : *spec.mutable_robustness()) {
          if (check.check() == v1::ROBUSTNESS_CHECK_PLACEBO) check.set_placebo_draws(kDraws);
          if (check.check() == v1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM) check.mutable_gmm()->set_outcome_lags(2);
        }
      }));
  int g = 0;
  while (study->spec.robustness(g).check() != v1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM) ++g;
  ASSERT_EQ(GmmCheckRequest(study->design, study->spec.robustness(g)).dependent_lags_size(), 2);
  ReportFragment fragment;
  ASSERT_TRUE(BuildRobustnessStep(study->design, study->responses, fragment).ok());
  const v1::Table* table = nullptr;
  for (const auto& t : fragment.tables()) {
    if (t.id() == "robustness") table = &t;
  }
  ASSERT_NE(table, nullptr);
  auto recorded = study->responses.Get<mv1::FitDynamicPanelResponse>(absl::StrCat("fit/robustness/", g));
  ASSERT_TRUE(recorded.ok()) << recorded.status();
  std::map<std::string, mv1::GmmCoefficient> coefficients;
  for (const auto& c : (*recorded)->coefficients()) coefficients[c.name()] = c;
  for (int lag : {1, 2}) {
    const auto& c = coefficients[absl::StrCat("L", lag, ".", study->design.y)];
    ASSERT_NE(c.std_error(), 0) << "no coefficient of lag " << lag;
    const int row = 2 * lag;
    EXPECT_EQ(table->rows(row).label(), absl::StrCat("Government governance efficiency (t−", lag, ")"));
    EXPECT_DOUBLE_EQ(table->rows(row).cells(g).value(), c.estimate());
    EXPECT_DOUBLE_EQ(table->rows(row + 1).cells(g).value(), c.std_error());
    EXPECT_EQ(table->rows(row).cells(0).text(), "");
  }
}

TEST_F(RobustnessMenuBuildTest, IvColumnShowsItsInstrumentDiagnostics) {
  const ReportFragment fragment = Build(*en_);
  const v1::Table& table = Robustness(fragment);
  const int iv = Find(*en_, v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR, 3);
  const mv1::IvDiagnostics& d = Fit(*en_, absl::StrCat("fit/robustness/", iv)).iv_diagnostics();
  const int lm = RowOf(table, "Kleibergen-Paap rk LM p-value");
  EXPECT_DOUBLE_EQ(table.rows(lm).cells(iv).value(), d.underidentification().p_value());
  const int f = RowOf(table, "Weak identification: Kleibergen-Paap rk Wald F");
  EXPECT_DOUBLE_EQ(table.rows(f).cells(iv).value(), d.kleibergen_paap_f());
  const int stock_yogo = RowOf(table, "Stock-Yogo critical value: 10% maximal 2SLS size");
  EXPECT_DOUBLE_EQ(table.rows(stock_yogo).cells(iv).value(), 16.38);
  // Blank in the other columns; one instrument: no over-identification test to show.
  const int random_effects = Find(*en_, v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR);
  for (int row : {lm, f, stock_yogo}) EXPECT_EQ(table.rows(row).cells(random_effects).text(), "");
  EXPECT_EQ(table.rows(RowOf(table, "Hansen J p-value")).cells(iv).text(), "");

  // An over-identified IV column gets its Hansen J p-value in the row the GMM column fills.
  mv1::FitPanelModelResponse overidentified = Fit(*en_, absl::StrCat("fit/robustness/", iv));
  auto* j = overidentified.mutable_iv_diagnostics()->mutable_overidentification();
  j->set_name("hansen_j");
  j->set_p_value(0.25);
  const auto rows = IvColumnDiagnostics(en_->design, overidentified.iv_diagnostics());
  ASSERT_FALSE(rows.empty());
  EXPECT_EQ(rows.back().label, "Hansen J p-value");
  EXPECT_EQ(rows.back().cell.value(), 0.25);

  const ReportFragment zh_fragment = Build(*zh_);
  const v1::Table& zh = Robustness(zh_fragment);
  EXPECT_DOUBLE_EQ(zh.rows(RowOf(zh, "Kleibergen-Paap rk LM 检验 p 值")).cells(iv).value(),
                   d.underidentification().p_value());
}

TEST_F(RobustnessMenuBuildTest, GmmRequestHasTheGenresDefaults) {
  const auto& check = en_->spec.robustness(Find(*en_, v1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM));
  const auto request = GmmCheckRequest(en_->design, check);
  EXPECT_EQ(request.dependent(), en_->design.y);
  ASSERT_EQ(request.dependent_lags_size(), 1);
  EXPECT_EQ(request.dependent_lags(0), 1);
  EXPECT_EQ(request.regressors_size(), 1 + static_cast<int>(en_->design.controls.size()));
  EXPECT_EQ(request.regressors(0).column(), en_->design.x);
  EXPECT_EQ(request.transformation(), mv1::GMM_TRANSFORMATION_SYSTEM);
  EXPECT_EQ(request.steps(), mv1::GMM_STEPS_TWO_STEP);
  EXPECT_EQ(request.covariance(), mv1::GMM_COVARIANCE_ROBUST);
  EXPECT_EQ(request.effect(), mv1::GMM_EFFECT_TWO_WAYS);
  ASSERT_EQ(request.gmm_instruments_size(), 1);
  EXPECT_EQ(request.gmm_instruments(0).column(), en_->design.y);
  EXPECT_EQ(request.gmm_instruments(0).min_lag(), 2);
  EXPECT_EQ(request.gmm_instruments(0).max_lag(), 0);
  EXPECT_TRUE(request.gmm_instruments(0).collapse());

  v1::RobustnessSpec options = check;
  options.mutable_gmm()->set_transformation(mv1::GMM_TRANSFORMATION_DIFFERENCE);
  options.mutable_gmm()->set_collapse(false);
  options.mutable_gmm()->set_max_lag(3);
  options.mutable_gmm()->set_endogenous_explanatory(true);
  const auto difference = GmmCheckRequest(en_->design, options);
  EXPECT_EQ(difference.transformation(), mv1::GMM_TRANSFORMATION_DIFFERENCE);
  ASSERT_EQ(difference.gmm_instruments_size(), 2);
  EXPECT_EQ(difference.gmm_instruments(1).column(), en_->design.x);
  EXPECT_EQ(difference.gmm_instruments(1).max_lag(), 3);
  EXPECT_FALSE(difference.gmm_instruments(1).collapse());
  EXPECT_EQ(CheckHeader(en_->design, options), "Difference GMM");
}

TEST_F(RobustnessMenuBuildTest, RequestsCarryTheEditsOfTheirCheck) {
  const StudyDesign& design = en_->design;
  auto request = [&](v1::RobustnessCheck kind) {
    const auto& check = en_->spec.robustness(Find(*en_, kind));
    return CheckRequest(design, check, ModelOfCheck(design, check));
  };
  const auto no_2020 = request(v1::ROBUSTNESS_CHECK_EXCLUDE_PERIODS);
  EXPECT_EQ(std::count(no_2020.panel().period().begin(), no_2020.panel().period().end(), 2020), 0);
  EXPECT_EQ(no_2020.panel().entity_size(), design.panel.entity_size() - 31);
  const auto trends = request(v1::ROBUSTNESS_CHECK_ENTITY_TRENDS);
  EXPECT_EQ(trends.regressors_size(), 1 + static_cast<int>(design.controls.size()) + 30);
  const auto region_year = request(v1::ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS);
  ASSERT_EQ(region_year.absorb_size(), 1);
  EXPECT_EQ(region_year.absorb(0), "region3#period");
  const auto* label = FindLabelValues(region_year.panel(), "region3#period");
  ASSERT_NE(label, nullptr);
  EXPECT_EQ(label->Get(0), absl::StrCat(FindLabelValues(design.panel, "region3")->Get(0), "#", design.panel.period(0)));
  const auto iv = request(v1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR);  // the first: random effects
  EXPECT_EQ(iv.estimator(), mv1::ESTIMATOR_RANDOM_EFFECTS);
  EXPECT_EQ(iv.fixed_effects(), mv1::FIXED_EFFECTS_UNSPECIFIED);
}

}  // namespace
}  // namespace govmetrics::reporting

// The robustness menu through the real services: the demo study with every menu entry
// (data/demo/study_spec_menu_en.json) runs through ReportingService (IndexService and
// ModelingService behind real gRPC channels), and a cell or two of each new column of the
// robustness table is checked against a direct FitPanelModel call that this test builds
// itself (its own index columns from direct ComputeIndex calls, its own row removals,
// interaction label, trend columns, per-period winsorising and trimming), not through the
// reporting code.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <map>
#include <memory>
#include <set>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/reporting/in_process_services.h"
#include "tests/service/study_servers.h"

namespace govmetrics {
namespace {

namespace rv1 = reporting::v1;
namespace mv1 = modeling::v1;
using common::v1::Panel;

constexpr int kPlaceboDraws = 40;

void SetColumn(Panel& panel, const std::string& name, const std::vector<double>& values) {
  auto* column = panel.add_columns();
  column->set_name(name);
  column->mutable_values()->Add(values.begin(), values.end());
}

std::vector<double> Column(const Panel& panel, const std::string& name) {
  for (const auto& c : panel.columns()) {
    if (c.name() == name) return {c.values().begin(), c.values().end()};
  }
  ADD_FAILURE() << "no column " << name;
  return {};
}

std::vector<std::string> Label(const Panel& panel, const std::string& name) {
  for (const auto& l : panel.labels()) {
    if (l.name() == name) return {l.values().begin(), l.values().end()};
  }
  ADD_FAILURE() << "no label " << name;
  return {};
}

Panel KeepRows(const Panel& panel, const std::vector<bool>& keep) {
  Panel out;
  for (int row = 0; row < panel.entity_size(); ++row) {
    if (!keep[row]) continue;
    out.add_entity(panel.entity(row));
    out.add_period(panel.period(row));
  }
  for (const auto& c : panel.columns()) {
    std::vector<double> values;
    for (int row = 0; row < panel.entity_size(); ++row) {
      if (keep[row]) values.push_back(c.values(row));
    }
    SetColumn(out, c.name(), values);
  }
  for (const auto& l : panel.labels()) {
    auto* label = out.add_labels();
    label->set_name(l.name());
    for (int row = 0; row < panel.entity_size(); ++row) {
      if (keep[row]) label->add_values(l.values(row));
    }
  }
  return out;
}

// numpy.quantile's default (linear, R type 7) of the finite values.
double Quantile(std::vector<double> values, double p) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return !std::isfinite(v); }),
               values.end());
  std::sort(values.begin(), values.end());
  const double h = (values.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  return lo + 1 < values.size() ? values[lo] + (h - lo) * (values[lo + 1] - values[lo]) : values[lo];
}

class RobustnessMenuTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_ = new testing::StudyServers;

    auto panel = reporting::testing::LoadPanel("data/demo/study_panel.csv");
    auto spec = reporting::testing::LoadSpec("data/demo/study_spec_menu_en.json");
    ASSERT_TRUE(panel.ok() && spec.ok());
    spec_ = new rv1::StudySpec(*spec);
    spec_->mutable_bootstrap()->set_replications(99);
    spec_->set_permutations(99);
    spec_->set_wild_bootstrap_replications(99);
    spec_->clear_formats();
    spec_->add_formats(rv1::FORMAT_JSON);
    for (auto& check : *spec_->mutable_robustness()) {
      if (check.check() == rv1::ROBUSTNESS_CHECK_PLACEBO) check.set_placebo_draws(kPlaceboDraws);
    }
    rv1::RunStudyRequest request;
    *request.mutable_panel() = *panel;
    *request.mutable_spec() = *spec_;
    report_ = new rv1::Report;
    rv1::RunStudyResponse response;
    grpc::ClientContext context;
    auto status = rv1::ReportingService::NewStub(servers_->reporting_server.NewChannel())->RunStudy(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    *report_ = response.report();
    working_ = new Panel(*panel);
    AddIndex(spec_->explanatory().index());
    AddIndex(spec_->outcome().index());
  }

  static void TearDownTestSuite() {
    delete servers_;
    delete spec_;
    delete report_;
    delete working_;
  }

  // The index's scores as a column of the working panel, from a direct ComputeIndex.
  static void AddIndex(const rv1::IndexDefinition& definition) {
    index::v1::ComputeIndexRequest request;
    *request.mutable_panel() = *working_;
    *request.mutable_indicators() = definition.indicators();
    request.set_method(definition.method());
    index::v1::ComputeIndexResponse response;
    grpc::ClientContext context;
    auto status = index::v1::IndexService::NewStub(servers_->index_server.NewChannel())->ComputeIndex(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    SetColumn(*working_, definition.name(), {response.scores().begin(), response.scores().end()});
  }

  static const rv1::RobustnessSpec& Check(int i) { return spec_->robustness(i); }
  static const std::string& X() { return spec_->explanatory().index().name(); }
  static const std::string& Y() { return spec_->outcome().index().name(); }

  // y ~ x + controls, two-way FE, clustered by entity (Stata), on `panel`.
  static mv1::FitPanelModelRequest Baseline(const Panel& panel, const std::string& x, const std::string& y) {
    mv1::FitPanelModelRequest request;
    *request.mutable_panel() = panel;
    request.set_dependent(y);
    request.add_regressors(x);
    for (const auto& c : spec_->controls()) request.add_regressors(c);
    request.mutable_model()->set_estimator(mv1::ESTIMATOR_WITHIN);
    request.mutable_model()->set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
    request.mutable_model()->mutable_variance()->set_type(mv1::VARIANCE_TYPE_CLUSTER);
    request.mutable_model()->mutable_variance()->add_cluster_by("entity");
    request.mutable_model()->mutable_variance()->set_small_sample(mv1::SMALL_SAMPLE_STATA);
    return request;
  }
  static mv1::FitPanelModelRequest Baseline() { return Baseline(*working_, X(), Y()); }

  static mv1::FitPanelModelResponse FitResponse(const mv1::FitPanelModelRequest& request) {
    mv1::FitPanelModelResponse response;
    grpc::ClientContext context;
    auto status = mv1::ModelingService::NewStub(servers_->modeling_server.NewChannel())->FitPanelModel(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  static mv1::Coefficient Fit(const mv1::FitPanelModelRequest& request, const std::string& name) {
    const mv1::FitPanelModelResponse response = FitResponse(request);
    for (const auto& c : response.coefficients()) {
      if (c.name() == name) return c;
    }
    ADD_FAILURE() << "no coefficient " << name;
    return {};
  }

  // The robustness table's column of spec.robustness[i]: its estimate and SE cells
  // equal the direct fit's.
  static const rv1::Table* RobustnessTable() {
    for (const auto& t : report_->tables()) {
      if (t.id() == "robustness") return &t;
    }
    return nullptr;
  }

  static void ExpectColumnMatches(int i, const mv1::Coefficient& direct) {
    const rv1::Table* table = RobustnessTable();
    ASSERT_NE(table, nullptr);
    ASSERT_EQ(table->columns_size(), spec_->robustness_size());
    ASSERT_EQ(table->columns(i).rfind(absl::StrCat("(", i + 1, ") "), 0), 0u) << table->columns(i);
    const auto& estimate = table->rows(0).cells(i);
    const auto& se = table->rows(1).cells(i);
    ASSERT_TRUE(estimate.has_value() && se.has_value()) << table->columns(i);
    EXPECT_NEAR(estimate.value(), direct.estimate(), 1e-8 * (1 + std::abs(direct.estimate()))) << table->columns(i);
    EXPECT_NEAR(se.value(), direct.std_error(), 1e-8 * (1 + direct.std_error())) << table->columns(i);
  }

  static inline testing::StudyServers* servers_;
  static inline rv1::StudySpec* spec_;
  static inline rv1::Report* report_;
  static inline Panel* working_;
};

// Indices of the entries in data/demo/study_spec_menu_en.json.
enum Entry {
  kTopsisX = 7, kColumnX = 8, kEqualY = 9, kRandom = 10, kFirstDiff = 11, kPooled = 12, kIv = 13,
  kRegionYear = 14, kTrends = 15, kHc1 = 16, kLag2 = 17, kWinsorByPeriod = 18, kTrim = 19,
  kNortheast = 20, kYear2020 = 21, kGmm = 22, kPlacebo = 23
};

TEST_F(RobustnessMenuTest, AlternativeVariables) {
  ASSERT_EQ(Check(kTopsisX).check(), rv1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY);
  AddIndex(Check(kTopsisX).variable().index());
  ExpectColumnMatches(kTopsisX, Fit(Baseline(*working_, "digital_empowerment_topsis", Y()), "digital_empowerment_topsis"));
  ExpectColumnMatches(kColumnX, Fit(Baseline(*working_, "internet_penetration", Y()), "internet_penetration"));
  ASSERT_EQ(Check(kEqualY).check(), rv1::ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME);
  AddIndex(Check(kEqualY).variable().index());
  ExpectColumnMatches(kEqualY, Fit(Baseline(*working_, X(), "governance_efficiency_equal"), X()));
}

TEST_F(RobustnessMenuTest, AlternativeEstimators) {
  const std::vector<std::pair<int, mv1::Estimator>> estimators = {
      {kRandom, mv1::ESTIMATOR_RANDOM_EFFECTS}, {kFirstDiff, mv1::ESTIMATOR_FIRST_DIFFERENCE},
      {kPooled, mv1::ESTIMATOR_POOLED_OLS}};
  for (const auto& [entry, estimator] : estimators) {
    ASSERT_EQ(Check(entry).estimator(), estimator);
    auto request = Baseline();
    request.mutable_model()->set_estimator(estimator);
    request.mutable_model()->set_fixed_effects(mv1::FIXED_EFFECTS_UNSPECIFIED);
    ExpectColumnMatches(entry, Fit(request, X()));
  }
  auto iv = Baseline();
  iv.mutable_regressors()->erase(iv.mutable_regressors()->begin());  // x becomes endogenous
  iv.add_endogenous(X());
  iv.add_instruments("open_data_platforms");
  iv.mutable_model()->set_estimator(mv1::ESTIMATOR_IV);
  ExpectColumnMatches(kIv, Fit(iv, X()));

  // The IV column's diagnostic rows are the direct fit's: Kleibergen-Paap rk LM p and Wald
  // F (clustered convention), the Stock-Yogo 10% size critical value; exactly identified,
  // so its Hansen J cell (a row the GMM column fills) is blank.
  const mv1::IvDiagnostics d = FitResponse(iv).iv_diagnostics();
  ASSERT_EQ(d.underidentification().name(), "kleibergen_paap_lm");
  const rv1::Table* table = RobustnessTable();
  ASSERT_NE(table, nullptr);
  std::map<std::string, rv1::Cell> cells;
  for (const auto& row : table->rows()) cells[row.label()] = row.cells(kIv);
  EXPECT_NEAR(cells["Kleibergen-Paap rk LM p-value"].value(), d.underidentification().p_value(), 1e-12);
  EXPECT_NEAR(cells["Weak identification: Kleibergen-Paap rk Wald F"].value(), d.kleibergen_paap_f(),
              1e-8 * d.kleibergen_paap_f());
  EXPECT_EQ(cells["Stock-Yogo critical value: 10% maximal 2SLS size"].value(), 16.38);  // Stock-Yogo Table 5.2, L1 = 1
  EXPECT_EQ(cells["Hansen J p-value"].text(), "");
  EXPECT_EQ(table->rows(0).cells_size(), spec_->robustness_size());
}

TEST_F(RobustnessMenuTest, RegionByYearEffectsAndEntityTrends) {
  Panel panel = *working_;
  auto* label = panel.add_labels();
  label->set_name("region_year");
  const auto region = Label(panel, "region3");
  for (int row = 0; row < panel.entity_size(); ++row) label->add_values(absl::StrCat(region[row], "/", panel.period(row)));
  auto request = Baseline(panel, X(), Y());
  request.mutable_model()->add_absorb("region_year");
  ExpectColumnMatches(kRegionYear, Fit(request, X()));

  panel = *working_;
  std::set<std::string> entities(panel.entity().begin(), panel.entity().end());
  request = Baseline(panel, X(), Y());
  for (auto it = std::next(entities.begin()); it != entities.end(); ++it) {
    std::vector<double> trend(panel.entity_size(), 0.0);
    for (int row = 0; row < panel.entity_size(); ++row) {
      if (panel.entity(row) == *it) trend[row] = panel.period(row);
    }
    SetColumn(*request.mutable_panel(), "t_" + *it, trend);
    request.add_regressors("t_" + *it);
  }
  ExpectColumnMatches(kTrends, Fit(request, X()));
}

TEST_F(RobustnessMenuTest, VarianceAndLag) {
  auto request = Baseline();
  request.mutable_model()->mutable_variance()->set_type(mv1::VARIANCE_TYPE_HC1);
  request.mutable_model()->mutable_variance()->clear_cluster_by();
  ExpectColumnMatches(kHc1, Fit(request, X()));
  request = Baseline();
  auto* lag = request.mutable_model()->add_transforms();
  lag->set_column(X());
  lag->set_lag(2);
  ExpectColumnMatches(kLag2, Fit(request, X()));
}

TEST_F(RobustnessMenuTest, WinsorisedByPeriodAndTrimmed) {
  std::vector<std::string> vars = {Y(), X()};
  vars.insert(vars.end(), spec_->controls().begin(), spec_->controls().end());
  Panel winsorised = *working_;
  for (auto& column : *winsorised.mutable_columns()) {
    if (std::find(vars.begin(), vars.end(), column.name()) == vars.end()) continue;
    for (int year : std::set<int>(winsorised.period().begin(), winsorised.period().end())) {
      std::vector<double> in_year;
      for (int row = 0; row < winsorised.period_size(); ++row) {
        if (winsorised.period(row) == year) in_year.push_back(column.values(row));
      }
      const double lo = Quantile(in_year, 0.05), hi = Quantile(in_year, 0.95);
      for (int row = 0; row < winsorised.period_size(); ++row) {
        if (winsorised.period(row) == year) column.set_values(row, std::clamp(column.values(row), lo, hi));
      }
    }
  }
  ExpectColumnMatches(kWinsorByPeriod, Fit(Baseline(winsorised, X(), Y()), X()));

  std::vector<bool> keep(working_->entity_size(), true);
  for (const auto& name : vars) {
    const auto values = Column(*working_, name);
    const double lo = Quantile(values, 0.01), hi = Quantile(values, 0.99);
    for (size_t row = 0; row < values.size(); ++row) keep[row] = keep[row] && values[row] >= lo && values[row] <= hi;
  }
  ExpectColumnMatches(kTrim, Fit(Baseline(KeepRows(*working_, keep), X(), Y()), X()));
}

TEST_F(RobustnessMenuTest, ExcludedLabelValueAndPeriod) {
  const auto region4 = Label(*working_, "region4");
  std::vector<bool> keep(working_->entity_size());
  for (size_t row = 0; row < keep.size(); ++row) keep[row] = region4[row] != "Northeast";
  ExpectColumnMatches(kNortheast, Fit(Baseline(KeepRows(*working_, keep), X(), Y()), X()));
  for (size_t row = 0; row < keep.size(); ++row) keep[row] = working_->period(row) != 2020;
  ExpectColumnMatches(kYear2020, Fit(Baseline(KeepRows(*working_, keep), X(), Y()), X()));
}

// The GMM column against a direct FitDynamicPanel call: y on its first lag, x and the
// controls; system GMM, two-step with Windmeijer-corrected SEs, period effects, y's lags 2
// and deeper as collapsed GMM-style instruments (the entry's defaults, spelled out here).
TEST_F(RobustnessMenuTest, DynamicPanelGmmColumn) {
  ASSERT_EQ(Check(kGmm).check(), rv1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM);
  mv1::FitDynamicPanelRequest request;
  *request.mutable_panel() = *working_;
  request.set_dependent(Y());
  request.add_dependent_lags(1);
  auto add_regressor = [&](const std::string& column) {
    auto* term = request.add_regressors();
    term->set_column(column);
    term->add_lags(0);
  };
  add_regressor(X());
  for (const auto& c : spec_->controls()) add_regressor(c);
  auto* z = request.add_gmm_instruments();
  z->set_column(Y());
  z->set_min_lag(2);
  z->set_collapse(true);
  request.set_transformation(mv1::GMM_TRANSFORMATION_SYSTEM);
  request.set_steps(mv1::GMM_STEPS_TWO_STEP);
  request.set_effect(mv1::GMM_EFFECT_TWO_WAYS);
  request.set_covariance(mv1::GMM_COVARIANCE_ROBUST);
  mv1::FitDynamicPanelResponse direct;
  grpc::ClientContext context;
  auto status = mv1::ModelingService::NewStub(servers_->modeling_server.NewChannel())
                    ->FitDynamicPanel(&context, request, &direct);
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::map<std::string, mv1::GmmCoefficient> coefficients;
  for (const auto& c : direct.coefficients()) coefficients[c.name()] = c;
  ASSERT_EQ(coefficients.count(X()), 1u);
  ASSERT_EQ(coefficients.count("L1." + Y()), 1u);

  const rv1::Table* table = RobustnessTable();
  ASSERT_NE(table, nullptr);
  auto cell = [&](const std::string& label, int row_offset = 0) {
    for (int r = 0; r < table->rows_size(); ++r) {
      if (table->rows(r).label() == label) return table->rows(r + row_offset).cells(kGmm);
    }
    ADD_FAILURE() << "no row " << label;
    return rv1::Cell();
  };
  auto near = [](double a, double b) { return std::abs(a - b) <= 1e-8 * (1 + std::abs(b)); };
  EXPECT_TRUE(near(table->rows(0).cells(kGmm).value(), coefficients[X()].estimate()));
  EXPECT_TRUE(near(table->rows(1).cells(kGmm).value(), coefficients[X()].std_error()));
  const std::string lagged = "Government governance efficiency (t−1)";
  EXPECT_TRUE(near(cell(lagged).value(), coefficients["L1." + Y()].estimate()));
  EXPECT_TRUE(near(cell(lagged, 1).value(), coefficients["L1." + Y()].std_error()));
  EXPECT_EQ(cell("N").value(), direct.observations_level());
  EXPECT_EQ(cell("Instruments").value(), direct.instruments());
  EXPECT_TRUE(near(cell("AR(1) test p-value").value(), direct.ar1().p_value()));
  EXPECT_TRUE(near(cell("AR(2) test p-value").value(), direct.ar2().p_value()));
  EXPECT_TRUE(near(cell("Hansen J p-value").value(), direct.hansen().p_value()));
  // The persistence of the outcome is what makes the dynamic model the check: the lag's
  // coefficient lies in (0, 1).
  EXPECT_GT(coefficients["L1." + Y()].estimate(), 0);
  EXPECT_LT(coefficients["L1." + Y()].estimate(), 1);
}

TEST_F(RobustnessMenuTest, PlaceboColumnAndHistogram) {
  const rv1::Table* table = nullptr;
  for (const auto& t : report_->tables()) {
    if (t.id() == "robustness") table = &t;
  }
  ASSERT_NE(table, nullptr);
  const double baseline = Fit(Baseline(), X()).estimate();
  const auto& mean = table->rows(0).cells(kPlacebo);
  ASSERT_TRUE(mean.has_value());
  // Permuted across entities, the series carries no entity's own effect: the placebo
  // coefficients centre far below the baseline effect, and carry no stars.
  EXPECT_LT(std::abs(mean.value()), std::abs(baseline) / 2);
  EXPECT_EQ(mean.text().find('*'), std::string::npos);
  const rv1::Chart* histogram = nullptr;
  for (const auto& c : report_->charts()) {
    if (c.id() == absl::StrCat("robustness_placebo_", kPlacebo + 1)) histogram = &c;
  }
  ASSERT_NE(histogram, nullptr);
  double draws = 0;
  for (double count : histogram->series(0).values()) draws += count;
  EXPECT_EQ(draws, kPlaceboDraws);
}

}  // namespace
}  // namespace govmetrics

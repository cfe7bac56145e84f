// Fixed-effects spatial panel models against R spatialreg through the transformation
// approach (tests/reference/golden/spatial_panel.json, script
// tests/reference/spatial_panel/spatial_panel_reference.R): SAR, SEM, SDM and SAC with
// entity, period and two-way effects on Produc (48 US states x 17 years, queen
// contiguity) and the 31-province demo (shipped contiguity, Hainan linked to Guangdong),
// without the Lee-Yu correction (bias_correction NONE is the direct approach that
// spatialreg fits on the demeaned, stacked data). Estimates 1e-8, standard errors,
// log-likelihoods, LM statistics and effects 1e-6.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "common/stats/spatial/spatial_panel_model.h"
#include "common/stats/spatial/spatial_weights.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

using govmetrics::testing::JsonValue;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

testing::CsvTable Csv(const std::string& rel) {
  testing::CsvTable t;
  EXPECT_TRUE(testing::ReadCsv(Source(rel), &t)) << rel;
  return t;
}

void ExpectClose(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(1.0, std::fabs(expected))) << what;
}

struct GoldenPanel {
  std::vector<std::string> ids;
  SpatialWeights w;
  SpatialPanelInput input;
};

GoldenPanel LoadPanel(const std::string& data, const std::string& entity, const std::string& y,
                      const std::vector<std::string>& xs, const std::vector<std::string>& ids,
                      const std::string& edges, const std::string& a, const std::string& b,
                      const std::vector<std::string>& kinds) {
  GoldenPanel p;
  p.ids = ids;
  std::map<std::string, int> index;
  for (size_t i = 0; i < ids.size(); ++i) index[ids[i]] = static_cast<int>(i);
  const testing::CsvTable e = Csv(edges);
  std::vector<WeightEntry> entries;
  for (size_t r = 0; r < e.cells[0].size(); ++r) {
    const int kind = e.Column("kind");
    bool wanted = kind < 0;
    for (const auto& k : kinds) wanted = wanted || e.cells[kind][r] == k;
    if (!wanted) continue;
    const int i = index.at(e.cells[e.Column(a)][r]), j = index.at(e.cells[e.Column(b)][r]);
    entries.push_back({i, j, 1.0});
    entries.push_back({j, i, 1.0});
  }
  auto w = WeightsFromEntries(static_cast<int>(ids.size()), entries);
  EXPECT_TRUE(w.ok()) << w.status();
  p.w = *std::move(w);
  RowStandardise(&p.w);
  const testing::CsvTable t = Csv(data);
  const auto years = t.Numeric("year");
  const double first = *std::min_element(years.begin(), years.end());
  const int periods = static_cast<int>(*std::max_element(years.begin(), years.end()) - first) + 1;
  auto matrix = [&](const std::string& col) {
    Eigen::MatrixXd m(ids.size(), periods);
    const auto v = t.Numeric(col);
    for (size_t r = 0; r < v.size(); ++r) m(index.at(t.cells[t.Column(entity)][r]), static_cast<int>(years[r] - first)) = v[r];
    return m;
  };
  p.input.y = matrix(y);
  for (const auto& x : xs) p.input.x.push_back(matrix(x));
  p.input.x_names = xs;
  return p;
}

std::vector<std::string> ProducIds() {
  const testing::CsvTable t = Csv("tests/reference/data/produc_logs.csv");
  std::vector<std::string> ids = t.cells[t.Column("state")];
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

std::vector<std::string> ProvinceIds() {
  const testing::CsvTable t = Csv("data/regions/china_provinces.csv");
  return t.cells[t.Column("entity")];
}

GoldenPanel& Panel(const std::string& name) {
  static GoldenPanel produc = LoadPanel("tests/reference/data/produc_logs.csv", "state", "lgsp",
                                        {"lpcap", "lpc", "lemp", "unemp"}, ProducIds(),
                                        "tests/reference/data/us_states_contiguity.csv", "state_a", "state_b", {});
  static GoldenPanel demo = LoadPanel("data/demo/study_panel.csv", "entity", "internet_penetration",
                                      {"broadband_ports", "ln_gdp_per_capita", "urbanization"},
                                      ProvinceIds(),
                                      "data/regions/china_province_contiguity.csv", "entity_a", "entity_b",
                                      {"land", "hainan_guangdong"});
  GoldenPanel& p = name == "produc" ? produc : demo;
  p.input.weights = &p.w;
  return p;
}

SpatialPanelModel ModelOf(const std::string& s) {
  if (s == "SAR") return SpatialPanelModel::kSar;
  if (s == "SEM") return SpatialPanelModel::kSem;
  if (s == "SDM") return SpatialPanelModel::kSdm;
  return SpatialPanelModel::kSac;
}

SpatialFixedEffects EffectsOf(const std::string& s) {
  if (s == "ENTITY") return SpatialFixedEffects::kEntity;
  if (s == "PERIOD") return SpatialFixedEffects::kPeriod;
  return SpatialFixedEffects::kTwoWay;
}

void ExpectTests(const SpatialPanelFit& fit, const JsonValue& lm, const std::string& at) {
  ASSERT_EQ(fit.lm_tests.size(), 4u);
  for (const auto& t : fit.lm_tests) ExpectClose(t.statistic, lm.Number(t.name), 1e-6, at + " " + t.name);
  ExpectClose(fit.lm_tests[0].p_value, lm.Number("LM_LAG_p"), 1e-6, at + " LM lag p");
  ExpectClose(fit.lm_tests[2].p_value, lm.Number("LM_ERROR_p"), 1e-6, at + " LM error p");
}

void ExpectImpacts(const SpatialPanelFit& fit, const JsonValue& imp, const std::string& at) {
  ASSERT_TRUE(fit.has_impacts) << at;
  for (const char* kind : {"direct", "indirect", "total"}) {
    const auto& expected = imp.Find(kind)->array;
    const Eigen::VectorXd& got = std::string(kind) == "direct"     ? fit.impacts.estimate.direct
                                 : std::string(kind) == "indirect" ? fit.impacts.estimate.indirect
                                                                   : fit.impacts.estimate.total;
    ASSERT_EQ(static_cast<size_t>(got.size()), expected.size()) << at;
    for (size_t k = 0; k < expected.size(); ++k) ExpectClose(got(k), expected[k].number, 1e-6, at + " " + kind);
  }
}

// Coefficients (estimates 1e-8, SEs 1e-6, names in order) and sigma^2 (1e-8) of a case.
void ExpectEstimates(const SpatialPanelFit& fit, const JsonValue& c, const std::string& at) {
  const JsonValue& coefs = *c.Find("coefficients");
  ASSERT_EQ(fit.coefficients.size(), coefs.object.size()) << at;
  for (size_t j = 0; j < coefs.object.size(); ++j) {
    const std::string& name = coefs.object[j].first;
    EXPECT_EQ(fit.coefficients[j].name, name) << at;
    ExpectClose(fit.coefficients[j].estimate, coefs.object[j].second.Number("estimate"), 1e-8, at + " " + name);
    ExpectClose(fit.coefficients[j].std_error, coefs.object[j].second.Number("std_error"), 1e-6, at + " SE " + name);
  }
  ExpectClose(fit.estimate.sigma2, c.Number("sigma2"), 1e-8, at + " sigma2");
}

TEST(SpatialPanelGoldenTest, DirectApproachMatchesSpatialregOnProducAndTheDemoPanel) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_panel.json"), &golden, &error)) << error;
  const auto& cases = golden.Find("cases")->array;
  ASSERT_EQ(cases.size(), 20u);
  for (const JsonValue& c : cases) {
    const std::string at = c.String("name");
    GoldenPanel& p = Panel(c.String("data"));
    SpatialPanelOptions options;
    options.model = ModelOf(c.String("model"));
    options.effects = EffectsOf(c.String("effects"));
    options.correction = SpatialBiasCorrection::kNone;
    options.durbin_tests = false;
    options.impact_draws = 0;
    auto fit = FitSpatialPanel(p.input, options, nullptr);
    ASSERT_TRUE(fit.ok()) << at << ": " << fit.status();
    ExpectEstimates(*fit, c, at);
    ExpectClose(fit->estimate.log_likelihood, c.Number("log_likelihood"), 1e-8, at + " logLik");
    if (c.Has("lm_tests")) ExpectTests(*fit, *c.Find("lm_tests"), at);
    if (c.Has("impacts")) ExpectImpacts(*fit, *c.Find("impacts"), at);
  }
}

// covariance = OBSERVED_HESSIAN on the same 20 fits against R
// (tests/reference/spatial_panel/observed_information_reference.R): minus the analytical
// Hessian inverted in R, and numDeriv's Richardson-extrapolated Hessian of the same
// log-likelihood (the two agree to 2.4e-8 in R); every SE, sigma^2's included, within
// 1e-6 relative of both.
TEST(SpatialPanelGoldenTest, ObservedHessianCovarianceMatchesRsAnalyticalAndNumDerivHessians) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(
      govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_panel_observed.json"), &golden, &error))
      << error;
  const auto& cases = golden.Find("cases")->array;
  ASSERT_EQ(cases.size(), 20u);
  for (const JsonValue& c : cases) {
    const std::string at = c.String("name");
    SpatialPanelOptions options;
    options.model = ModelOf(c.String("model"));
    options.effects = EffectsOf(c.String("effects"));
    options.correction = SpatialBiasCorrection::kNone;
    options.lm_tests = options.durbin_tests = false;
    options.impact_draws = 0;
    options.covariance = SpatialCovariance::kObservedHessian;
    auto fit = FitSpatialPanel(Panel(c.String("data")).input, options, nullptr);
    ASSERT_TRUE(fit.ok()) << at << ": " << fit.status();
    for (const char* source : {"std_errors", "numderiv_std_errors"}) {
      const JsonValue& se = *c.Find(source);
      ASSERT_EQ(fit->coefficients.size(), se.object.size()) << at;
      for (size_t j = 0; j < se.object.size(); ++j) {
        EXPECT_EQ(fit->coefficients[j].name, se.object[j].first) << at;
        const double expected = se.object[j].second.number;
        EXPECT_NEAR(fit->coefficients[j].std_error, expected, 1e-6 * expected) << at << " " << source << " " << se.object[j].first;
      }
    }
    for (const char* source : {"sigma2_std_error", "numderiv_sigma2_std_error"}) {
      EXPECT_NEAR(fit->sigma2_std_error, c.Number(source), 1e-6 * c.Number(source)) << at << " " << source;
    }
  }
}

// The Lee-Yu transformation approach against an independent numpy implementation with
// explicit orthonormal transformations (tests/reference/spatial_panel/lee_yu_reference.py):
// estimates 1e-8, the bias-corrected covariance (its information-matrix formula) 1e-6.
TEST(SpatialPanelGoldenTest, LeeYuTransformationApproachMatchesTheIndependentImplementation) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_panel_lee_yu.json"), &golden, &error))
      << error;
  const auto& cases = golden.Find("cases")->array;
  ASSERT_EQ(cases.size(), 12u);
  for (const JsonValue& c : cases) {
    const std::string at = c.String("name");
    GoldenPanel& p = Panel(c.String("data"));
    SpatialPanelOptions options;
    options.model = ModelOf(c.String("model"));
    options.effects = EffectsOf(c.String("effects"));
    options.lm_tests = options.durbin_tests = false;
    options.impact_draws = 0;
    auto fit = FitSpatialPanel(p.input, options, nullptr);
    ASSERT_TRUE(fit.ok()) << at << ": " << fit.status();
    EXPECT_EQ(fit->n_eff, c.Number("n_eff")) << at;
    ExpectEstimates(*fit, c, at);
    ExpectClose(fit->sigma2_std_error, c.Number("sigma2_std_error"), 1e-6, at + " sigma2 SE");
    ExpectClose(fit->estimate.log_likelihood, c.Number("log_likelihood"), 1e-8, at + " logLik");
  }
}

// Entity effects only: Lee and Yu's correction leaves rho and beta as the direct approach
// has them and rescales sigma^2 by T / (T - 1).
TEST(SpatialPanelGoldenTest, LeeYuEntityEffectsRescaleSigmaSquaredByTOverTMinusOne) {
  GoldenPanel& p = Panel("produc");
  SpatialPanelOptions options;
  options.model = SpatialPanelModel::kSar;
  options.effects = SpatialFixedEffects::kEntity;
  options.lm_tests = options.durbin_tests = false;
  options.impact_draws = 0;
  auto corrected = FitSpatialPanel(p.input, options, nullptr);
  options.correction = SpatialBiasCorrection::kNone;
  auto direct = FitSpatialPanel(p.input, options, nullptr);
  ASSERT_TRUE(corrected.ok() && direct.ok());
  EXPECT_NEAR(corrected->estimate.rho, direct->estimate.rho, 1e-12);
  const double t = static_cast<double>(p.input.y.cols());
  EXPECT_NEAR(corrected->estimate.sigma2, direct->estimate.sigma2 * t / (t - 1), 1e-15);
}

// LR of SDM against SAR and SEM from the spatialreg log-likelihoods of the three fits.
TEST(SpatialPanelGoldenTest, DurbinLikelihoodRatiosMatchSpatialregLogLikelihoods) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_panel.json"), &golden, &error)) << error;
  std::map<std::string, double> ll;
  for (const JsonValue& c : golden.Find("cases")->array) ll[c.String("name")] = c.Number("log_likelihood");
  SpatialPanelOptions options;
  options.correction = SpatialBiasCorrection::kNone;
  options.impact_draws = 0;
  auto fit = FitSpatialPanel(Panel("produc").input, options, nullptr);
  ASSERT_TRUE(fit.ok()) << fit.status();
  ASSERT_EQ(fit->durbin_tests.size(), 4u);
  EXPECT_EQ(fit->durbin_tests[1].name, "LR_SDM_SAR");
  ExpectClose(fit->durbin_tests[1].statistic, 2 * (ll["produc_sdm_two_way"] - ll["produc_sar_two_way"]), 1e-6, "LR SAR");
  EXPECT_EQ(fit->durbin_tests[3].name, "LR_SDM_SEM");
  ExpectClose(fit->durbin_tests[3].statistic, 2 * (ll["produc_sdm_two_way"] - ll["produc_sem_two_way"]), 1e-6, "LR SEM");
  EXPECT_EQ(fit->durbin_tests[0].df, 4);
}

// Wald tests of the SDM restrictions against the same statistics from spatialreg's
// covariance, on every SDM case.
TEST(SpatialPanelGoldenTest, DurbinWaldTestsMatchSpatialregCovariance) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_panel.json"), &golden, &error)) << error;
  int checked = 0;
  for (const JsonValue& c : golden.Find("cases")->array) {
    if (!c.Has("wald")) continue;
    SpatialPanelOptions options;
    options.effects = EffectsOf(c.String("effects"));
    options.correction = SpatialBiasCorrection::kNone;
    options.lm_tests = false;
    options.impact_draws = 0;
    auto fit = FitSpatialPanel(Panel(c.String("data")).input, options, nullptr);
    ASSERT_TRUE(fit.ok()) << fit.status();
    ExpectClose(fit->durbin_tests[0].statistic, c.Find("wald")->Number("WALD_SDM_SAR"), 1e-6, c.String("name") + " Wald SAR");
    ExpectClose(fit->durbin_tests[2].statistic, c.Find("wald")->Number("WALD_SDM_SEM"), 1e-6, c.String("name") + " Wald SEM");
    ++checked;
  }
  EXPECT_EQ(checked, 5);
}

// The seeded simulation of the effects' SEs against spatialreg's impacts(R = 4000) (R's
// generator, so a Monte Carlo comparison: within 10 %, about 4.5 Monte Carlo SEs).
TEST(SpatialPanelGoldenTest, SimulatedEffectStandardErrorsAgreeWithSpatialregWithinMonteCarloError) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_panel.json"), &golden, &error)) << error;
  const JsonValue* sim = nullptr;
  for (const JsonValue& c : golden.Find("cases")->array) {
    if (c.String("name") == "produc_sar_entity") sim = c.Find("simulated_impact_se");
  }
  ASSERT_NE(sim, nullptr);
  SpatialPanelOptions options;
  options.model = SpatialPanelModel::kSar;
  options.effects = SpatialFixedEffects::kEntity;
  options.correction = SpatialBiasCorrection::kNone;
  options.lm_tests = options.durbin_tests = false;
  options.impact_draws = 4000;
  auto fit = FitSpatialPanel(Panel("produc").input, options, nullptr);
  ASSERT_TRUE(fit.ok()) << fit.status();
  const auto& se = fit->impacts.std_error;
  for (int k = 0; k < 4; ++k) {
    EXPECT_NEAR(se.direct(k) / sim->Find("direct")->array[k].number, 1.0, 0.10) << k;
    EXPECT_NEAR(se.indirect(k) / sim->Find("indirect")->array[k].number, 1.0, 0.10) << k;
    EXPECT_NEAR(se.total(k) / sim->Find("total")->array[k].number, 1.0, 0.10) << k;
  }
}

TEST(SpatialPanelModelTest, SimulatedEffectsAreReproducibleUnderASeedAndChangeWithIt) {
  SpatialPanelOptions options;
  options.impact_draws = 200;
  options.seed = 42;
  auto a = FitSpatialPanel(Panel("demo").input, options, nullptr);
  auto b = FitSpatialPanel(Panel("demo").input, options, nullptr);
  options.seed = 43;
  auto c = FitSpatialPanel(Panel("demo").input, options, nullptr);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->impacts.std_error.indirect, b->impacts.std_error.indirect);
  EXPECT_NE(a->impacts.std_error.indirect, c->impacts.std_error.indirect);
  EXPECT_TRUE((a->impacts.std_error.total.array() > 0).all());
}

TEST(SpatialPanelModelTest, ARegressorAbsorbedByTheFixedEffectsIsANamedSingularLikelihood) {
  GoldenPanel p = Panel("demo");
  p.input.weights = &p.w;
  p.input.x.push_back(Eigen::MatrixXd::Ones(p.input.y.rows(), p.input.y.cols()) * 3.0);
  p.input.x_names.push_back("constant_column");
  auto fit = FitSpatialPanel(p.input, {}, nullptr);
  ASSERT_EQ(fit.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(fit.status().message().find("'constant_column'"), std::string::npos) << fit.status();
}

// A directed ring is not similar to a symmetric matrix, so only the (dense) eigenvalues
// could handle it.
TEST(SpatialPanelModelTest, TooManyEntitiesIsResourceExhaustedBeforeAnyDenseWork) {
  const int n = kMaxSpatialPanelEntities + 1;
  std::vector<WeightEntry> ring;
  for (int i = 0; i < n; ++i) ring.push_back({i, (i + 1) % n, 1.0});
  auto w = WeightsFromEntries(n, ring);
  ASSERT_TRUE(w.ok());
  SpatialPanelInput input;
  input.y = Eigen::MatrixXd::Random(n, 2);
  input.x = {Eigen::MatrixXd::Random(n, 2)};
  input.x_names = {"x"};
  input.weights = &*w;
  auto fit = FitSpatialPanel(input, {}, nullptr);
  EXPECT_EQ(fit.status().code(), absl::StatusCode::kResourceExhausted) << fit.status();
}

TEST(SpatialPanelModelTest, LeeYuPeriodEffectsNeedARowStandardisedW) {
  GoldenPanel p = Panel("demo");
  p.w.row_standardised = false;
  p.input.weights = &p.w;
  auto fit = FitSpatialPanel(p.input, {}, nullptr);
  ASSERT_EQ(fit.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(fit.status().message().find("row-standardised"), std::string::npos) << fit.status();
}

}  // namespace
}  // namespace govmetrics::stats

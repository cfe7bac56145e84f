// Disparity numerics against golden values:
// - tests/reference/golden/disparity_{produc,demo}.json (numpy implementation written for
//   the test, tests/reference/disparity/disparity_reference.py, citing Dagum 1997 and
//   Shorrocks 1980): Dagum Gini and its decomposition, Theil, CV, Markov chains, the spatial
//   Markov chains (Rey 2001) with the US states / shipped China contiguity;
// - tests/reference/golden/disparity_density_convergence.json (R stats::density, lm +
//   sandwich, plm): kernel density estimates and beta-convergence regressions.
// Data: R plm's Produc (48 US states x 17 years) and the 31-province demo panel.
// Tolerances: estimates 1e-10 relative; SEs, statistics and p-values 1e-8; densities
// 1e-10 of the peak (R sums by FFT, we sum directly).
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "common/stats/disparity/beta_convergence.h"
#include "common/stats/disparity/dagum_gini.h"
#include "common/stats/disparity/kernel_density.h"
#include "common/stats/disparity/markov_transitions.h"
#include "common/stats/disparity/period_pairs.h"
#include "common/stats/disparity/spatial_markov.h"
#include "common/stats/disparity/theil_index.h"
#include "common/stats/spatial/spatial_weights.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

using govmetrics::testing::JsonValue;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-12)) << what;
}

JsonValue Load(const std::string& name) {
  JsonValue golden;
  std::string error;
  EXPECT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/" + name), &golden, &error))
      << error;
  return golden;
}

// The panel of a golden case: values, string groups, dense entity and period codes.
struct Panel {
  std::vector<double> value;
  std::vector<std::string> group;
  std::vector<int> entity;
  std::vector<int> period;        // raw years
  std::vector<int> period_index;  // dense, time order
};

Panel ReadPanel(const JsonValue& golden, const std::string& group_column) {
  testing::CsvTable csv;
  EXPECT_TRUE(testing::ReadCsv(Source(golden.String("data")), &csv));
  Panel p;
  p.value = csv.Numeric(golden.String("value"));
  p.entity = csv.Codes(golden.String("entity"));
  for (double t : csv.Numeric(golden.String("period"))) p.period.push_back(static_cast<int>(t));
  if (!group_column.empty()) p.group = csv.cells[csv.Column(group_column)];
  std::set<int> years(p.period.begin(), p.period.end());
  for (int t : p.period) p.period_index.push_back(static_cast<int>(std::distance(years.begin(), years.find(t))));
  return p;
}

class DisparityGoldenTest : public ::testing::TestWithParam<const char*> {};

TEST_P(DisparityGoldenTest, DagumGiniAndTheilMatchTheNumpyReferenceInEveryPeriod) {
  const JsonValue golden = Load(GetParam());
  const Panel panel = ReadPanel(golden, golden.String("group"));
  for (const JsonValue& expected : golden.Find("periods")->array) {
    const int year = static_cast<int>(expected.Number("period"));
    std::vector<double> y;
    std::vector<std::string> names;
    for (size_t r = 0; r < panel.value.size(); ++r) {
      if (panel.period[r] != year) continue;
      y.push_back(panel.value[r]);
      names.push_back(panel.group[r]);
    }
    std::vector<std::string> levels(names);
    std::sort(levels.begin(), levels.end());
    levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
    std::vector<int> codes;
    for (const auto& s : names) codes.push_back(static_cast<int>(std::lower_bound(levels.begin(), levels.end(), s) - levels.begin()));
    auto code_of = [&](const std::string& s) { return static_cast<int>(std::lower_bound(levels.begin(), levels.end(), s) - levels.begin()); };
    const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
    const int k = static_cast<int>(levels.size());
    const std::string at = "period " + std::to_string(year);

    auto gini = ComputeDagumGini(v, codes, k);
    ASSERT_TRUE(gini.ok()) << gini.status();
    const JsonValue& eg = *expected.Find("gini");
    ExpectRel(gini->total, eg.Number("total"), 1e-10, at + " total");
    ExpectRel(gini->within, eg.Number("within"), 1e-10, at + " within");
    ExpectRel(gini->between_net, eg.Number("between_net"), 1e-10, at + " between_net");
    ExpectRel(gini->transvariation, eg.Number("transvariation"), 1e-10, at + " transvariation");
    for (const JsonValue& g : eg.Find("groups")->array) {
      ExpectRel(gini->pair_gini(code_of(g.String("group")), code_of(g.String("group"))), g.Number("gini"), 1e-10, at + " G_jj");
    }
    for (const JsonValue& pr : eg.Find("pairs")->array) {
      const int j = code_of(pr.String("richer")), h = code_of(pr.String("poorer"));
      ExpectRel(gini->pair_gini(j, h), pr.Number("gini"), 1e-10, at + " G_jh");
      EXPECT_NEAR(gini->relative_affluence(j, h), pr.Number("affluence"), 1e-10) << at << " D_jh";
    }

    auto theil = ComputeTheilIndex(v, codes, k);
    ASSERT_TRUE(theil.ok()) << theil.status();
    const JsonValue& et = *expected.Find("theil");
    ExpectRel(theil->total, et.Number("total"), 1e-10, at + " theil");
    ExpectRel(theil->within, et.Number("within"), 1e-10, at + " theil within");
    EXPECT_NEAR(theil->between, et.Number("between"), 1e-10 * et.Number("total")) << at;
    for (const JsonValue& g : et.Find("groups")->array) {
      ExpectRel(theil->group_theil[code_of(g.String("group"))], g.Number("theil"), 1e-10, at + " T_g");
    }
  }
}

TEST_P(DisparityGoldenTest, MarkovChainsOverQuantileClassesMatchTheNumpyReference) {
  const JsonValue golden = Load(GetParam());
  const Panel panel = ReadPanel(golden, "");
  const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(panel.value.data(), static_cast<Eigen::Index>(panel.value.size()));
  const auto pairs = ConsecutivePeriodPairs(panel.entity, panel.period_index);
  for (const JsonValue& expected : golden.Find("markov")->array) {
    const int k = static_cast<int>(expected.Number("classes"));
    const bool pooled = expected.String("scope") == "pooled";
    Eigen::MatrixXd breaks;
    const auto klass = QuantileClasses(v, panel.period_index, k,
                                       pooled ? QuantileScope::kPooled : QuantileScope::kPerPeriod, &breaks);
    const auto& eb = expected.Find("breaks")->array;
    ASSERT_EQ(breaks.rows(), static_cast<Eigen::Index>(eb.size()));
    for (Eigen::Index t = 0; t < breaks.rows(); ++t) {
      for (int c = 0; c < k - 1; ++c) ExpectRel(breaks(t, c), eb[t].array[c].number, 1e-12, "break");
    }
    const MarkovChain chain = CountTransitions(klass, pairs, k);
    for (int i = 0; i < k; ++i) {
      for (int j = 0; j < k; ++j) {
        EXPECT_EQ(chain.counts(i, j), expected.Find("counts")->array[i].array[j].number) << i << "," << j;
        EXPECT_NEAR(chain.probabilities(i, j), expected.Find("probabilities")->array[i].array[j].number, 1e-12);
      }
    }
    ASSERT_EQ(chain.steady_state.size(), k);
    for (int i = 0; i < k; ++i) {
      EXPECT_NEAR(chain.steady_state[i], expected.Find("steady_state")->array[i].number, 1e-9) << i;
    }
  }
}

TEST_P(DisparityGoldenTest, SpatialMarkovChainsMatchTheNumpyReference) {
  const JsonValue golden = Load(GetParam());
  const Panel panel = ReadPanel(golden, "");
  testing::CsvTable csv;
  ASSERT_TRUE(testing::ReadCsv(Source(golden.String("data")), &csv));
  std::map<std::string, int> code;
  const auto& names = csv.cells[csv.Column(golden.String("entity"))];
  for (size_t r = 0; r < names.size(); ++r) code[names[r]] = panel.entity[r];
  const bool produc = golden.String("entity") == "state";
  testing::CsvTable edges;
  ASSERT_TRUE(testing::ReadCsv(Source(produc ? "tests/reference/data/us_states_contiguity.csv"
                                             : "data/regions/china_province_contiguity.csv"), &edges));
  std::vector<WeightEntry> entries;
  for (size_t r = 0; r < edges.cells[0].size(); ++r) {
    if (!produc && edges.cells[2][r] != "land" && edges.cells[2][r] != "hainan_guangdong") continue;
    const int a = code.at(edges.cells[0][r]), b = code.at(edges.cells[1][r]);
    entries.push_back({a, b, 1.0});
    entries.push_back({b, a, 1.0});
  }
  auto w = WeightsFromEntries(static_cast<int>(code.size()), entries);
  ASSERT_TRUE(w.ok()) << w.status();
  RowStandardise(&*w);
  const int n_periods = *std::max_element(panel.period_index.begin(), panel.period_index.end()) + 1;
  std::vector<std::vector<int>> rows_of_period(n_periods, std::vector<int>(code.size(), -1));
  for (size_t r = 0; r < panel.value.size(); ++r) rows_of_period[panel.period_index[r]][panel.entity[r]] = static_cast<int>(r);
  const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(panel.value.data(), static_cast<Eigen::Index>(panel.value.size()));
  const Eigen::VectorXd lag = SpatialLagByPeriod(v, *w, rows_of_period);
  const auto pairs = ConsecutivePeriodPairs(panel.entity, panel.period_index);
  for (const JsonValue& expected : golden.Find("spatial_markov")->array) {
    const int k = static_cast<int>(expected.Number("classes"));
    const QuantileScope scope = expected.String("scope") == "pooled" ? QuantileScope::kPooled : QuantileScope::kPerPeriod;
    Eigen::MatrixXd breaks;
    const auto klass = QuantileClasses(v, panel.period_index, k, scope, &breaks);
    const SpatialMarkovChain chain = CountSpatialTransitions(klass, lag, panel.period_index, pairs, k, scope);
    const auto& lb = expected.Find("lag_breaks")->array;
    ASSERT_EQ(chain.lag_breaks.rows(), static_cast<Eigen::Index>(lb.size()));
    for (Eigen::Index t = 0; t < chain.lag_breaks.rows(); ++t) {
      for (int c = 0; c < k - 1; ++c) ExpectRel(chain.lag_breaks(t, c), lb[t].array[c].number, 1e-12, "lag break");
    }
    for (int l = 0; l < k; ++l) {
      for (int i = 0; i < k; ++i) {
        for (int j = 0; j < k; ++j) {
          const std::string at = expected.String("scope") + " lag class " + std::to_string(l);
          EXPECT_EQ(chain.by_lag_class[l].counts(i, j), expected.Find("counts")->array[l].array[i].array[j].number) << at;
          const JsonValue& p = expected.Find("probabilities")->array[l].array[i].array[j];
          if (p.type == JsonValue::Type::kNull) {
            EXPECT_TRUE(std::isnan(chain.by_lag_class[l].probabilities(i, j))) << at;
          } else {
            EXPECT_NEAR(chain.by_lag_class[l].probabilities(i, j), p.number, 1e-12) << at;
          }
        }
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(ProducAndDemo, DisparityGoldenTest,
                         ::testing::Values("disparity_produc.json", "disparity_demo.json"));

class DensityConvergenceGoldenTest : public ::testing::TestWithParam<const char*> {
 protected:
  void SetUp() override {
    golden_ = Load("disparity_density_convergence.json");
    case_ = golden_.Find(GetParam());
    ASSERT_NE(case_, nullptr);
    panel_ = ReadPanel(*case_, "");
  }
  JsonValue golden_;
  const JsonValue* case_ = nullptr;
  Panel panel_;
};

TEST_P(DensityConvergenceGoldenTest, KernelDensityMatchesRStatsDensity) {
  for (const JsonValue& d : case_->Find("density")->array) {
    std::vector<double> x;
    for (size_t r = 0; r < panel_.value.size(); ++r) {
      if (panel_.period[r] == static_cast<int>(d.Number("period"))) x.push_back(panel_.value[r]);
    }
    KernelDensityOptions options;
    const std::string rule = d.String("rule");
    options.rule = rule == "nrd0" ? BandwidthRule::kNrd0 : rule == "nrd" ? BandwidthRule::kNrd : BandwidthRule::kFixed;
    options.bandwidth = d.Number("bandwidth_in");
    options.adjust = d.Number("adjust");
    options.cut = d.Number("cut");
    options.grid_points = static_cast<int>(d.Number("grid_points"));
    auto kde = EstimateKernelDensity(Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size())), options);
    ASSERT_TRUE(kde.ok()) << kde.status();
    const std::string at = rule + " " + std::to_string(static_cast<int>(d.Number("period")));
    ExpectRel(kde->bandwidth, d.Number("bandwidth"), 1e-12, at + " bandwidth");
    const auto& ex = d.Find("x")->array;
    const auto& ey = d.Find("y")->array;
    ASSERT_EQ(kde->x.size(), static_cast<Eigen::Index>(ex.size()));
    double peak = 0;
    for (const auto& e : ey) peak = std::max(peak, e.number);
    for (size_t i = 0; i < ex.size(); ++i) {
      ExpectRel(kde->x[i], ex[i].number, 1e-12, at + " x");
      EXPECT_NEAR(kde->y[i], ey[i].number, 1e-10 * peak) << at << " y[" << i << "]";
    }
  }
}

// One grid over several periods (AnalyzeDisparity's kernel_density.common_grid): R's
// density(from =, to =) with from / to the widest of the periods' own grids.
TEST_P(DensityConvergenceGoldenTest, CommonGridMatchesRDensityFromTo) {
  const JsonValue& expected = *case_->Find("common_grid");
  std::vector<Eigen::VectorXd> samples;
  for (const JsonValue& p : expected.Find("periods")->array) {
    std::vector<double> x;
    for (size_t r = 0; r < panel_.value.size(); ++r) {
      if (panel_.period[r] == static_cast<int>(p.number)) x.push_back(panel_.value[r]);
    }
    samples.push_back(Eigen::Map<const Eigen::VectorXd>(x.data(), static_cast<Eigen::Index>(x.size())));
  }
  KernelDensityOptions options;
  options.grid_points = static_cast<int>(expected.Number("grid_points"));
  auto common = CommonDensityGrid(samples, options);
  ASSERT_TRUE(common.ok()) << common.status();
  ExpectRel(*common->from, expected.Number("from"), 1e-12, "from");
  ExpectRel(*common->to, expected.Number("to"), 1e-12, "to");
  const auto& densities = expected.Find("densities")->array;
  ASSERT_EQ(densities.size(), samples.size());
  for (size_t t = 0; t < samples.size(); ++t) {
    auto kde = EstimateKernelDensity(samples[t], *common);
    ASSERT_TRUE(kde.ok()) << kde.status();
    const auto& ex = densities[t].Find("x")->array;
    const auto& ey = densities[t].Find("y")->array;
    ASSERT_EQ(kde->x.size(), static_cast<Eigen::Index>(ex.size()));
    double peak = 0;
    for (const auto& e : ey) peak = std::max(peak, e.number);
    ExpectRel(kde->bandwidth, densities[t].Number("bandwidth"), 1e-12, "bandwidth");
    for (size_t i = 0; i < ex.size(); ++i) {
      ExpectRel(kde->x[i], ex[i].number, 1e-12, "x");
      EXPECT_NEAR(kde->y[i], ey[i].number, 1e-10 * peak) << "period " << t << " y[" << i << "]";
    }
  }
}

TEST_P(DensityConvergenceGoldenTest, BetaConvergenceMatchesRRegressions) {
  const JsonValue& expected = *case_->Find("convergence");
  testing::CsvTable csv;
  ASSERT_TRUE(testing::ReadCsv(Source(case_->String("data")), &csv));
  ConvergenceData data;
  data.value = Eigen::Map<const Eigen::VectorXd>(panel_.value.data(), static_cast<Eigen::Index>(panel_.value.size()));
  data.entity = panel_.entity;
  data.period_index = panel_.period_index;
  data.control_names = expected.Strings("controls");
  data.controls.resize(data.value.size(), static_cast<Eigen::Index>(data.control_names.size()));
  for (size_t c = 0; c < data.control_names.size(); ++c) {
    const auto col = csv.Numeric(data.control_names[c]);
    data.controls.col(c) = Eigen::Map<const Eigen::VectorXd>(col.data(), static_cast<Eigen::Index>(col.size()));
  }
  for (const bool conditional : {false, true}) {
    auto beta = EstimateBetaConvergence(data, conditional, nullptr);
    ASSERT_TRUE(beta.ok()) << beta.status();
    const JsonValue& e = *expected.Find(conditional ? "conditional" : "absolute");
    const std::string at = conditional ? "conditional" : "absolute";
    EXPECT_EQ(beta->fit.n_obs, static_cast<int64_t>(expected.Number("n_obs")));
    ExpectRel(beta->beta.estimate, e.Number("estimate"), 1e-10, at + " beta");
    ExpectRel(beta->beta.std_error, e.Number("std_error"), 1e-8, at + " se");
    ExpectRel(beta->beta.statistic, e.Number("statistic"), 1e-8, at + " t");
    ExpectRel(beta->beta.p_value, e.Number("p_value"), 1e-6, at + " p");
    EXPECT_NEAR(beta->speed, -std::log1p(e.Number("estimate")), 1e-10);
  }
}

INSTANTIATE_TEST_SUITE_P(ProducAndDemo, DensityConvergenceGoldenTest, ::testing::Values("produc", "demo"));

}  // namespace
}  // namespace govmetrics::stats

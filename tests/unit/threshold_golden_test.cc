// Hansen (1999) panel threshold regression against golden values from an independent numpy
// implementation (tests/reference/threshold/threshold_reference.py: every candidate's
// regression solved directly; Hansen's grid, trimming and bootstrap conventions; the same
// random streams, so bootstrap p-values and critical values compare exactly).
// Data: the 31-province demo panel (three thresholds) and R plm's Produc (two thresholds).
// Tolerances: thresholds exact (they are data values); SSRs 1e-10 relative; F and LR
// statistics 1e-7 relative; p-values exact (counts).
#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "common/stats/threshold/threshold_bootstrap.h"
#include "common/stats/threshold/threshold_grid.h"
#include "common/stats/threshold/threshold_model.h"
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

std::vector<double> Numbers(const JsonValue& array) {
  std::vector<double> out;
  for (const JsonValue& v : array.array) {
    out.push_back(v.type == JsonValue::Type::kNumber ? v.number : std::numeric_limits<double>::infinity());
  }
  return out;
}

// The golden case's panel, rows sorted by (entity name, period) as the reference sorts them.
ThresholdData CaseData(const JsonValue& golden) {
  stats::testing::CsvTable table;
  EXPECT_TRUE(stats::testing::ReadCsv(Source(golden.String("data")), &table));
  const int e_col = table.Column(golden.String("entity"));
  const std::vector<double> period = table.Numeric(golden.String("period"));
  std::vector<size_t> order(period.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const std::string& ea = table.cells[e_col][a];
    const std::string& eb = table.cells[e_col][b];
    return ea != eb ? ea < eb : period[a] < period[b];
  });
  auto column = [&](const std::string& name) {
    const std::vector<double> v = table.Numeric(name);
    Eigen::VectorXd out(static_cast<Eigen::Index>(order.size()));
    for (size_t i = 0; i < order.size(); ++i) out[static_cast<Eigen::Index>(i)] = v[order[i]];
    return out;
  };
  auto columns = [&](const std::vector<std::string>& names) {
    Eigen::MatrixXd out(static_cast<Eigen::Index>(order.size()), static_cast<Eigen::Index>(names.size()));
    for (size_t j = 0; j < names.size(); ++j) out.col(static_cast<Eigen::Index>(j)) = column(names[j]);
    return out;
  };
  ThresholdData data;
  std::vector<double> sorted_periods = period;
  std::sort(sorted_periods.begin(), sorted_periods.end());
  data.periods = std::unique(sorted_periods.begin(), sorted_periods.end()) - sorted_periods.begin();
  data.entities = static_cast<int64_t>(order.size()) / data.periods;
  data.y = column(golden.String("dependent"));
  data.regime_x = columns(golden.Strings("regime_regressors"));
  data.controls = columns(golden.Strings("controls"));
  data.q = column(golden.String("threshold_variable"));
  return data;
}

ThresholdOptions CaseOptions(const JsonValue& golden) {
  ThresholdOptions o;
  o.thresholds = static_cast<int>(golden.Number("thresholds_requested"));
  o.quantiles = static_cast<int>(golden.Number("quantiles"));
  const std::vector<double> trim = Numbers(*golden.Find("trim"));
  std::copy(trim.begin(), trim.end(), o.trim.begin());
  o.replications = static_cast<int>(golden.Number("replications"));
  o.seed = static_cast<uint64_t>(golden.Number("seed"));
  o.confidence_level = golden.Number("confidence_level");
  return o;
}

void ExpectStage(const ThresholdEstimate& got, const JsonValue& want) {
  const std::string what = want.String("stage");
  EXPECT_EQ(got.stage, what);
  EXPECT_EQ(got.value, want.Number("value")) << what;
  ExpectRel(got.ssr, want.Number("ssr"), 1e-10, what + " ssr");
  EXPECT_EQ(got.ci_lower, want.Number("ci_lower")) << what;
  EXPECT_EQ(got.ci_upper, want.Number("ci_upper")) << what;
  const std::vector<double> candidates = Numbers(*want.Find("candidates"));
  const std::vector<double> lr = Numbers(*want.Find("lr"));
  ASSERT_EQ(got.candidates, candidates) << what;
  ASSERT_EQ(got.lr.size(), lr.size()) << what;
  for (size_t c = 0; c < lr.size(); ++c) {
    if (std::isinf(lr[c])) {
      EXPECT_TRUE(std::isinf(got.lr[c])) << what << " candidate " << c;
    } else {
      EXPECT_NEAR(got.lr[c], lr[c], 1e-7 * std::max(1.0, std::fabs(lr[c]))) << what << " candidate " << c;
    }
  }
}

void ExpectCase(const std::string& name) {
  const JsonValue golden = Load(name);
  const ThresholdData data = CaseData(golden);
  auto fit = FitThresholdModel(data, CaseOptions(golden));
  ASSERT_TRUE(fit.ok()) << fit.status();
  EXPECT_EQ(fit->distinct_values, golden.Number("distinct_values"));
  EXPECT_EQ(fit->grid_size, golden.Number("grid_size"));
  ExpectRel(fit->critical_lr, golden.Number("critical_lr"), 1e-14, "c(alpha)");
  ExpectRel(fit->ssr_linear, golden.Number("ssr_linear"), 1e-10, "S0");
  const auto& stages = golden.Find("stages")->array;
  ASSERT_EQ(fit->stages.size(), stages.size());
  for (size_t s = 0; s < stages.size(); ++s) ExpectStage(fit->stages[s], stages[s]);
  EXPECT_EQ(fit->thresholds, Numbers(*golden.Find("thresholds")));
  const auto& tests = golden.Find("tests")->array;
  ASSERT_EQ(fit->tests.size(), tests.size());
  for (size_t k = 0; k < tests.size(); ++k) {
    const std::string what = name + " F" + std::to_string(k + 1);
    ExpectRel(fit->tests[k].ssr_null, tests[k].Number("ssr_null"), 1e-10, what + " null SSR");
    ExpectRel(fit->tests[k].ssr, tests[k].Number("ssr"), 1e-10, what + " SSR");
    ExpectRel(fit->tests[k].f_statistic, tests[k].Number("f_statistic"), 1e-7, what);
    EXPECT_EQ(fit->tests[k].p_value, tests[k].Number("p_value")) << what;
    const std::vector<double> crit = Numbers(*tests[k].Find("critical_values"));
    for (int c = 0; c < 3; ++c) ExpectRel(fit->tests[k].critical_values[c], crit[c], 1e-6, what + " critical");
  }
}

TEST(ThresholdGolden, DemoPanelThreeThresholdsMatchTheNumpyReference) { ExpectCase("threshold_demo.json"); }

TEST(ThresholdGolden, ProducTwoThresholdsMatchTheNumpyReference) { ExpectCase("threshold_produc.json"); }

TEST(ThresholdGolden, BootstrapDrawsAreTheReferenceStreams) {
  const JsonValue golden = Load("threshold_produc.json");
  const std::vector<double> want = Numbers(*golden.Find("bootstrap_first_draws"));
  const std::vector<int64_t> got =
      ThresholdBootstrapDraws(static_cast<uint64_t>(golden.Number("seed")), 1, 0, static_cast<int64_t>(want.size()));
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) EXPECT_EQ(static_cast<double>(got[i]), want[i]) << i;
}

}  // namespace
}  // namespace govmetrics::stats

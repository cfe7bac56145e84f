// Wild cluster restricted bootstrap: exact (enumerated Rademacher) p-values against
// tests/reference/golden/wild_bootstrap_grunfeld.json (brute-force lm + sandwich refits
// over all 2^10 sign vectors, script tests/reference/mediation/wild_bootstrap_reference.R)
// at three null values each; the test-inversion CI brackets the level; thread
// invariance; unbounded intervals with too few clusters; limits.
#include <cmath>
#include <string>
#include <vector>

#include "common/stats/wild_cluster_bootstrap.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

using govmetrics::testing::JsonValue;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

PanelInput Grunfeld(int max_firm = 10) {
  testing::CsvTable csv;
  EXPECT_TRUE(testing::ReadCsv(Source("tests/reference/data/grunfeld.csv"), &csv));
  const std::vector<double> firm = csv.Numeric("firm"), year = csv.Numeric("year");
  const std::vector<double> inv = csv.Numeric("inv"), value = csv.Numeric("value"),
                            capital = csv.Numeric("capital");
  PanelInput in;
  in.y_name = "inv";
  in.x_names = {"value", "capital"};
  std::vector<int> rows;
  for (size_t i = 0; i < firm.size(); ++i) {
    if (firm[i] <= max_firm) rows.push_back(static_cast<int>(i));
  }
  const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
  in.y.resize(n);
  in.x.resize(n, 2);
  for (Eigen::Index i = 0; i < n; ++i) {
    in.y[i] = inv[rows[i]];
    in.x(i, 0) = value[rows[i]];
    in.x(i, 1) = capital[rows[i]];
    in.entity.push_back(static_cast<int>(firm[rows[i]]));
    in.period.push_back(static_cast<int>(year[rows[i]]));
  }
  return in;
}

PanelModelOptions Model(const std::string& effects) {
  PanelModelOptions o;
  o.fixed_effects = effects == "two_way" ? FixedEffectsKind::kTwoWay : FixedEffectsKind::kEntity;
  o.variance.type = VarianceType::kCluster;
  o.variance.cluster_by = {"entity"};
  o.variance.small_sample = SmallSampleConvention::kNone;
  return o;
}

TEST(WildClusterBootstrapTest, EnumeratedRademacherPValuesMatchBruteForce) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(
      Source("tests/reference/golden/wild_bootstrap_grunfeld.json"), &golden, &error))
      << error;
  const JsonValue* cases = golden.Find("cases");
  ASSERT_NE(cases, nullptr);
  ASSERT_EQ(cases->array.size(), 12u);
  for (const JsonValue& c : cases->array) {
    WildBootstrapOptions o;
    o.replications = 1024;
    o.weights = WildWeightType::kRademacher;
    o.null_value = c.Number("null_value");
    o.confidence_intervals = false;
    absl::StatusOr<WildBootstrapResult> r =
        WildClusterBootstrap(Grunfeld(), Model(c.String("fixed_effects")), o);
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->clusters, 10);
    for (const auto& t : r->tests) {
      if (t.name != c.String("coefficient")) continue;
      SCOPED_TRACE(c.String("fixed_effects") + " " + t.name + " null " + std::to_string(o.null_value));
      EXPECT_TRUE(t.enumerated);
      EXPECT_EQ(t.replications, static_cast<int64_t>(c.Number("replications")));
      EXPECT_NEAR(t.estimate, c.Number("estimate"), 1e-9 * std::fabs(c.Number("estimate")));
      EXPECT_NEAR(t.p_value, c.Number("p_value"), 1e-12);
    }
  }
}

TEST(WildClusterBootstrapTest, InvertedIntervalBracketsTheLevel) {
  WildBootstrapOptions o;
  o.replications = 999;
  o.weights = WildWeightType::kWebb;
  o.seed = 5;
  absl::StatusOr<WildBootstrapResult> r = WildClusterBootstrap(Grunfeld(), Model("entity"), o);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const auto& t : r->tests) {
    SCOPED_TRACE(t.name);
    ASSERT_TRUE(std::isfinite(t.ci_lower) && std::isfinite(t.ci_upper));
    EXPECT_LT(t.ci_lower, t.estimate);
    EXPECT_GT(t.ci_upper, t.estimate);
    const double width = t.ci_upper - t.ci_lower;
    for (double bound : {t.ci_lower, t.ci_upper}) {
      const double outward = bound < t.estimate ? -1 : 1;
      auto p_at = [&](double null) {
        WildBootstrapOptions q = o;
        q.null_value = null;
        q.confidence_intervals = false;
        auto rr = WildClusterBootstrap(Grunfeld(), Model("entity"), q);
        for (const auto& u : rr->tests) {
          if (u.name == t.name) return u.p_value;
        }
        return -1.0;
      };
      EXPECT_LT(p_at(bound + outward * 1e-6 * width), 0.05);
      EXPECT_GE(p_at(bound - outward * 1e-6 * width), 0.05);
    }
  }
}

TEST(WildClusterBootstrapTest, ResultsAreBitIdenticalWhateverTheThreadCount) {
  WildBootstrapOptions o;
  o.replications = 499;
  o.weights = WildWeightType::kWebb;
  o.seed = 11;
  o.threads = 1;
  auto one = WildClusterBootstrap(Grunfeld(), Model("two_way"), o);
  o.threads = 2;
  auto two = WildClusterBootstrap(Grunfeld(), Model("two_way"), o);
  ASSERT_TRUE(one.ok() && two.ok());
  for (size_t j = 0; j < one->tests.size(); ++j) {
    EXPECT_EQ(one->tests[j].p_value, two->tests[j].p_value);
    EXPECT_EQ(one->tests[j].ci_lower, two->tests[j].ci_lower);
    EXPECT_EQ(one->tests[j].ci_upper, two->tests[j].ci_upper);
  }
}

TEST(WildClusterBootstrapTest, FourClustersWithRademacherGiveUnboundedIntervals) {
  // 2^4 = 16 sign vectors, and v and -v give the same |t*|: no p-value can fall
  // below 2/16 = 0.125, so the 95% interval is the whole line.
  WildBootstrapOptions o;
  o.replications = 999;
  o.weights = WildWeightType::kRademacher;
  absl::StatusOr<WildBootstrapResult> r = WildClusterBootstrap(Grunfeld(4), Model("entity"), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->clusters, 4);
  for (const auto& t : r->tests) {
    EXPECT_TRUE(t.enumerated);
    EXPECT_EQ(t.replications, 16);
    EXPECT_GE(t.p_value, 0.125);
    EXPECT_EQ(t.ci_lower, -std::numeric_limits<double>::infinity());
    EXPECT_EQ(t.ci_upper, std::numeric_limits<double>::infinity());
  }
  o.automatic_weights = true;  // fewer than 12 clusters: Webb
  r = WildClusterBootstrap(Grunfeld(4), Model("entity"), o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->weights, WildWeightType::kWebb);
}

TEST(WildClusterBootstrapTest, PooledOlsTestsSlopesOnly) {
  PanelModelOptions m = Model("entity");
  m.estimator = PanelEstimator::kPooledOls;
  WildBootstrapOptions o;
  o.replications = 199;
  o.confidence_intervals = false;
  absl::StatusOr<WildBootstrapResult> r = WildClusterBootstrap(Grunfeld(), m, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->tests.size(), 2u);
  EXPECT_EQ(r->tests[0].name, "value");
}

TEST(WildClusterBootstrapTest, ReplicationsOutOfRangeAndOtherEstimatorsAreRejected) {
  WildBootstrapOptions o;
  o.replications = 100001;
  auto r = WildClusterBootstrap(Grunfeld(), Model("entity"), o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("variance.wild_bootstrap.replications"), std::string::npos);
  o.replications = 99;
  PanelModelOptions m = Model("entity");
  m.estimator = PanelEstimator::kRandomEffects;
  r = WildClusterBootstrap(Grunfeld(), m, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace govmetrics::stats

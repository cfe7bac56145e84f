// Percentile, bias-corrected and BCa intervals against tests/reference/golden/
// bootstrap_ci.json (R quantile type 7 / qnorm / pnorm on fixed skewed replicate
// clouds; script tests/reference/mediation/bootstrap_ci_reference.R). The replicate
// values are rebuilt here with Boost's gamma quantile (agrees with R's qgamma to
// ~1e-15), so tolerances are 1e-10 relative.
#include <cmath>
#include <string>
#include <vector>

#include "boost/math/distributions/gamma.hpp"
#include "common/stats/bootstrap_ci.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"

namespace govmetrics::stats {
namespace {

using govmetrics::testing::JsonValue;

std::vector<double> Replicates(int r) {
  boost::math::gamma_distribution<double> g(3.0, 1.0 / 10.0);  // shape 3, rate 10
  std::vector<double> t(r);
  for (int i = 0; i < r; ++i) t[i] = boost::math::quantile(g, (i + 1 - 0.5) / r);  // ppoints, R > 10
  // Order must not matter: reverse it.
  return std::vector<double>(t.rbegin(), t.rend());
}

TEST(BootstrapCiTest, IntervalsMatchTheReference) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(
      std::string(GOVMETRICS_SOURCE_DIR) + "/tests/reference/golden/bootstrap_ci.json", &golden, &error))
      << error;
  std::vector<double> jk;
  for (const JsonValue& v : golden.Find("jackknife")->array) jk.push_back(v.number);
  ASSERT_EQ(golden.Find("cases")->array.size(), 4u);
  for (const JsonValue& c : golden.Find("cases")->array) {
    const int r = static_cast<int>(c.Number("replications"));
    const double level = c.Number("level");
    SCOPED_TRACE(std::to_string(r) + " " + std::to_string(level));
    const std::vector<double> t = Replicates(r);
    struct M {
      BootstrapCiMethod method;
      const char* key;
    };
    for (M m : {M{BootstrapCiMethod::kPercentile, "percentile"},
                M{BootstrapCiMethod::kBiasCorrected, "bias_corrected"}, M{BootstrapCiMethod::kBca, "bca"}}) {
      absl::StatusOr<BootstrapInterval> ci = BootstrapConfidenceInterval(t, c.Number("estimate"), level, m.method, jk);
      ASSERT_TRUE(ci.ok()) << ci.status();
      const JsonValue* expected = c.Find(m.key);
      EXPECT_NEAR(ci->lower, expected->array[0].number, 1e-10 * expected->array[0].number) << m.key;
      EXPECT_NEAR(ci->upper, expected->array[1].number, 1e-10 * expected->array[1].number) << m.key;
      EXPECT_NEAR(ci->std_error, c.Number("std_error"), 1e-10 * c.Number("std_error"));
      if (m.method != BootstrapCiMethod::kPercentile) {
        EXPECT_NEAR(ci->z0, c.Number("z0"), 1e-10);
      }
      if (m.method == BootstrapCiMethod::kBca) {
        EXPECT_NEAR(ci->acceleration, c.Number("acceleration"), 1e-12);
      }
    }
  }
}

TEST(BootstrapCiTest, NonFiniteReplicatesAreIgnoredAndTooFewFail) {
  std::vector<double> t = {1, 2, std::nan(""), 3, 4};
  absl::StatusOr<BootstrapInterval> ci = BootstrapConfidenceInterval(t, 2.5, 0.5, BootstrapCiMethod::kPercentile);
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ(ci->replicates, 4);
  EXPECT_DOUBLE_EQ(ci->lower, 1.75);  // type 7: 1 + 3 * 0.25
  EXPECT_DOUBLE_EQ(ci->upper, 3.25);
  ci = BootstrapConfidenceInterval({1.0, std::nan("")}, 1.0, 0.95, BootstrapCiMethod::kPercentile);
  EXPECT_EQ(ci.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(BootstrapCiTest, EstimateOutsideTheCloudStillGivesAFiniteInterval) {
  std::vector<double> t = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  absl::StatusOr<BootstrapInterval> ci = BootstrapConfidenceInterval(t, 100, 0.95, BootstrapCiMethod::kBiasCorrected);
  ASSERT_TRUE(ci.ok());
  EXPECT_TRUE(std::isfinite(ci->lower) && std::isfinite(ci->upper));
  EXPECT_LE(ci->upper, 10);
}

}  // namespace
}  // namespace govmetrics::stats

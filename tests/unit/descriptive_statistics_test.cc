// Descriptive statistics against values computed by hand (and R: sd uses n-1,
// cor.test p-values use t with n-2 df).
#include "common/stats/descriptive_statistics.h"

#include <cmath>

#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

TEST(DescriptiveStatistics, SummaryUsesSampleStandardDeviationAndSkipsMissing) {
  Eigen::MatrixXd x(5, 1);
  x << 1, 2, std::nan(""), 4, 5;
  const auto s = Summarize(x);
  EXPECT_EQ(s[0].n, 4);
  EXPECT_DOUBLE_EQ(s[0].mean, 3.0);
  EXPECT_NEAR(s[0].sd, std::sqrt(10.0 / 3.0), 1e-15);  // sum of squares 10, n-1 = 3
  EXPECT_EQ(s[0].min, 1);
  EXPECT_EQ(s[0].max, 5);
}

TEST(DescriptiveStatistics, CorrelationMatchesRCorTest) {
  // R: cor.test(c(1,2,3,4,5), c(2,1,4,3,5)) -> r = 0.8, p = 0.1040880
  Eigen::MatrixXd x(5, 2);
  x << 1, 2, 2, 1, 3, 4, 4, 3, 5, 5;
  const auto c = Correlate(x);
  EXPECT_EQ(c.n, 5);
  EXPECT_NEAR(c.r(0, 1), 0.8, 1e-14);
  EXPECT_NEAR(c.p_value(0, 1), 0.1040880, 1e-7);
}

TEST(DescriptiveStatistics, OverflowingValuesGiveMissingCorrelationNotAnException) {
  // Found by fuzz_describe_variables: cross products of values near 1e308 overflow.
  Eigen::MatrixXd x(4, 2);
  x << 1e308, 1, -1e308, 2, 1e308, 3, -1e308, 5;
  const auto c = Correlate(x);
  EXPECT_TRUE(std::isnan(c.r(0, 1)));
  EXPECT_TRUE(std::isnan(c.p_value(0, 1)));
}

TEST(DescriptiveStatistics, CellMeansLeaveEmptyCellsMissing) {
  Eigen::VectorXd v(4);
  v << 1, 3, 5, std::nan("");
  const auto m = CellMeans(v, {0, 0, 1, 1}, 2, {0, 0, 0, 1}, 2);
  EXPECT_DOUBLE_EQ(m(0, 0), 2.0);
  EXPECT_TRUE(std::isnan(m(0, 1)));
  EXPECT_DOUBLE_EQ(m(1, 0), 5.0);
  EXPECT_TRUE(std::isnan(m(1, 1)));
}

}  // namespace
}  // namespace govmetrics::stats

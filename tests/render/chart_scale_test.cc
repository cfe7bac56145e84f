#include "services/reporting/render/chart_scale.h"

#include <cmath>
#include <limits>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace govmetrics::reporting {
namespace {

bool IsNiceStep(double step) {
  const double magnitude = std::pow(10.0, std::floor(std::log10(step) + 1e-12));
  const double m = step / magnitude;
  for (double nice : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (std::fabs(m - nice) < 1e-9) return true;
  }
  return false;
}

TEST(MakeNiceScale, CoversTheDataWithNiceSteps) {
  for (auto [lo, hi] : std::vector<std::pair<double, double>>{
           {0.0871, 0.2659}, {-0.0138, 0.446}, {0.21, 0.666}, {3, 97}, {-120, -3}, {0, 1e6}}) {
    const NiceScale s = MakeNiceScale(lo, hi, 6);
    EXPECT_LE(s.min, lo) << lo << " " << hi;
    EXPECT_GE(s.max, hi) << lo << " " << hi;
    EXPECT_TRUE(IsNiceStep(s.step)) << s.step;
    EXPECT_GE(s.ticks.size(), 3u);
    EXPECT_LE(s.ticks.size(), 12u);
    EXPECT_DOUBLE_EQ(s.ticks.front(), s.min);
    EXPECT_NEAR(s.ticks.back(), s.max, s.step * 1e-9);
  }
}

TEST(MakeNiceScale, TicksPrintDistinctly) {
  const NiceScale s = MakeNiceScale(0, 0.27, 6);
  std::set<std::string> seen;
  for (double t : s.ticks) EXPECT_TRUE(seen.insert(FormatFixed(t, s.decimals)).second) << t;
}

TEST(MakeNiceScale, QuarterStepsGetTwoDecimals) {
  const NiceScale s = MakeNiceScale(0, 1.0, 5);
  EXPECT_DOUBLE_EQ(s.step, 0.25);
  EXPECT_EQ(s.decimals, 2);
}

TEST(MakeNiceScale, WidensAnEmptyRange) {
  const NiceScale s = MakeNiceScale(0.5, 0.5);
  EXPECT_LT(s.min, 0.5);
  EXPECT_GT(s.max, 0.5);
  const NiceScale z = MakeNiceScale(0, 0);
  EXPECT_LT(z.min, 0);
  EXPECT_GT(z.max, 0);
}

TEST(MakeNiceScale, FallsBackToUnitRangeForNonFiniteBounds) {
  const NiceScale s = MakeNiceScale(std::numeric_limits<double>::quiet_NaN(), 1);
  EXPECT_DOUBLE_EQ(s.min, 0);
  EXPECT_DOUBLE_EQ(s.max, 1);
}

// Found by fuzz_render_documents: the step under- or overflowed and log10(step) = +-inf
// was converted to int (UBSan: "-inf is outside the range of representable values").
TEST(MakeNiceScale, FallsBackToUnitRangeWhenTheScaleIsNotRepresentable) {
  const double max = std::numeric_limits<double>::max();
  for (auto [lo, hi] : std::vector<std::pair<double, double>>{
           {2.27e-322, 2.27e-322}, {-4.9e-324, 4.9e-324}, {-max, max}, {0, max}, {-1e308, 1e308}}) {
    const NiceScale s = MakeNiceScale(lo, hi, 6);
    EXPECT_DOUBLE_EQ(s.min, 0) << lo << " " << hi;
    EXPECT_DOUBLE_EQ(s.max, 1) << lo << " " << hi;
    EXPECT_FALSE(s.ticks.empty());
  }
  // Large but representable ranges keep a real scale.
  const NiceScale big = MakeNiceScale(-1e307, 1e307, 6);
  EXPECT_LE(big.min, -1e307);
  EXPECT_GE(big.max, 1e307);
  EXPECT_TRUE(IsNiceStep(big.step)) << big.step;
}

TEST(FormatFixed, NeverPrintsNegativeZero) {
  EXPECT_EQ(FormatFixed(-0.0001, 2), "0.00");
  EXPECT_EQ(FormatFixed(-0.5, 1), "-0.5");
  EXPECT_EQ(FormatFixed(std::numeric_limits<double>::quiet_NaN(), 2), "–");
}

}  // namespace
}  // namespace govmetrics::reporting

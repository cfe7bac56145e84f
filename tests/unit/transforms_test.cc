#include "common/stats/transforms.h"

#include <cmath>

#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

TEST(TransformsTest, LogNamesTheFirstNonPositiveRow) {
  absl::StatusOr<std::vector<double>> r = LogTransform({1.0, std::exp(2.0), NAN}, "gdp");
  ASSERT_TRUE(r.ok());
  EXPECT_DOUBLE_EQ((*r)[1], 2.0);
  EXPECT_TRUE(std::isnan((*r)[2]));
  r = LogTransform({1.0, 0.0, -1.0}, "gdp");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("row 1"), std::string::npos);
  EXPECT_NE(r.status().message().find("gdp"), std::string::npos);
}

TEST(TransformsTest, LagWithinEntityGivesNanAtGapsAndFirstPeriods) {
  // Rows deliberately unsorted; entity 2 misses 2003.
  const std::vector<double> v = {12, 10, 11, 20, 24};
  const std::vector<int> e = {1, 1, 1, 2, 2};
  const std::vector<int> t = {2002, 2000, 2001, 2002, 2004};
  absl::StatusOr<std::vector<double>> r = LagWithinEntity(v, e, t, 1, "x");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0], 11);
  EXPECT_TRUE(std::isnan((*r)[1]));
  EXPECT_EQ((*r)[2], 10);
  EXPECT_TRUE(std::isnan((*r)[3]));
  EXPECT_TRUE(std::isnan((*r)[4]));  // 2003 missing: a gap, not 2002
  r = LagWithinEntity(v, e, t, 2, "x");
  EXPECT_EQ((*r)[4], 20);
}

TEST(TransformsTest, LagRejectsDuplicatePeriods) {
  absl::StatusOr<std::vector<double>> r =
      LagWithinEntity({1, 2}, std::vector<int>{1, 1}, std::vector<int>{2000, 2000}, 1, "x");
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TransformsTest, QuantileType7MatchesR) {
  // R: quantile(c(1, 2, 4, 8, 16), c(0.01, 0.5, 0.99), type = 7) = 1.04 4 15.68
  const std::vector<double> s = {1, 2, 4, 8, 16};
  EXPECT_NEAR(QuantileType7(s, 0.01), 1.04, 1e-12);
  EXPECT_NEAR(QuantileType7(s, 0.5), 4.0, 1e-12);
  EXPECT_NEAR(QuantileType7(s, 0.99), 15.68, 1e-12);
}

TEST(TransformsTest, WinsorizeClampsAtType7QuantilesAndKeepsNan) {
  absl::StatusOr<std::vector<double>> r = Winsorize({16, 1, NAN, 2, 4, 8}, 0.01, 0.99, "x");
  ASSERT_TRUE(r.ok());
  EXPECT_NEAR((*r)[0], 15.68, 1e-12);
  EXPECT_NEAR((*r)[1], 1.04, 1e-12);
  EXPECT_TRUE(std::isnan((*r)[2]));
  EXPECT_EQ((*r)[3], 2);
  EXPECT_EQ(Winsorize({1, 2}, 0.9, 0.1, "x").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TransformsTest, FilterRowsByLabelAndPeriod) {
  const std::vector<std::string> province = {"Beijing", "Hebei", "Shanghai", "Henan"};
  const std::vector<int> year = {2015, 2016, 2017, 2018};
  LabelFilter drop;
  drop.column = "province";
  drop.labels = province;
  drop.values = {"Beijing", "Shanghai"};
  drop.exclude = true;
  absl::StatusOr<std::vector<char>> keep = FilterRows(4, {drop}, year, PeriodRange{2016, 2017});
  ASSERT_TRUE(keep.ok());
  EXPECT_EQ(*keep, (std::vector<char>{0, 1, 0, 0}));
}

}  // namespace
}  // namespace govmetrics::stats

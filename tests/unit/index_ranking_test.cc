// Ranks within periods as agencies publish them (common/stats/index_ranking.h); the
// expected ranks are R's rank(-x, ties.method = "min") within each period.
#include "common/stats/index_ranking.h"

#include <cmath>

#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

TEST(IndexRankingTest, HighestScoreOfEachPeriodRanksFirst) {
  const std::vector<double> scores = {0.2, 0.9, 0.5, 0.1, 0.3, 0.7};
  const std::vector<int32_t> periods = {2020, 2020, 2020, 2021, 2021, 2021};
  EXPECT_EQ(RankWithinPeriods(scores, periods), (std::vector<int>{3, 1, 2, 3, 2, 1}));
}

TEST(IndexRankingTest, TiesShareTheBestRankAndTheNextRankIsSkipped) {
  // R: rank(-c(0.4, 0.8, 0.4, 0.1, 0.8), ties.method = "min") = 3 1 3 5 1
  const std::vector<double> scores = {0.4, 0.8, 0.4, 0.1, 0.8};
  EXPECT_EQ(RankWithinPeriods(scores, {1, 1, 1, 1, 1}), (std::vector<int>{3, 1, 3, 5, 1}));
}

TEST(IndexRankingTest, MissingScoresAreUnrankedAndDoNotCount) {
  const std::vector<double> scores = {0.4, std::nan(""), 0.1, 0.6};
  EXPECT_EQ(RankWithinPeriods(scores, {7, 7, 7, 7}), (std::vector<int>{2, 0, 3, 1}));
}

TEST(IndexRankingTest, RowsInAnyOrder) {
  const std::vector<double> scores = {0.1, 0.5, 0.9, 0.3};
  EXPECT_EQ(RankWithinPeriods(scores, {2, 1, 2, 1}), (std::vector<int>{2, 1, 1, 2}));
}

}  // namespace
}  // namespace govmetrics::stats

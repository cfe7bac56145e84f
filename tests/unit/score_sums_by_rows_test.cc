// Score sums split by rows (stats/score_sums_by_rows.h) are the one-thread sums bit for
// bit when each level's rows are together, and are not made when they are not.
#include "common/stats/score_sums_by_rows.h"

#include <cmath>
#include <vector>

#include "common/stats/variance_estimators.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

constexpr int64_t kRows = 40000;  // x 3 columns: enough work for two threads

struct Scores {
  Eigen::MatrixXd x;
  Eigen::VectorXd e;
};

Scores MakeScores() {
  Scores s{Eigen::MatrixXd(kRows, 3), Eigen::VectorXd(kRows)};
  for (int64_t i = 0; i < kRows; ++i) {
    for (int j = 0; j < 3; ++j) s.x(i, j) = std::sin(0.37 * i + j) * (1 + j);
    s.e[i] = std::cos(1.3 * i) * 1e3 + 1e-3 * i;
  }
  return s;
}

// Levels of `size` rows each, in row order (a panel sorted by entity), or interleaved.
FactorCodes Levels(int size, bool grouped) {
  std::vector<int> values(kRows);
  const int64_t levels = kRows / size;
  for (int64_t i = 0; i < kRows; ++i) values[i] = static_cast<int>(grouped ? i / size : i % levels);
  return RecodeFactor("entity", values);
}

TEST(ScoreSumsByRowsTest, GroupedRowsGiveTheOneThreadSumsBitForBit) {
  const Scores s = MakeScores();
  for (const int size : {100, 7, 39999}) {  // the last: a level straddles every even split
    const FactorCodes g = Levels(size, true);
    const Eigen::MatrixXd one = ScoreSums(s.x, s.e, g, 1);
    std::optional<Eigen::MatrixXd> by_rows = ScoreSumsByRows(s.x, s.e, g, 2);
    ASSERT_TRUE(by_rows.has_value()) << size;
    EXPECT_EQ(*by_rows, one) << size;
    EXPECT_EQ(ScoreSums(s.x, s.e, g, 2), one) << size;
  }
}

TEST(ScoreSumsByRowsTest, InterleavedLevelsAreSummedByColumns) {
  const Scores s = MakeScores();
  const FactorCodes g = Levels(100, false);
  EXPECT_FALSE(ScoreSumsByRows(s.x, s.e, g, 2).has_value());
  EXPECT_EQ(ScoreSums(s.x, s.e, g, 2), ScoreSums(s.x, s.e, g, 1));
}

}  // namespace
}  // namespace govmetrics::stats

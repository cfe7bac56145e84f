// Normalisation and the weighting methods in isolation: directions, the shift, 0 ln 0,
// e_j in [0,1], and the error cases.

#include <cmath>
#include <random>

#include "Eigen/Core"
#include "common/stats/index_normalization.h"
#include "common/stats/index_options.h"
#include "common/stats/index_topsis.h"
#include "common/stats/weighting_coefficient_of_variation.h"
#include "common/stats/weighting_critic.h"
#include "common/stats/weighting_entropy.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

using ::testing::HasSubstr;

TEST(MinMaxNormalizeTest, PositiveIndicatorMapsMinToZeroAndMaxToOne) {
  Eigen::VectorXd x(4);
  x << 2, 4, 3, 6;
  absl::StatusOr<Eigen::VectorXd> z = MinMaxNormalize(x, Direction::kPositive, 0.0, "x");
  ASSERT_TRUE(z.ok()) << z.status();
  EXPECT_DOUBLE_EQ((*z)[0], 0.0);
  EXPECT_DOUBLE_EQ((*z)[1], 0.5);
  EXPECT_DOUBLE_EQ((*z)[2], 0.25);
  EXPECT_DOUBLE_EQ((*z)[3], 1.0);
}

TEST(MinMaxNormalizeTest, NegativeIndicatorMapsMaxToZeroAndAddsTheShift) {
  Eigen::VectorXd x(3);
  x << 2, 4, 6;
  absl::StatusOr<Eigen::VectorXd> z = MinMaxNormalize(x, Direction::kNegative, 0.01, "x");
  ASSERT_TRUE(z.ok()) << z.status();
  EXPECT_DOUBLE_EQ((*z)[0], 1.01);
  EXPECT_DOUBLE_EQ((*z)[1], 0.51);
  EXPECT_DOUBLE_EQ((*z)[2], 0.01);
}

TEST(MinMaxNormalizeTest, NegativeShiftIsInvalidArgument) {
  Eigen::VectorXd x(2);
  x << 1, 2;
  absl::StatusOr<Eigen::VectorXd> z = MinMaxNormalize(x, Direction::kPositive, -1e-4, "x");
  EXPECT_EQ(z.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MinMaxNormalizeTest, ConstantIndicatorIsFailedPreconditionNamingIt) {
  Eigen::VectorXd x = Eigen::VectorXd::Constant(5, 3.0);
  absl::StatusOr<Eigen::VectorXd> z = MinMaxNormalize(x, Direction::kPositive, 0.0, "broadband");
  EXPECT_EQ(z.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(z.status().message(), HasSubstr("broadband"));
}

TEST(IndexOptionsTest, DefaultShiftIsOneTenThousandthAndValid) {
  IndexOptions o;
  EXPECT_EQ(o.shift, 1e-4);
  EXPECT_TRUE(ValidateIndexOptions(o).ok());
  o.shift = 0.0;
  EXPECT_TRUE(ValidateIndexOptions(o).ok());
  o.shift = std::nan("");
  EXPECT_EQ(ValidateIndexOptions(o).code(), absl::StatusCode::kInvalidArgument);
  o.shift = 0.0;
  o.score_scale = 10.0;
  EXPECT_EQ(ValidateIndexOptions(o).code(), absl::StatusCode::kInvalidArgument);
}

TEST(EntropyTest, ZeroTimesLogZeroIsZeroWhenShiftIsZero) {
  Eigen::VectorXd z(3);
  z << 0.0, 0.5, 1.0;
  const double e = ColumnEntropy(z, 0.0);
  ASSERT_TRUE(std::isfinite(e));
  // p = (0, 1/3, 2/3); the p = 0 term contributes nothing.
  const double expected =
      -(1.0 / 3.0 * std::log(1.0 / 3.0) + 2.0 / 3.0 * std::log(2.0 / 3.0)) / std::log(3.0);
  EXPECT_NEAR(e, expected, 1e-14);
}

TEST(EntropyTest, ColumnConcentratedOnOneRowHasEntropyZero) {
  Eigen::VectorXd z = Eigen::VectorXd::Zero(10);
  z[3] = 1.0;
  EXPECT_EQ(ColumnEntropy(z, 0.0), 0.0);
}

TEST(EntropyTest, EntropyStaysInUnitIntervalEvenForAlmostUniformColumns) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (double shift : {0.0, 1e-4, 0.01, 1.0, 1e6, 1e12}) {
    for (int rep = 0; rep < 50; ++rep) {
      Eigen::VectorXd z(2 + rep);
      for (Eigen::Index i = 0; i < z.size(); ++i) z[i] = u(rng);
      z[0] = 0.0;
      z[1] = 1.0;
      const double e = ColumnEntropy(z, shift);
      EXPECT_GE(e, 0.0) << "shift " << shift;
      EXPECT_LE(e, 1.0) << "shift " << shift;
    }
  }
}

TEST(EntropyTest, WeightsFollowDivergenceAndSumToOne) {
  Eigen::MatrixXd z(4, 2);
  z << 0, 0, 0, 1, 0, 1, 1, 1;  // column 0 concentrated (informative), column 1 spread
  absl::StatusOr<WeightingResult> r = EntropyWeights(z, 0.0);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->entropy[0], 0.0);
  EXPECT_NEAR(r->entropy[1], std::log(3.0) / std::log(4.0), 1e-15);
  EXPECT_NEAR(r->weight.sum(), 1.0, 1e-15);
  EXPECT_GT(r->weight[0], r->weight[1]);
}

TEST(EntropyTest, UninformativeIndicatorsAreFailedPrecondition) {
  Eigen::MatrixXd z(2, 1);
  z << 0, 1;
  // A shift this large makes p uniform to machine precision: e = 1, d = 0.
  absl::StatusOr<WeightingResult> r = EntropyWeights(z, 1e17);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(EntropyTest, FewerThanTwoRowsIsFailedPrecondition) {
  Eigen::MatrixXd z = Eigen::MatrixXd::Ones(1, 2);
  EXPECT_EQ(EntropyWeights(z, 1e-4).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CriticTest, MatchesHandComputationOnThreeIndicators) {
  Eigen::MatrixXd z(4, 3);
  z << 0, 0, 1, 0.5, 1, 0, 1, 0.5, 0.25, 0.25, 0.75, 0.5;
  absl::StatusOr<WeightingResult> r = CriticWeights(z);
  ASSERT_TRUE(r.ok()) << r.status();
  // Direct formula, written out here independently.
  Eigen::VectorXd c(3);
  for (int j = 0; j < 3; ++j) {
    const double mj = z.col(j).mean();
    const double sj = std::sqrt((z.col(j).array() - mj).square().sum() / 3.0);
    double conflict = 0.0;
    for (int k = 0; k < 3; ++k) {
      const double mk = z.col(k).mean();
      const double cov = ((z.col(j).array() - mj) * (z.col(k).array() - mk)).sum();
      const double r_jk = cov / std::sqrt((z.col(j).array() - mj).square().sum() *
                                          (z.col(k).array() - mk).square().sum());
      conflict += 1.0 - r_jk;
    }
    c[j] = sj * conflict;
  }
  for (int j = 0; j < 3; ++j) {
    EXPECT_NEAR(r->divergence[j], c[j], 1e-14);
    EXPECT_NEAR(r->weight[j], c[j] / c.sum(), 1e-14);
  }
}

TEST(CriticTest, PerfectlyCorrelatedPairIsFailedPrecondition) {
  Eigen::MatrixXd z(3, 2);
  z << 0, 0, 0.5, 0.5, 1, 1;
  EXPECT_EQ(CriticWeights(z).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(CoefficientOfVariationTest, UsesRawSdOverRawMean) {
  Eigen::MatrixXd raw(3, 2);
  raw << 1, 10, 2, 20, 3, 60;
  absl::StatusOr<WeightingResult> r = CoefficientOfVariationWeights(raw);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_NEAR(r->divergence[0], 1.0 / 2.0, 1e-15);              // sd 1, mean 2
  const double sd1 = std::sqrt((400.0 + 100.0 + 900.0) / 2.0);  // mean 30
  EXPECT_NEAR(r->divergence[1], sd1 / 30.0, 1e-15);
}

TEST(CoefficientOfVariationTest, NegativeRawValuesAreFailedPrecondition) {
  EXPECT_EQ(CoefficientOfVariation(0.5, 1.0, -1.0, "growth").status().code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(CoefficientOfVariation(0.0, 1.0, 0.0, "growth").status().message(),
              HasSubstr("growth"));
}

TEST(TopsisTest, BestRowHasClosenessOneAndWorstRowZero) {
  Eigen::MatrixXd z(3, 2);
  z << 1, 1, 0, 0, 0.5, 0.25;
  Eigen::VectorXd w(2);
  w << 0.6, 0.4;
  const TopsisScores t = ComputeTopsis(z, w);
  EXPECT_DOUBLE_EQ(t.closeness[0], 1.0);
  EXPECT_DOUBLE_EQ(t.closeness[1], 0.0);
  const double dp = std::sqrt(std::pow(0.6 * 0.5, 2) + std::pow(0.4 * 0.75, 2));
  const double dm = std::sqrt(std::pow(0.6 * 0.5, 2) + std::pow(0.4 * 0.25, 2));
  EXPECT_NEAR(t.closeness[2], dm / (dp + dm), 1e-15);
}

}  // namespace
}  // namespace govmetrics::stats

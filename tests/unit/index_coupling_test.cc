// Coupling coordination degree: the 2-system formula, its edge cases and errors.

#include <cmath>

#include "Eigen/Core"
#include "common/stats/coupling_coordination.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

using ::testing::HasSubstr;

absl::StatusOr<CouplingCoordinationResult> RunCoupling(std::vector<double> a, std::vector<double> b,
                                                       double first_weight = 0.5) {
  return ComputeCouplingCoordination(Eigen::Map<const Eigen::VectorXd>(a.data(), a.size()),
                                     Eigen::Map<const Eigen::VectorXd>(b.data(), b.size()),
                                     first_weight);
}

TEST(CouplingCoordinationTest, BandsAreTenthsFromExtremeImbalanceToHighQuality) {
  EXPECT_EQ(CoordinationBand(0.0), 0);
  EXPECT_EQ(CoordinationBand(0.099), 0);
  EXPECT_EQ(CoordinationBand(0.1), 1);
  EXPECT_EQ(CoordinationBand(0.45), 4);
  EXPECT_EQ(CoordinationBand(0.5), 5);  // barely coordinated starts at 0.5
  EXPECT_EQ(CoordinationBand(0.95), 9);
  EXPECT_EQ(CoordinationBand(1.0), 9);  // the top band is closed
  EXPECT_EQ(CoordinationBand(std::nan("")), -1);
}

TEST(CouplingCoordinationTest, EqualIndicesAreFullyCoupled) {
  auto r = RunCoupling({0.4, 0.9}, {0.4, 0.9});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_DOUBLE_EQ(r->coupling[0], 1.0);
  EXPECT_DOUBLE_EQ(r->degree[1], std::sqrt(0.9));
}

TEST(CouplingCoordinationTest, UsesTwoSqrtProductOverSumForTwoSystems) {
  auto r = RunCoupling({0.2}, {0.8}, 0.3);
  ASSERT_TRUE(r.ok()) << r.status();
  const double c = 2.0 * std::sqrt(0.16) / 1.0;  // = 0.8
  const double t = 0.3 * 0.2 + 0.7 * 0.8;
  EXPECT_NEAR(r->coupling[0], c, 1e-15);
  EXPECT_NEAR(r->coordination_index[0], t, 1e-15);
  EXPECT_NEAR(r->degree[0], std::sqrt(c * t), 1e-15);
  // The coupling is never above 1 (AM-GM), unlike the mis-specified variants.
  EXPECT_LE(r->coupling[0], 1.0);
}

TEST(CouplingCoordinationTest, BothSystemsAtZeroGiveZeroNotNaN) {
  auto r = RunCoupling({0.0, 0.0}, {0.0, 0.5});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->coupling[0], 0.0);
  EXPECT_EQ(r->degree[0], 0.0);
  EXPECT_EQ(r->coupling[1], 0.0);  // one system absent: no coupling
}

TEST(CouplingCoordinationTest, NaNRowsPropagateAndAreCounted) {
  auto r = RunCoupling({0.5, std::nan("")}, {0.5, 0.5});
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->nan_rows, 1);
  EXPECT_TRUE(std::isnan(r->degree[1]));
}

TEST(CouplingCoordinationTest, ValueOutsideUnitIntervalIsInvalidArgumentNamingRow) {
  auto r = RunCoupling({0.5, 57.0}, {0.5, 0.5});
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("row 1"));
}

TEST(CouplingCoordinationTest, BadWeightOrSizesAreInvalidArgument) {
  EXPECT_EQ(RunCoupling({0.5}, {0.5}, 1.5).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(RunCoupling({0.5}, {0.5, 0.1}).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace govmetrics::stats

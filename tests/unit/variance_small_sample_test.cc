// The small-sample factor of each convention, written out by hand from the
// formulas in docs/methods/panel.md.
#include "common/stats/variance_small_sample.h"

#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

SmallSampleInputs Within(VarianceType type, SmallSampleConvention c) {
  SmallSampleInputs in;  // N=200, 2 slopes, 10 entity effects nested in 10 clusters
  in.type = type;
  in.convention = c;
  in.n = 200;
  in.k = 2;
  in.df_absorbed = 10;
  in.df_absorbed_nested = 10;
  in.df_resid = 188;
  in.cluster_counts = {10};
  return in;
}

TEST(VarianceSmallSampleTest, ClusterFactorsPerConvention) {
  SmallSampleAdjustment a = ResolveSmallSample(Within(VarianceType::kCluster, SmallSampleConvention::kStata));
  EXPECT_DOUBLE_EQ(a.term_factors[0], 10.0 / 9.0 * 199.0 / 197.0);  // K = k + 1
  EXPECT_EQ(a.t_df, 9);
  a = ResolveSmallSample(Within(VarianceType::kCluster, SmallSampleConvention::kFixest));
  EXPECT_DOUBLE_EQ(a.term_factors[0], 10.0 / 9.0 * 199.0 / 197.0);  // same K as Stata
  EXPECT_EQ(a.t_df, 9);
  a = ResolveSmallSample(Within(VarianceType::kCluster, SmallSampleConvention::kPlm));
  EXPECT_DOUBLE_EQ(a.term_factors[0], 10.0 / 9.0 * 199.0 / 198.0);
  EXPECT_EQ(a.t_df, 188);
  a = ResolveSmallSample(Within(VarianceType::kCluster, SmallSampleConvention::kNone));
  EXPECT_DOUBLE_EQ(a.term_factors[0], 1.0);
  EXPECT_EQ(a.t_df, 188);
}

TEST(VarianceSmallSampleTest, NonNestedEffectsCountInK) {
  SmallSampleInputs in = Within(VarianceType::kCluster, SmallSampleConvention::kStata);
  in.df_absorbed_nested = 0;  // e.g. areg-style: effects not nested in the cluster
  const SmallSampleAdjustment a = ResolveSmallSample(in);
  EXPECT_EQ(a.k_used, 12);
  EXPECT_DOUBLE_EQ(a.term_factors[0], 10.0 / 9.0 * 199.0 / 188.0);
}

TEST(VarianceSmallSampleTest, Hc1CountsAbsorbedEffectsExceptUnderPlm) {
  EXPECT_DOUBLE_EQ(ResolveSmallSample(Within(VarianceType::kHc1, SmallSampleConvention::kStata)).term_factors[0],
                   200.0 / 188.0);
  EXPECT_DOUBLE_EQ(ResolveSmallSample(Within(VarianceType::kHc1, SmallSampleConvention::kFixest)).term_factors[0],
                   199.0 / 188.0);
  EXPECT_DOUBLE_EQ(ResolveSmallSample(Within(VarianceType::kHc1, SmallSampleConvention::kPlm)).term_factors[0],
                   200.0 / 198.0);
}

TEST(VarianceSmallSampleTest, TwoWayClusteringUsesMinGExceptPlm) {
  SmallSampleInputs in = Within(VarianceType::kCluster, SmallSampleConvention::kFixest);
  in.cluster_counts = {10, 20, 200};
  SmallSampleAdjustment a = ResolveSmallSample(in);
  ASSERT_EQ(a.term_factors.size(), 3u);
  EXPECT_DOUBLE_EQ(a.term_factors[1], 10.0 / 9.0 * 199.0 / 197.0);
  in.convention = SmallSampleConvention::kPlm;
  a = ResolveSmallSample(in);
  EXPECT_DOUBLE_EQ(a.term_factors[1], 20.0 / 19.0 * 199.0 / 198.0);
  EXPECT_DOUBLE_EQ(a.term_factors[2], 200.0 / 199.0 * 199.0 / 198.0);
}

TEST(VarianceSmallSampleTest, PlmHc1ClusterHasNoClusterFactor) {
  const SmallSampleAdjustment a =
      ResolveSmallSample(Within(VarianceType::kCluster, SmallSampleConvention::kPlmHc1));
  EXPECT_DOUBLE_EQ(a.term_factors[0], 200.0 / 198.0);
  EXPECT_EQ(a.t_df, 188);
}

TEST(VarianceSmallSampleTest, NormalOverrideDropsDegreesOfFreedom) {
  SmallSampleInputs in = Within(VarianceType::kIid, SmallSampleConvention::kStata);
  in.distribution = ReferenceDistribution::kNormal;
  const SmallSampleAdjustment a = ResolveSmallSample(in);
  EXPECT_TRUE(a.normal);
  EXPECT_EQ(a.distribution, "normal");
}

}  // namespace
}  // namespace govmetrics::stats

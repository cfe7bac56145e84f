// The runner's start order: requests judged by the resampling they ask for, the
// costliest class first, plan order kept within a class.
#include "services/reporting/request_order.h"

#include <vector>

#include "gtest/gtest.h"

namespace govmetrics::reporting {
namespace {

namespace iv1 = govmetrics::index::v1;
namespace mv1 = govmetrics::modeling::v1;

TEST(ExpectedCostOf, ThresholdTestsAndWildBootstrapAreResampledFits) {
  EXPECT_EQ(ExpectedCostOf(mv1::FitThresholdModelRequest()), ExpectedCost::kResampledFits);  // 0 means 300 draws
  mv1::FitThresholdModelRequest no_bootstrap;
  no_bootstrap.set_bootstrap_replications(-1);
  EXPECT_EQ(ExpectedCostOf(no_bootstrap), ExpectedCost::kPlain);

  mv1::FitPanelModelRequest fit;
  EXPECT_EQ(ExpectedCostOf(fit), ExpectedCost::kPlain);
  fit.mutable_model()->mutable_variance()->mutable_wild_bootstrap()->set_enabled(true);
  EXPECT_EQ(ExpectedCostOf(fit), ExpectedCost::kResampledFits);
  mv1::FitPanelModelRequest flat;  // the deprecated flat variance field
  flat.mutable_variance()->mutable_wild_bootstrap()->set_enabled(true);
  EXPECT_EQ(ExpectedCostOf(flat), ExpectedCost::kResampledFits);
}

TEST(ExpectedCostOf, DrawsFromOneModelAreResampling) {
  mv1::AnalyzeMediationRequest mediation;
  EXPECT_EQ(ExpectedCostOf(mediation), ExpectedCost::kPlain);  // 0 = no bootstrap
  mediation.mutable_bootstrap()->set_replications(1000);
  EXPECT_EQ(ExpectedCostOf(mediation), ExpectedCost::kResampling);

  mv1::CompareGroupsRequest groups;
  EXPECT_EQ(ExpectedCostOf(groups), ExpectedCost::kPlain);  // 0 = no permutation test
  groups.set_permutations(1000);
  EXPECT_EQ(ExpectedCostOf(groups), ExpectedCost::kResampling);

  mv1::AnalyzeSpatialAutocorrelationRequest moran;
  EXPECT_EQ(ExpectedCostOf(moran), ExpectedCost::kResampling);  // 0 means 999
  moran.set_permutations(-1);
  EXPECT_EQ(ExpectedCostOf(moran), ExpectedCost::kPlain);

  mv1::FitSpatialPanelRequest spatial;
  EXPECT_EQ(ExpectedCostOf(spatial), ExpectedCost::kResampling);  // 0 means 1000
  spatial.set_effect_draws(-1);
  EXPECT_EQ(ExpectedCostOf(spatial), ExpectedCost::kPlain);

  EXPECT_EQ(ExpectedCostOf(iv1::ComputeIndexRequest()), ExpectedCost::kPlain);
  EXPECT_EQ(ExpectedCostOf(mv1::DescribeVariablesRequest()), ExpectedCost::kPlain);
}

TEST(LongestFirst, CostliestClassFirstPlanOrderWithin) {
  RequestPlan plan;
  plan.Add("describe", mv1::DescribeVariablesRequest());  // 0: plain
  mv1::CompareGroupsRequest groups;
  groups.set_permutations(1000);
  plan.Add("groups", groups);                          // 1: resampling
  plan.Add("fit", mv1::FitPanelModelRequest());        // 2: plain
  plan.Add("threshold", mv1::FitThresholdModelRequest());  // 3: resampled fits
  plan.Add("moran", mv1::AnalyzeSpatialAutocorrelationRequest());  // 4: resampling
  EXPECT_EQ(LongestFirst(plan.requests()), (std::vector<size_t>{3, 1, 4, 0, 2}));
  EXPECT_TRUE(LongestFirst({}).empty());
}

}  // namespace
}  // namespace govmetrics::reporting

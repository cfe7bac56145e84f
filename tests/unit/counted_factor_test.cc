// What a caller may tell the engine about the entity and period identifiers
// (PanelInput::entity_counts, period_counts, unique_entity_periods; compute by
// reference learns them as the dataset streams in): each shortcut gives RecodeFactor's
// factor and the looked-for crossing exactly, falls back when what it was told does not
// fit the rows, and leaves a fit bit for bit what it is without them.
#include "common/stats/counted_factor.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/fixed_effects_crossing.h"
#include "common/stats/panel_fit.h"
#include "gtest/gtest.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

// The counts of `values` as a caller would have them.
IdentifierCounts CountsOf(const std::vector<int>& values) {
  IdentifierCounts known;
  int low = values[0], high = values[0];
  for (int v : values) low = std::min(low, v), high = std::max(high, v);
  known.first = low;
  known.counts.assign(static_cast<size_t>(high - low + 1), 0);
  for (int v : values) ++known.counts[static_cast<size_t>(v - low)];
  return known;
}

void ExpectSameFactor(const FactorCodes& a, const FactorCodes& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.codes, b.codes);
  EXPECT_EQ(a.levels, b.levels);
  EXPECT_EQ(a.counts, b.counts);
  EXPECT_EQ(a.level_values, b.level_values);
}

TEST(CountedFactorTest, IsTheRecodedFactor) {
  const std::vector<std::vector<int>> cases = {
      {2001, 2000, 2002, 2001, 2000, 2002},  // consecutive, not sorted
      {2010, 2000, 2005, 2000, 2010},        // gaps between the values
      {0, 0, 1, 2, 1, 2, 2},                 // dense entity codes
      {-3, 7, -3}};
  for (const std::vector<int>& values : cases) {
    ExpectSameFactor(CountedFactor("period", values, CountsOf(values)),
                     RecodeFactor("period", values));
  }
}

TEST(CountedFactorTest, CountsThatAreNotOfTheRowsAreRecoded) {
  const std::vector<int> values{2000, 2001, 2002, 2001};
  IdentifierCounts other_rows = CountsOf({2000, 2001, 2002});
  ExpectSameFactor(CountedFactor("p", values, other_rows), RecodeFactor("p", values));
  IdentifierCounts shifted = CountsOf(values);
  shifted.first = 2001;  // 2000 is outside what it counts
  ExpectSameFactor(CountedFactor("p", values, shifted), RecodeFactor("p", values));
  IdentifierCounts unused = CountsOf({2000, 2002, 2002, 2000});  // 2001 counted as no row's
  ExpectSameFactor(CountedFactor("p", values, unused), RecodeFactor("p", values));
  ExpectSameFactor(CountedFactor("p", values, IdentifierCounts{}), RecodeFactor("p", values));
}

TEST(CountedFactorTest, UniquePairsTellTheCrossingWithoutLooking) {
  // 3 entities x 4 periods, in no particular order.
  std::vector<int> entity, period;
  for (int t = 0; t < 4; ++t) {
    for (int e = 2; e >= 0; --e) entity.push_back(e), period.push_back(2000 + t);
  }
  FactorCodes a = RecodeFactor("entity", entity), b = RecodeFactor("period", period);
  ASSERT_TRUE(IsCompleteCrossing(a, b));
  EXPECT_EQ(CrossingOfUniquePairs(a, b), Crossing::kComplete);
  EXPECT_TRUE(CrossesCompletely(a, b, CrossingOfUniquePairs(a, b)));
  int looked = 0, told = 0;
  EXPECT_EQ(AbsorbedDegreesOfFreedom({&a, &b}, &told, Crossing::kComplete),
            AbsorbedDegreesOfFreedom({&a, &b}, &looked));
  EXPECT_EQ(told, looked);
  EXPECT_EQ(told, 1);
  // One (entity, period) missing: incomplete, and the components are counted.
  entity.pop_back(), period.pop_back();
  a = RecodeFactor("entity", entity), b = RecodeFactor("period", period);
  ASSERT_FALSE(IsCompleteCrossing(a, b));
  EXPECT_EQ(CrossingOfUniquePairs(a, b), Crossing::kIncomplete);
  EXPECT_EQ(AbsorbedDegreesOfFreedom({&a, &b}, &told, Crossing::kIncomplete),
            AbsorbedDegreesOfFreedom({&a, &b}, &looked));
  EXPECT_EQ(told, looked);
}

// A balanced `entities` x `periods` panel, entity-major, entity codes 0.. (as PanelView
// numbers them), periods from 2000.
PanelInput BalancedPanel(int entities, int periods) {
  PanelInput in;
  const int n = entities * periods;
  in.y.resize(n);
  in.x.resize(n, 2);
  in.x_names = {"x1", "x2"};
  for (int i = 0; i < n; ++i) {
    in.entity.push_back(i / periods);
    in.period.push_back(2000 + i % periods);
    in.x(i, 0) = std::sin(1.3 * i) + 0.1 * (i / periods);
    in.x(i, 1) = std::cos(0.7 * i * i);
    in.y[i] = 0.5 * in.x(i, 0) - 0.8 * in.x(i, 1) + std::sin(0.37 * i) + 0.2 * (i % periods);
  }
  return in;
}

void ExpectSameFit(const PanelFit& a, const PanelFit& b, const char* what) {
  ASSERT_EQ(a.coefficients.size(), b.coefficients.size()) << what;
  for (size_t j = 0; j < a.coefficients.size(); ++j) {
    EXPECT_EQ(a.coefficients[j].estimate, b.coefficients[j].estimate) << what;
    EXPECT_EQ(a.coefficients[j].std_error, b.coefficients[j].std_error) << what;
  }
  EXPECT_EQ(a.covariance, b.covariance) << what;
  EXPECT_EQ(a.df_resid, b.df_resid) << what;
  EXPECT_EQ(a.n_entities, b.n_entities) << what;
  EXPECT_EQ(a.n_periods, b.n_periods) << what;
  EXPECT_EQ(a.fe_components, b.fe_components) << what;
  EXPECT_EQ(a.absorb_method, b.absorb_method) << what;
  EXPECT_EQ(a.r_squared, b.r_squared) << what;
  EXPECT_EQ(a.r_squared_within, b.r_squared_within) << what;
}

// Balanced (the exact two-way method, one component), unbalanced (TinyPanel:
// alternating projections, components counted), and with a missing value (rows
// dropped: the counts no longer fit and are not used), under both conventions (Stata
// drops singletons).
TEST(CountedFactorTest, ToldFitsAreTheLookedForFitsBitForBit) {
  for (const int variant : {0, 1, 2}) {
    for (const SmallSampleConvention c :
         {SmallSampleConvention::kPlm, SmallSampleConvention::kStata}) {
      PanelInput plain = variant == 1 ? testing::TinyPanel() : BalancedPanel(7, 5);
      if (variant == 2) plain.y[3] = std::nan("");
      PanelInput told = plain;
      told.entity_counts = CountsOf(told.entity);
      told.period_counts = CountsOf(told.period);
      told.unique_entity_periods = true;
      PanelModelOptions o;
      o.estimator = PanelEstimator::kWithin;
      o.fixed_effects = FixedEffectsKind::kTwoWay;
      o.variance.type = VarianceType::kCluster;
      o.variance.small_sample = c;
      absl::StatusOr<PanelFit> a = FitPanelModel(plain, o);
      absl::StatusOr<PanelFit> b = FitPanelModel(told, o);
      ASSERT_TRUE(a.ok() && b.ok()) << a.status() << b.status();
      EXPECT_EQ(a->absorb_method,
                variant == 0 ? "two_way_balanced_exact" : "alternating_projections")
          << variant;
      ExpectSameFit(*a, *b, variant == 0 ? "balanced" : variant == 1 ? "unbalanced" : "missing");
    }
  }
}

}  // namespace
}  // namespace govmetrics::stats

// Behaviour of the panel threshold search beyond the golden values: the sweep equals direct
// regressions, the grid follows Hansen's convention, the bootstrap is the same for any
// thread count, bad inputs are named errors, and a stop request cancels the bootstrap.
#include <cmath>
#include <functional>
#include <vector>

#include "common/stats/threshold/threshold_design.h"
#include "common/stats/threshold/threshold_grid.h"
#include "common/stats/threshold/threshold_model.h"
#include "common/stats/threshold/threshold_search.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

// 20 entities x 6 periods, a slope of 1 below q = 0.5 and 2 above, deterministic noise.
ThresholdData SmallPanel(int distinct_q = 0) {
  ThresholdData d;
  d.entities = 20;
  d.periods = 6;
  const int64_t n = d.entities * d.periods;
  d.y.resize(n);
  d.regime_x.resize(n, 1);
  d.controls.resize(n, 1);
  d.q.resize(n);
  for (int64_t r = 0; r < n; ++r) {
    const double x = std::sin(1.7 * static_cast<double>(r)) + 1.5;
    double q = 0.5 + 0.5 * std::sin(0.37 * static_cast<double>(r * r) + 0.2);
    if (distinct_q > 0) q = static_cast<double>(r % distinct_q);
    const double z = std::cos(0.9 * static_cast<double>(r));
    d.regime_x(r, 0) = x;
    d.controls(r, 0) = z;
    d.q[r] = q;
    d.y[r] = static_cast<double>(r / d.periods) * 0.3 + (q <= 0.5 ? 1.0 : 2.0) * x + 0.5 * z +
             0.3 * std::sin(2.9 * static_cast<double>(r));
  }
  return d;
}

TEST(ThresholdModel, SweepEqualsADirectRegressionAtEveryCandidate) {
  const ThresholdData data = SmallPanel();
  auto design = ThresholdDesign::Create(data);
  ASSERT_TRUE(design.ok());
  const std::vector<double> grid = ThresholdGrid(data.q, 100, 0.05);
  const std::vector<double> fixed = {grid[10]};
  const std::vector<double> candidates(grid.begin() + 20, grid.end());
  const std::vector<double> curve = design->SsrCurve(design->y(), fixed, candidates);
  for (size_t c = 0; c < candidates.size(); ++c) {
    EXPECT_NEAR(curve[c], design->Ssr(design->y(), {fixed[0], candidates[c]}), 1e-9) << c;
  }
}

// Two regime regressors: the sweep's k x k sums (S_i x' + x S_i' + x x') off the diagonal.
TEST(ThresholdModel, SweepEqualsADirectRegressionWithTwoRegimeRegressors) {
  ThresholdData data = SmallPanel();
  data.regime_x.conservativeResize(Eigen::NoChange, 2);
  for (int64_t r = 0; r < data.regime_x.rows(); ++r) data.regime_x(r, 1) = std::cos(2.3 * static_cast<double>(r));
  auto design = ThresholdDesign::Create(data);
  ASSERT_TRUE(design.ok());
  const std::vector<double> grid = ThresholdGrid(data.q, 100, 0.05);
  const std::vector<double> curve = design->SsrCurve(design->y(), {}, grid);
  for (size_t c = 0; c < grid.size(); ++c) {
    EXPECT_NEAR(curve[c], design->Ssr(design->y(), {grid[c]}), 1e-9) << c;
  }
}

TEST(ThresholdModel, SearchForTheSecondFStatisticAloneSkipsOnlyTheRefinement) {
  const ThresholdData data = SmallPanel();
  auto design = ThresholdDesign::Create(data);
  ASSERT_TRUE(design.ok());
  ThresholdOptions options;
  options.trim = {0.05, 0.05, 0.05};
  const std::vector<double> grid = ThresholdGrid(data.q, 100, 0.05);
  auto full = SearchThresholds(*design, design->y(), grid, options, 2);
  auto f_only = SearchThresholds(*design, design->y(), grid, options, 2, SearchScope::kLastFStatistic);
  ASSERT_TRUE(full.ok() && f_only.ok());
  EXPECT_EQ(f_only->f, full->f);  // bit for bit: the same stages 1 and 2
  EXPECT_FALSE(full->first_refined.candidates.empty());
  EXPECT_TRUE(f_only->first_refined.candidates.empty());
  auto three = SearchThresholds(*design, design->y(), grid, options, 3, SearchScope::kLastFStatistic);
  ASSERT_TRUE(three.ok());
  EXPECT_FALSE(three->first_refined.candidates.empty());  // stage 3 is conditional on it
}

TEST(ThresholdModel, GridTakesQuantilesOfDistinctValuesAndTrimsBySteps) {
  Eigen::VectorXd q(12);
  q << 5, 1, 2, 2, 3, 4, 6, 7, 8, 9, 10, 10;  // 10 distinct values
  const std::vector<double> grid = ThresholdGrid(q, 10, 0.1);  // r = 1: k = 0..8, j = max(1, k + 1)
  EXPECT_EQ(grid, (std::vector<double>{1, 2, 3, 4, 5, 6, 7, 8, 9}));
  // Around 5 (4 entries below it), drop indices 3 and 4: the values 4 and 5.
  EXPECT_EQ(ExcludeNearThresholds(grid, {5}, 10, 0.1), (std::vector<double>{1, 2, 3, 6, 7, 8, 9}));
}

TEST(ThresholdModel, FindsTheThresholdOfTheDataGeneratingProcess) {
  ThresholdOptions options;
  options.replications = 0;
  auto fit = FitThresholdModel(SmallPanel(), options);
  ASSERT_TRUE(fit.ok()) << fit.status();
  ASSERT_EQ(fit->thresholds.size(), 1u);
  EXPECT_NEAR(fit->thresholds[0], 0.5, 0.05);
  EXPECT_LE(fit->stages[0].ci_lower, fit->thresholds[0]);
  EXPECT_GE(fit->stages[0].ci_upper, fit->thresholds[0]);
  EXPECT_GT(fit->tests[0].f_statistic, 50);
}

TEST(ThresholdModel, BootstrapIsTheSameForOneOrFourThreads) {
  ThresholdOptions options;
  options.thresholds = 2;
  options.quantiles = 100;
  options.trim = {0.05, 0.05, 0.05};
  options.replications = 40;
  options.seed = 99;
  options.threads = 1;
  auto one = FitThresholdModel(SmallPanel(), options);
  options.threads = 4;
  auto four = FitThresholdModel(SmallPanel(), options);
  ASSERT_TRUE(one.ok() && four.ok());
  for (size_t k = 0; k < one->tests.size(); ++k) {
    EXPECT_EQ(one->tests[k].p_value, four->tests[k].p_value);
    EXPECT_EQ(one->tests[k].critical_values, four->tests[k].critical_values);
  }
}

TEST(ThresholdModel, TooFewDistinctThresholdValuesIsAFailedPrecondition) {
  auto fit = FitThresholdModel(SmallPanel(/*distinct_q=*/4), ThresholdOptions{});
  ASSERT_EQ(fit.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(fit.status().message().find("4 distinct values"), std::string::npos) << fit.status();
}

TEST(ThresholdModel, OptionsOutOfRangeAreInvalidArguments) {
  ThresholdOptions options;
  options.thresholds = 4;
  EXPECT_EQ(FitThresholdModel(SmallPanel(), options).status().code(), absl::StatusCode::kInvalidArgument);
  options.thresholds = 1;
  options.trim[0] = 0.001;  // less than one step of a 400-point grid
  EXPECT_EQ(FitThresholdModel(SmallPanel(), options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ThresholdModel, AStopRequestCancelsTheBootstrap) {
  ThresholdOptions options;
  options.replications = 1000;
  const StopPredicate stop = [] { return true; };
  options.should_stop = &stop;
  EXPECT_EQ(FitThresholdModel(SmallPanel(), options).status().code(), absl::StatusCode::kCancelled);
}

}  // namespace
}  // namespace govmetrics::stats

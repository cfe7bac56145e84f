// SSR curve plans (the design's part of the threshold search, shared by the bootstrap's
// replicates): a plan evaluated for many y equals direct regressions; searches through
// kept plans are bit-identical to searches without; the bootstrap's F* equal a
// brute-force sequential search (one regression per candidate) on the same y*.
#include <cmath>
#include <limits>
#include <vector>

#include "Eigen/QR"
#include "common/stats/random_streams.h"
#include "common/stats/threshold/threshold_bootstrap.h"
#include "common/stats/threshold/threshold_design.h"
#include "common/stats/threshold/threshold_grid.h"
#include "common/stats/threshold/threshold_search.h"
#include "common/stats/threshold/threshold_ssr_plan.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

// 24 entities x 5 periods, two regime regressors, one control; q on a coarse lattice
// (21 values), so many grid entries repeat and several share the same rows.
ThresholdData TiedPanel() {
  ThresholdData d;
  d.entities = 24;
  d.periods = 5;
  const int64_t n = d.entities * d.periods;
  d.y.resize(n);
  d.regime_x.resize(n, 2);
  d.controls.resize(n, 1);
  d.q.resize(n);
  ReplicateStream rng(41, StreamPurpose::kSimulation, 0);
  for (int64_t r = 0; r < n; ++r) {
    const double q = std::round(rng.Uniform() * 20) / 20;
    const double x1 = rng.Normal() + 1, x2 = rng.Uniform(), z = rng.Normal();
    d.regime_x(r, 0) = x1;
    d.regime_x(r, 1) = x2;
    d.controls(r, 0) = z;
    d.q[r] = q;
    d.y[r] = 0.2 * static_cast<double>(r / d.periods) + (q <= 0.4 ? 1.0 : 2.0) * x1 - 0.5 * x2 + 0.3 * z +
             0.5 * rng.Normal();
  }
  return d;
}

// Within-transformed noise added to the design's y: another y on the same design.
Eigen::VectorXd AnotherY(const ThresholdDesign& design, uint64_t seed) {
  ReplicateStream rng(seed, StreamPurpose::kSimulation, 1);
  Eigen::VectorXd e(design.rows());
  for (Eigen::Index r = 0; r < e.size(); ++r) e[r] = rng.Normal();
  return design.y() + WithinTransform(e, design.entities(), design.periods());
}

// 100 grid quantiles, 5% trims: ~90 candidates.
ThresholdOptions CoarseGrid() {
  ThresholdOptions options;
  options.quantiles = 100;
  options.trim = {0.05, 0.05, 0.05};
  return options;
}

TEST(ThresholdSsrPlan, OnePlanEqualsDirectRegressionsForManyY) {
  const ThresholdData data = TiedPanel();
  auto design = ThresholdDesign::Create(data);
  ASSERT_TRUE(design.ok());
  const std::vector<double> grid = ThresholdGrid(data.q, 100, 0.05);
  const std::vector<double> fixed = {grid[20]};
  const std::vector<double> candidates(grid.begin() + 30, grid.end());
  const SsrCurvePlan plan = SsrCurvePlan::Kept(*design, fixed, candidates);
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    const Eigen::VectorXd y = AnotherY(*design, seed);
    const std::vector<double> curve = plan.Evaluate(y);
    EXPECT_EQ(curve, SsrCurvePlan::EvaluateOnce(*design, fixed, candidates, y));  // bit for bit
    for (size_t c = 0; c < candidates.size(); ++c) {
      const double direct = design->Ssr(y, {fixed[0], candidates[c]});
      EXPECT_NEAR(curve[c], direct, 1e-9 * direct) << "seed " << seed << " candidate " << c;
    }
  }
}

TEST(ThresholdSsrPlan, SearchesThroughKeptPlansAreBitIdentical) {
  const ThresholdData data = TiedPanel();
  auto design = ThresholdDesign::Create(data);
  ASSERT_TRUE(design.ok());
  ThresholdOptions options = CoarseGrid();
  const std::vector<double> grid = ThresholdGrid(data.q, options.quantiles, options.trim[0]);
  SsrCurvePlans plans(*design, int64_t{64} << 20);
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    const Eigen::VectorXd y = AnotherY(*design, seed);
    auto kept = SearchThresholds(*design, y, grid, options, 3, SearchScope::kEstimates, &plans);
    auto fresh = SearchThresholds(*design, y, grid, options, 3);
    ASSERT_TRUE(kept.ok() && fresh.ok());
    EXPECT_EQ(kept->f, fresh->f);
    EXPECT_EQ(kept->ThresholdsOf(3), fresh->ThresholdsOf(3));
    EXPECT_EQ(kept->third.ssr_curve, fresh->third.ssr_curve);
  }
  EXPECT_GE(plans.kept(), 1);  // stage 1's from its second search on
  EXPECT_EQ(plans.Get({}, grid), plans.Get({}, grid));  // the same kept plan
  SsrCurvePlans none(*design, 0);
  EXPECT_NE(none.Get({}, grid), none.Get({}, grid));  // built for one use each
  EXPECT_EQ(none.kept(), 0);
}

// argmin over `candidates` of the SSR with `fixed` plus the candidate, by one QR
// regression per candidate (the first minimum wins, as in the search).
double BruteForceStage(const ThresholdDesign& design, const Eigen::VectorXd& y, const std::vector<double>& fixed,
                       const std::vector<double>& candidates, double* ssr) {
  double best = candidates[0];
  *ssr = std::numeric_limits<double>::infinity();
  for (double c : candidates) {
    std::vector<double> thresholds = fixed;
    thresholds.push_back(c);
    const double s = design.Ssr(y, thresholds);
    if (s < *ssr) {
      *ssr = s;
      best = c;
    }
  }
  return best;
}

TEST(ThresholdSsrPlan, BootstrapFEqualsABruteForceSearchOfTheSameReplicates) {
  const ThresholdData data = TiedPanel();
  auto design = ThresholdDesign::Create(data);
  ASSERT_TRUE(design.ok());
  ThresholdOptions options = CoarseGrid();
  options.replications = 12;
  options.seed = 8;
  const std::vector<double> grid = ThresholdGrid(data.q, options.quantiles, options.trim[0]);
  const double within_df = static_cast<double>(design->entities() * (design->periods() - 1));
  double s1 = 0;
  const std::vector<double> null = {BruteForceStage(*design, design->y(), {}, grid, &s1)};
  auto f_star = BootstrapThresholdF(*design, grid, null, 2, options);
  ASSERT_TRUE(f_star.ok()) << f_star.status();
  // y* as the bootstrap builds it: fitted values under one threshold plus residual
  // vectors of drawn entities.
  const Eigen::MatrixXd f = design->Regressors(null);
  const Eigen::VectorXd fitted = f * f.colPivHouseholderQr().solve(design->y());
  const Eigen::VectorXd resid = design->y() - fitted;
  const int64_t t = design->periods();
  for (int64_t r = 0; r < options.replications; ++r) {
    const std::vector<int64_t> draws = ThresholdBootstrapDraws(options.seed, 2, r, design->entities());
    Eigen::VectorXd y = fitted;
    for (int64_t e = 0; e < design->entities(); ++e) y.segment(e * t, t) += resid.segment(draws[e] * t, t);
    double ssr1 = 0, ssr2 = 0;
    const double g1 = BruteForceStage(*design, y, {}, grid, &ssr1);
    BruteForceStage(*design, y, {g1}, ExcludeNearThresholds(grid, {g1}, options.quantiles, options.trim[1]), &ssr2);
    const double f2 = (ssr1 - ssr2) / (ssr2 / within_df);
    EXPECT_NEAR((*f_star)[static_cast<size_t>(r)], f2, 1e-8 * std::fabs(f2)) << "replicate " << r;
  }
}

}  // namespace
}  // namespace govmetrics::stats

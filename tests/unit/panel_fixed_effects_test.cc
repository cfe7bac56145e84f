// Fixed-effect absorption: the three methods agree with each other and with
// exact projections; degrees of freedom and singletons.
#include <algorithm>
#include <cmath>
#include <functional>
#include <mutex>
#include <random>

#include "Eigen/Dense"
#include "common/stats/fixed_effects_absorb.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

// Residual of x on the dummy matrix of the factors (exact least squares).
Eigen::VectorXd ProjectOut(const std::vector<const FactorCodes*>& f, const Eigen::VectorXd& x) {
  int cols = 0;
  for (auto* q : f) cols += q->levels;
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(x.size(), cols);
  int off = 0;
  for (auto* q : f) {
    for (int i = 0; i < x.size(); ++i) d(i, off + q->codes[i]) = 1;
    off += q->levels;
  }
  Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> cod(d);
  return x - d * cod.solve(x);
}

TEST(PanelFixedEffectsTest, BalancedTwoWayIsExact) {
  std::vector<int> e, t;
  std::mt19937 rng(7);
  std::normal_distribution<double> nd;
  Eigen::VectorXd x(40);
  for (int i = 0; i < 8; ++i) {
    for (int s = 0; s < 5; ++s) {
      e.push_back(i);
      t.push_back(s);
      x[i * 5 + s] = nd(rng) + i + 0.3 * s * s;
    }
  }
  FactorCodes fe = RecodeFactor("e", e), ft = RecodeFactor("t", t);
  EXPECT_TRUE(IsCompleteCrossing(fe, ft));
  Eigen::VectorXd y = x;
  absl::StatusOr<AbsorbReport> r = AbsorbFixedEffects({&fe, &ft}, {y.data()}, 40, AbsorbOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "two_way_balanced_exact");
  EXPECT_LT((y - ProjectOut({&fe, &ft}, x)).cwiseAbs().maxCoeff(), 1e-12);
}

// AbsorbOptions::after_column sees each column once, already absorbed, on whichever
// thread absorbed it (the fit takes the response's sum of squares there).
TEST(PanelFixedEffectsTest, EachColumnIsHandedOverOnceAbsorbed) {
  std::vector<int> e, t;
  const int n = 40000;  // enough rows for two threads
  std::vector<Eigen::VectorXd> columns(3, Eigen::VectorXd(n));
  for (int i = 0; i < n; ++i) {
    e.push_back(i / 10);
    t.push_back(i % 10);
    for (int c = 0; c < 3; ++c) columns[c][i] = std::sin(0.37 * i * (c + 1)) + 0.01 * (i / 10);
  }
  const FactorCodes fe = RecodeFactor("e", e), ft = RecodeFactor("t", t);
  std::vector<double*> pointers;
  for (auto& c : columns) pointers.push_back(c.data());
  std::mutex mu;
  std::vector<int> seen;
  std::vector<double> sums_then(3, 0.0);
  const std::function<void(int)> after = [&](int c) {
    const double sum = columns[c].sum();
    std::lock_guard<std::mutex> lock(mu);
    seen.push_back(c);
    sums_then[c] = sum;
  };
  AbsorbOptions options;
  options.after_column = &after;
  ASSERT_TRUE(AbsorbFixedEffects({&fe, &ft}, pointers, n, options).ok());
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int>{0, 1, 2}));
  for (int c = 0; c < 3; ++c) EXPECT_EQ(sums_then[c], columns[c].sum()) << c;  // final values
}

TEST(PanelFixedEffectsTest, AlternatingProjectionsMatchExactProjectionOnUnbalancedThreeWay) {
  std::mt19937 rng(11);
  std::normal_distribution<double> nd;
  std::uniform_int_distribution<int> a(0, 14), b(0, 6), c(0, 3);
  const int n = 300;
  std::vector<int> ea, eb, ec;
  Eigen::VectorXd x(n);
  for (int i = 0; i < n; ++i) {
    ea.push_back(a(rng));
    eb.push_back(b(rng));
    ec.push_back(c(rng));
    x[i] = nd(rng) + 0.5 * ea.back() - eb.back();
  }
  FactorCodes fa = RecodeFactor("a", ea), fb = RecodeFactor("b", eb), fc = RecodeFactor("c", ec);
  Eigen::VectorXd y = x;
  absl::StatusOr<AbsorbReport> r = AbsorbFixedEffects({&fa, &fb, &fc}, {y.data()}, n, AbsorbOptions{});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->method, "alternating_projections");
  EXPECT_TRUE(r->converged);
  EXPECT_LT((y - ProjectOut({&fa, &fb, &fc}, x)).cwiseAbs().maxCoeff(), 1e-9);
}

TEST(PanelFixedEffectsTest, TwoWayDegreesOfFreedomCountConnectedComponents) {
  // Entities {0,1} only meet periods {0,1}; entity 2 only period 2: two
  // components, so df = 3 + 3 - 2.
  FactorCodes e = RecodeFactor("e", std::vector<int>{0, 0, 1, 1, 2, 2});
  FactorCodes t = RecodeFactor("t", std::vector<int>{0, 1, 0, 1, 2, 2});
  int components = 0;
  EXPECT_EQ(AbsorbedDegreesOfFreedom({&e, &t}, &components), 4);
  EXPECT_EQ(components, 2);
}

TEST(PanelFixedEffectsTest, SingletonsAreFoundIteratively) {
  // Rows 0-3 form a complete 2x2 block and survive. Row 4 is alone in entity
  // 3; once it goes, row 6 is alone in period 9, and then row 5 alone in
  // entity 4.
  FactorCodes e = RecodeFactor("e", std::vector<int>{1, 1, 2, 2, 3, 4, 4});
  FactorCodes t = RecodeFactor("t", std::vector<int>{5, 6, 5, 6, 9, 5, 9});
  int64_t dropped = 0;
  const std::vector<char> keep = SingletonKeepMask({&e, &t}, &dropped);
  EXPECT_EQ(dropped, 3);
  EXPECT_EQ(keep, (std::vector<char>{1, 1, 1, 1, 0, 0, 0}));
}

TEST(PanelFixedEffectsTest, DenseCodesAreTheirOwnFactor) {
  const std::vector<int> codes{0, 0, 1, 2, 1, 2, 2};
  const FactorCodes recoded = RecodeFactor("e", codes);
  const FactorCodes dense = DenseFactor("e", codes, 3);
  EXPECT_EQ(dense.name, recoded.name);
  EXPECT_EQ(dense.codes, recoded.codes);
  EXPECT_EQ(dense.levels, recoded.levels);
  EXPECT_EQ(dense.counts, recoded.counts);
  EXPECT_EQ(dense.level_values, recoded.level_values);
  // Said dense but not (a level unused, a code out of range): recoded all the same.
  for (const std::vector<int>& not_dense : {std::vector<int>{0, 2, 2}, std::vector<int>{0, 1, 5}}) {
    EXPECT_EQ(DenseFactor("e", not_dense, 3).codes, RecodeFactor("e", not_dense).codes);
    EXPECT_EQ(DenseFactor("e", not_dense, 3).levels, RecodeFactor("e", not_dense).levels);
  }
}

TEST(PanelFixedEffectsTest, NestingIsDetected) {
  FactorCodes e = RecodeFactor("e", std::vector<int>{1, 1, 2, 2, 3});
  FactorCodes region = RecodeFactor("r", std::vector<int>{0, 0, 0, 0, 1});
  EXPECT_TRUE(IsNestedIn(e, region));
  EXPECT_FALSE(IsNestedIn(region, e));
}

}  // namespace
}  // namespace govmetrics::stats

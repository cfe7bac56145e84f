// Moderation in the panel engine: the Johnson-Neyman closed form against a scan of the
// t-ratio, products formed on the estimation sample, and centring leaving the product
// coefficient and the slopes unchanged. Golden values against R: tests/service/
// modeling_moderation_test.cc (tests/reference/golden/moderation.json).
#include <cmath>
#include <random>

#include "common/stats/panel/moderation.h"
#include "common/stats/panel_fit.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

// |b1 + b3 m| / se(m) - c at m.
double Excess(double b1, double b3, double v11, double v13, double v33, double c, double m) {
  return std::fabs(b1 + b3 * m) / std::sqrt(v11 + 2 * m * v13 + m * m * v33) - c;
}

TEST(JohnsonNeymanTest, BoundsAreWhereTheTRatioCrossesTheCriticalValue) {
  // b3 large relative to its SE: significant outside the roots.
  const JohnsonNeymanInterval out = JohnsonNeyman(0.2, 0.5, 0.04, -0.001, 0.01, 1.96);
  ASSERT_EQ(out.region, "outside");
  EXPECT_NEAR(Excess(0.2, 0.5, 0.04, -0.001, 0.01, 1.96, out.lower), 0, 1e-12);
  EXPECT_NEAR(Excess(0.2, 0.5, 0.04, -0.001, 0.01, 1.96, out.upper), 0, 1e-12);
  EXPECT_GT(Excess(0.2, 0.5, 0.04, -0.001, 0.01, 1.96, out.upper + 1), 0);
  EXPECT_LT(Excess(0.2, 0.5, 0.04, -0.001, 0.01, 1.96, 0.5 * (out.lower + out.upper)), 0);
  // b3 imprecise, b1 precise: significant inside.
  const JohnsonNeymanInterval in = JohnsonNeyman(1.0, 0.05, 0.01, 0.0, 0.04, 1.96);
  ASSERT_EQ(in.region, "inside");
  EXPECT_NEAR(Excess(1.0, 0.05, 0.01, 0.0, 0.04, 1.96, in.lower), 0, 1e-12);
  EXPECT_GT(Excess(1.0, 0.05, 0.01, 0.0, 0.04, 1.96, 0.5 * (in.lower + in.upper)), 0);
  // Never significant.
  EXPECT_EQ(JohnsonNeyman(0.0, 0.01, 1.0, 0.0, 1.0, 1.96).region, "nowhere");
}

PanelInput Simulated(int entities, int periods) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> z(0, 1);
  PanelInput in;
  const int n = entities * periods;
  in.y.resize(n);
  in.x.resize(n, 2);
  in.x_names = {"x", "m"};
  for (int i = 0; i < n; ++i) {
    in.entity.push_back(i / periods);
    in.period.push_back(i % periods);
    in.x(i, 0) = 1 + z(rng);
    in.x(i, 1) = 3 + 2 * z(rng);
    in.y[i] = 0.5 * in.x(i, 0) + 0.2 * in.x(i, 1) + 0.3 * in.x(i, 0) * in.x(i, 1) + z(rng);
  }
  in.y[5] = std::nan("");  // one incomplete row: means use the estimation sample
  in.interactions.push_back({"x", "m", {}, {}, {}});
  return in;
}

TEST(ModerationTest, CentringChangesMainEffectsButNotTheProductOrTheSlopes) {
  PanelModelOptions o;
  o.variance.type = VarianceType::kCluster;
  PanelInput raw = Simulated(40, 6);
  PanelInput centred = raw;
  centred.center_interactions = true;
  absl::StatusOr<PanelFit> a = FitPanelModel(raw, o);
  absl::StatusOr<PanelFit> b = FitPanelModel(centred, o);
  ASSERT_TRUE(a.ok()) << a.status();
  ASSERT_TRUE(b.ok()) << b.status();
  ASSERT_EQ(a->coefficients.back().name, "x:m");
  EXPECT_NEAR(a->coefficients.back().estimate, b->coefficients.back().estimate, 1e-12);
  EXPECT_NEAR(a->coefficients.back().std_error, b->coefficients.back().std_error, 1e-12);
  ASSERT_EQ(a->moderation.size(), 1u);
  ASSERT_EQ(a->moderation[0].slopes.size(), 3u);
  for (size_t s = 0; s < 3; ++s) {
    EXPECT_NEAR(a->moderation[0].slopes[s].slope, b->moderation[0].slopes[s].slope, 1e-10);
    EXPECT_NEAR(a->moderation[0].slopes[s].std_error, b->moderation[0].slopes[s].std_error, 1e-10);
  }
  EXPECT_NEAR(b->moderation[0].moderator_center, a->moderation[0].moderator_mean, 1e-15);
  EXPECT_NEAR(a->moderation[0].johnson_neyman.lower, b->moderation[0].johnson_neyman.lower, 1e-8);
}

TEST(ModerationTest, FocalThatIsNotARegressorIsInvalid) {
  PanelInput in = Simulated(10, 4);
  in.interactions[0].focal = "w";
  absl::StatusOr<PanelFit> fit = FitPanelModel(in, PanelModelOptions());
  EXPECT_EQ(fit.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(fit.status().message().find("interactions[0].focal"), std::string::npos);
}

}  // namespace
}  // namespace govmetrics::stats

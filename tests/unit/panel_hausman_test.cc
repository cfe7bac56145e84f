// Hausman tests against plm::phtest on TinyPanel (R script in
// panel_fit_test.cc), e.g.
//   phtest(fe, re)
//   phtest(f, p, method = "aux")
//   phtest(f, p, method = "aux", vcov = function(x) vcovHC(x, method = "arellano", type = "HC0"))
#include <cmath>

#include "common/stats/panel_hausman.h"
#include "gtest/gtest.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

TEST(PanelHausmanTest, ChiSquaredMatchesPhtest) {
  HausmanOptions o;
  absl::StatusOr<HausmanResult> h = HausmanTest(testing::TinyPanel(), o);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->df, 2);
  EXPECT_NEAR(h->statistic, 0.25651447866541699, 1e-7 * 0.2565);
  EXPECT_NEAR(h->p_value, 0.8796270753568769, 1e-7);
  EXPECT_EQ(h->coefficients, (std::vector<std::string>{"x1", "x2"}));
}

TEST(PanelHausmanTest, AuxiliaryRegressionMatchesPhtestAux) {
  HausmanOptions o;
  o.method = HausmanMethod::kAuxiliaryRegression;
  absl::StatusOr<HausmanResult> h = HausmanTest(testing::TinyPanel(), o);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_NEAR(h->statistic, 1.2262788719319211, 1e-7 * 1.226);
  EXPECT_NEAR(h->p_value, 0.54164772866297684, 1e-7);
}

TEST(PanelHausmanTest, AuxiliaryRegressionAcceptsClusterRobustVariance) {
  HausmanOptions o;
  o.method = HausmanMethod::kAuxiliaryRegression;
  o.variance.type = VarianceType::kCluster;
  o.variance.small_sample = SmallSampleConvention::kNone;
  absl::StatusOr<HausmanResult> h = HausmanTest(testing::TinyPanel(), o);
  ASSERT_TRUE(h.ok()) << h.status();
  EXPECT_EQ(h->df, 2);
  EXPECT_NEAR(h->statistic, 2.6364237104439647, 1e-7 * 2.636);
  EXPECT_NEAR(h->p_value, 0.26761340589321203, 1e-7);
}

}  // namespace
}  // namespace govmetrics::stats

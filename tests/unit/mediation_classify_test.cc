// The Wen & Ye (2014) stepwise classification: one test per branch of the flow, and
// the Sobel / Aroian / Goodman formulas on hand-checkable numbers.
#include <cmath>

#include "common/stats/mediation_classify.h"
#include "common/stats/mediation_tests.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

ClassificationInput Base() {
  ClassificationInput in;
  in.c = 0.5;
  in.p_c = 0.001;
  in.a = 0.5;
  in.p_a = 0.001;
  in.b = 0.4;
  in.p_b = 0.001;
  in.indirect = 0.2;
  in.c_prime = 0.3;
  in.p_c_prime = 0.001;
  in.have_bootstrap = true;
  in.ci_lower = 0.1;
  in.ci_upper = 0.3;
  return in;
}

TEST(MediationClassifyTest, BothPathsSignificantAndSameSignDirectIsPartial) {
  const Classification c = ClassifyMediation(Base());
  EXPECT_EQ(c.kind, MediationClass::kPartial);
  EXPECT_NE(c.reason.find("a (p = 0.001) and b (p = 0.001) both significant"), std::string::npos);
  EXPECT_NE(c.reason.find("ab/c = 0.4"), std::string::npos) << c.reason;
}

TEST(MediationClassifyTest, DirectEffectNotSignificantIsFull) {
  ClassificationInput in = Base();
  in.p_c_prime = 0.4;
  EXPECT_EQ(ClassifyMediation(in).kind, MediationClass::kFull);
}

TEST(MediationClassifyTest, OppositeSignDirectEffectIsSuppression) {
  ClassificationInput in = Base();
  in.c_prime = -0.3;
  in.c = -0.1;
  in.p_c = 0.3;  // c not significant: Wen & Ye proceed anyway
  const Classification c = ClassifyMediation(in);
  EXPECT_EQ(c.kind, MediationClass::kSuppression);
  EXPECT_NE(c.reason.find("suppression (masking) framing"), std::string::npos);
  EXPECT_NE(c.reason.find("|ab/c'| = 0.667"), std::string::npos) << c.reason;
}

TEST(MediationClassifyTest, OnePathNotSignificantFallsBackToTheBootstrapInterval) {
  ClassificationInput in = Base();
  in.p_b = 0.2;
  EXPECT_EQ(ClassifyMediation(in).kind, MediationClass::kPartial);  // CI [0.1, 0.3] excludes 0
  in.ci_lower = -0.05;
  const Classification c = ClassifyMediation(in);
  EXPECT_EQ(c.kind, MediationClass::kNone);
  EXPECT_NE(c.reason.find("includes 0"), std::string::npos);
}

TEST(MediationClassifyTest, WithoutBootstrapTheSobelTestDecidesStepThree) {
  ClassificationInput in = Base();
  in.p_a = 0.2;
  in.have_bootstrap = false;
  in.sobel_p = 0.01;
  Classification c = ClassifyMediation(in);
  EXPECT_EQ(c.kind, MediationClass::kPartial);
  EXPECT_NE(c.reason.find("Sobel"), std::string::npos);
  in.sobel_p = 0.2;
  EXPECT_EQ(ClassifyMediation(in).kind, MediationClass::kNone);
}

TEST(MediationTestsTest, SobelAroianGoodmanFormulas) {
  // a = 0.6 (se 0.2), b = 0.5 (se 0.25): b2sa2 = 0.01, a2sb2 = 0.0225, sa2sb2 = 0.0025.
  const IndirectZTest s = IndirectEffectTest(0.6, 0.2, 0.5, 0.25, IndirectTestKind::kSobel);
  const IndirectZTest r = IndirectEffectTest(0.6, 0.2, 0.5, 0.25, IndirectTestKind::kAroian);
  const IndirectZTest g = IndirectEffectTest(0.6, 0.2, 0.5, 0.25, IndirectTestKind::kGoodman);
  EXPECT_NEAR(s.std_error, std::sqrt(0.0325), 1e-15);
  EXPECT_NEAR(r.std_error, std::sqrt(0.035), 1e-15);
  EXPECT_NEAR(g.std_error, std::sqrt(0.03), 1e-15);
  EXPECT_NEAR(s.z, 0.3 / std::sqrt(0.0325), 1e-14);
  EXPECT_NEAR(s.p_value, std::erfc(s.z / std::sqrt(2.0)), 1e-14);
}

TEST(MediationTestsTest, GoodmanIsUndefinedWhenItsVarianceIsNotPositive) {
  // b2sa2 + a2sb2 = 0.0001 + 0.0001 < sa2sb2 = 1.
  const IndirectZTest g = IndirectEffectTest(0.01, 1.0, 0.01, 1.0, IndirectTestKind::kGoodman);
  EXPECT_FALSE(g.defined);
  EXPECT_TRUE(std::isnan(g.z));
}

}  // namespace
}  // namespace govmetrics::stats

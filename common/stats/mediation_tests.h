// Normal-theory tests of an indirect effect a*b from the two path estimates and
// their standard errors (MacKinnon et al. 2002, Psychological Methods 7:83):
//
//   Sobel    se^2 = b^2 sa^2 + a^2 sb^2
//   Aroian   se^2 = b^2 sa^2 + a^2 sb^2 + sa^2 sb^2
//   Goodman  se^2 = b^2 sa^2 + a^2 sb^2 - sa^2 sb^2   (undefined when <= 0)
//
// z = a b / se, two-sided p = 2 Phi(-|z|). The a and b standard errors are the
// model's own (its variance convention); the tests ignore cov(a, b), which is
// zero for OLS paths estimated on one sample.
#ifndef GOVMETRICS_COMMON_STATS_MEDIATION_TESTS_H_
#define GOVMETRICS_COMMON_STATS_MEDIATION_TESTS_H_

namespace govmetrics::stats {

struct IndirectZTest {
  bool defined = false;  // false when the variance is not positive (Goodman)
  double std_error = 0;  // NaN when undefined
  double z = 0;
  double p_value = 0;
};

enum class IndirectTestKind { kSobel, kAroian, kGoodman };

IndirectZTest IndirectEffectTest(double a, double se_a, double b, double se_b,
                                 IndirectTestKind kind);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_MEDIATION_TESTS_H_

// Stepwise classification of a mediation effect after Wen & Ye (2014),
// "Analyses of mediating effects: the development of methods and models",
// Advances in Psychological Science 22(5):731-745, Figure 2:
//
//  1. Test c (X -> Y). Significant: "mediation" framing. Not significant: the
//     procedure still continues, under the "suppression (masking)" framing —
//     an indirect effect can exist without a total effect.
//  2. Test a and b. Both significant: the indirect effect is significant; go
//     to 4. Otherwise go to 3.
//  3. Bootstrap CI of a*b. Excludes 0: significant; go to 4. Includes 0: no
//     indirect effect (NONE); stop. (Without a bootstrap, the Sobel test is
//     used in its place, and the reason says so.)
//  4. Test c'. Not significant: FULL mediation (only an indirect effect).
//  5. c' significant: same sign as a*b -> PARTIAL (report a*b/c); opposite
//     sign -> SUPPRESSION (report |a*b/c'|).
#ifndef GOVMETRICS_COMMON_STATS_MEDIATION_CLASSIFY_H_
#define GOVMETRICS_COMMON_STATS_MEDIATION_CLASSIFY_H_

#include <string>

namespace govmetrics::stats {

enum class MediationClass { kFull, kPartial, kSuppression, kNone };

const char* ToString(MediationClass c);

struct ClassificationInput {
  double alpha = 0.05;
  double c = 0, p_c = 1;              // total effect
  double a = 0, p_a = 1;
  double b = 0, p_b = 1;
  double c_prime = 0, p_c_prime = 1;  // direct effect
  double indirect = 0;                // a * b
  bool have_bootstrap = false;
  double ci_lower = 0, ci_upper = 0;  // bootstrap CI of a * b
  double ci_level = 0.95;
  double sobel_p = 1;                 // used when there is no bootstrap
};

struct Classification {
  MediationClass kind = MediationClass::kNone;
  std::string reason;  // the steps that decided, in words
};

Classification ClassifyMediation(const ClassificationInput& in);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_MEDIATION_CLASSIFY_H_

#include "common/stats/mediation_classify.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace govmetrics::stats {

const char* ToString(MediationClass c) {
  switch (c) {
    case MediationClass::kFull: return "full";
    case MediationClass::kPartial: return "partial";
    case MediationClass::kSuppression: return "suppression";
    case MediationClass::kNone: return "none";
  }
  return "?";
}

Classification ClassifyMediation(const ClassificationInput& in) {
  Classification out;
  const auto sig = [&](double p) { return p < in.alpha; };
  std::string reason = absl::StrFormat(
      "step 1: c = %.4g (p = %.3g) %s", in.c, in.p_c,
      sig(in.p_c) ? "significant: mediation framing"
                  : "not significant: suppression (masking) framing, the procedure continues");
  bool indirect_significant = false;
  if (sig(in.p_a) && sig(in.p_b)) {
    indirect_significant = true;
    absl::StrAppend(&reason, absl::StrFormat(
        "; step 2: a (p = %.3g) and b (p = %.3g) both significant: indirect effect significant",
        in.p_a, in.p_b));
  } else {
    absl::StrAppend(&reason, absl::StrFormat(
        "; step 2: a (p = %.3g) and b (p = %.3g) not both significant", in.p_a, in.p_b));
    if (in.have_bootstrap) {
      indirect_significant = in.ci_lower > 0.0 || in.ci_upper < 0.0;
      absl::StrAppend(&reason, absl::StrFormat(
          "; step 3: bootstrap %.0f%% CI of ab [%.4g, %.4g] %s", 100.0 * in.ci_level,
          in.ci_lower, in.ci_upper, indirect_significant ? "excludes 0" : "includes 0"));
    } else {
      indirect_significant = sig(in.sobel_p);
      absl::StrAppend(&reason, absl::StrFormat(
          "; step 3 (no bootstrap requested, Sobel test instead): p = %.3g %s", in.sobel_p,
          indirect_significant ? "significant" : "not significant"));
    }
  }
  if (!indirect_significant) {
    out.kind = MediationClass::kNone;
    absl::StrAppend(&reason, ": no indirect effect");
    out.reason = reason;
    return out;
  }
  if (!sig(in.p_c_prime)) {
    out.kind = MediationClass::kFull;
    absl::StrAppend(&reason, absl::StrFormat(
        "; step 4: c' = %.4g (p = %.3g) not significant: full mediation", in.c_prime,
        in.p_c_prime));
  } else if ((in.indirect > 0) == (in.c_prime > 0)) {
    out.kind = MediationClass::kPartial;
    absl::StrAppend(&reason, absl::StrFormat(
        "; step 5: c' = %.4g (p = %.3g) significant, same sign as ab: partial mediation "
        "(ab/c = %.3g)",
        in.c_prime, in.p_c_prime, in.indirect / in.c));
  } else {
    out.kind = MediationClass::kSuppression;
    absl::StrAppend(&reason, absl::StrFormat(
        "; step 5: c' = %.4g (p = %.3g) significant, opposite sign to ab: suppression "
        "(|ab/c'| = %.3g)",
        in.c_prime, in.p_c_prime, std::fabs(in.indirect / in.c_prime)));
  }
  out.reason = reason;
  return out;
}

}  // namespace govmetrics::stats

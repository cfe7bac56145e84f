#include "common/stats/mediation_tests.h"

#include <cmath>
#include <limits>

#include "common/stats/distributions.h"

namespace govmetrics::stats {

IndirectZTest IndirectEffectTest(double a, double se_a, double b, double se_b,
                                 IndirectTestKind kind) {
  const double first_order = b * b * se_a * se_a + a * a * se_b * se_b;
  const double second_order = se_a * se_a * se_b * se_b;
  double variance = first_order;
  if (kind == IndirectTestKind::kAroian) variance += second_order;
  if (kind == IndirectTestKind::kGoodman) variance -= second_order;
  IndirectZTest out;
  if (!(variance > 0.0) || !std::isfinite(variance)) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.std_error = out.z = out.p_value = nan;
    return out;
  }
  out.defined = true;
  out.std_error = std::sqrt(variance);
  out.z = a * b / out.std_error;
  out.p_value = NormalTwoSidedPValue(out.z);
  return out;
}

}  // namespace govmetrics::stats

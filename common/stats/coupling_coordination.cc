#include "common/stats/coupling_coordination.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"

namespace govmetrics::stats {

absl::StatusOr<CouplingCoordinationResult> ComputeCouplingCoordination(
    const Eigen::Ref<const Eigen::VectorXd>& u1, const Eigen::Ref<const Eigen::VectorXd>& u2,
    double first_weight) {
  if (u1.size() != u2.size()) {
    return absl::InvalidArgumentError(absl::StrFormat("the two indices have %d and %d rows",
                                                      static_cast<int>(u1.size()),
                                                      static_cast<int>(u2.size())));
  }
  if (!(first_weight >= 0.0 && first_weight <= 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("first_weight must be in [0,1] (got %g)", first_weight));
  }
  const Eigen::Index n = u1.size();
  for (Eigen::Index i = 0; i < n; ++i) {
    for (int s = 0; s < 2; ++s) {
      const double v = s == 0 ? u1[i] : u2[i];
      if (std::isnan(v)) continue;
      if (!(v >= 0.0 && v <= 1.0)) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s index at row %d is %g; coupling coordination needs indices in [0,1] (divide "
            "scores on the 0-100 scale by 100)",
            s == 0 ? "first" : "second", static_cast<int>(i), v));
      }
    }
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  CouplingCoordinationResult r;
  r.first_weight = first_weight;
  r.coupling.resize(n);
  r.coordination_index.resize(n);
  r.degree.resize(n);
  const double a = first_weight, b = 1.0 - first_weight;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double x = u1[i], y = u2[i];
    if (std::isnan(x) || std::isnan(y)) {
      r.coupling[i] = r.coordination_index[i] = r.degree[i] = kNaN;
      ++r.nan_rows;
      continue;
    }
    const double sum = x + y;
    const double c = sum > 0.0 ? 2.0 * std::sqrt(x * y) / sum : 0.0;
    const double t = a * x + b * y;
    r.coupling[i] = c;
    r.coordination_index[i] = t;
    r.degree[i] = std::sqrt(c * t);
  }
  return r;
}

int CoordinationBand(double degree) {
  if (std::isnan(degree)) return -1;
  const int band = static_cast<int>(std::floor(degree * kCoordinationBands));
  return std::clamp(band, 0, kCoordinationBands - 1);
}

}  // namespace govmetrics::stats

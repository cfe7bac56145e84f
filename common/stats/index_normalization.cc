#include "common/stats/index_normalization.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace govmetrics::stats {

void NormalizeInPlace(Eigen::Ref<Eigen::VectorXd> x, const MinMaxBounds& bounds,
                      Direction direction) {
  // Division (not multiplication by 1/range) so the extremes map to exactly 0 and 1.
  const double range = bounds.range();
  if (direction == Direction::kPositive) {
    x.array() = (x.array() - bounds.min) / range;
  } else {
    x.array() = (bounds.max - x.array()) / range;
  }
}

void NormalizeInto(const double* src, double* dst, Eigen::Index len, const MinMaxBounds& bounds,
                   Direction direction) {
  Eigen::Map<const Eigen::ArrayXd> x(src, len);
  Eigen::Map<Eigen::ArrayXd> z(dst, len);
  const double range = bounds.range();
  if (direction == Direction::kPositive) {
    z = (x - bounds.min) / range;
  } else {
    z = (bounds.max - x) / range;
  }
}

absl::StatusOr<MinMaxBounds> ComputeBounds(const Eigen::Ref<const Eigen::VectorXd>& x,
                                           absl::string_view indicator) {
  if (x.size() == 0) {
    return absl::FailedPreconditionError(
        absl::StrFormat("indicator '%s' has no rows to normalise over", indicator));
  }
  MinMaxBounds b{x.minCoeff(), x.maxCoeff()};
  if (!(b.max > b.min)) {
    return absl::FailedPreconditionError(
        absl::StrFormat("indicator '%s' is constant (every value is %.17g): min-max normalisation "
                        "divides by its zero range and it carries no information; drop it",
                        indicator, b.min));
  }
  return b;
}

absl::StatusOr<Eigen::VectorXd> MinMaxNormalize(const Eigen::Ref<const Eigen::VectorXd>& x,
                                                Direction direction, double shift,
                                                absl::string_view indicator) {
  if (!std::isfinite(shift) || shift < 0.0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("shift must be a finite number >= 0 (got %g)", shift));
  }
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "indicator '%s' has a non-finite value at row %d", indicator, static_cast<int>(i)));
    }
  }
  absl::StatusOr<MinMaxBounds> bounds = ComputeBounds(x, indicator);
  if (!bounds.ok()) return bounds.status();
  Eigen::VectorXd z = x;
  NormalizeInPlace(z, *bounds, direction);
  z.array() += shift;
  return z;
}

}  // namespace govmetrics::stats

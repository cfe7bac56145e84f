#ifndef GOVMETRICS_COMMON_STATS_INDEX_NORMALIZATION_H_
#define GOVMETRICS_COMMON_STATS_INDEX_NORMALIZATION_H_

// Min-max normalisation by direction, the first step of every composite index:
//   positive: z = (x - min) / (max - min)      negative: z = (max - x) / (max - min)
// so z is in [0,1] with 1 = best over the rows the bounds come from. Rows outside those
// rows (base-period pooling) may fall outside [0,1]; that is kept, not clamped, so the
// index keeps tracking change beyond the base period.

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stats/index_options.h"

namespace govmetrics::stats {

// Bounds of one indicator over the rows that define them.
struct MinMaxBounds {
  double min = 0.0;
  double max = 0.0;
  double range() const { return max - min; }
};

// Overwrites x (raw values) with its normalised values under `bounds` (range must be > 0).
void NormalizeInPlace(Eigen::Ref<Eigen::VectorXd> x, const MinMaxBounds& bounds,
                      Direction direction);

// dst[i] = normalised src[i] for i < len (dst may equal src: in place).
void NormalizeInto(const double* src, double* dst, Eigen::Index len, const MinMaxBounds& bounds,
                   Direction direction);

// Bounds of a finite column. FailedPrecondition naming `indicator` if max == min (a
// constant indicator carries no information and would divide by zero).
absl::StatusOr<MinMaxBounds> ComputeBounds(const Eigen::Ref<const Eigen::VectorXd>& x,
                                           absl::string_view indicator);

// Convenience: z + shift for one column. InvalidArgument for a negative / non-finite
// shift or a non-finite value; FailedPrecondition for a constant column.
absl::StatusOr<Eigen::VectorXd> MinMaxNormalize(const Eigen::Ref<const Eigen::VectorXd>& x,
                                                Direction direction, double shift,
                                                absl::string_view indicator);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_NORMALIZATION_H_

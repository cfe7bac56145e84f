#ifndef GOVMETRICS_COMMON_STATS_WEIGHTING_ENTROPY_H_
#define GOVMETRICS_COMMON_STATS_WEIGHTING_ENTROPY_H_

// Entropy weights. For one indicator over n rows with normalised values z_i >= 0 and
// shift s >= 0, z'_i = z_i + s:
//   p_i = z'_i / sum z'      e = -(1/ln n) sum_i p_i ln p_i   (0 ln 0 = 0)
//   d = 1 - e                w_j = d_j / sum_k d_k
// Computed as e = -(T/S - ln S)/ln n with S = sum z', T = sum z' ln z' (algebraically the
// same, since sum p = 1), so each element costs one log and nothing is divided per row.
// Mathematically 0 <= e <= 1; round-off can push e a few ulps above 1 for an almost
// uniform column, so e is clamped to [0,1] (then d >= 0 and weights are never negative).

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stats/weighting_result.h"

namespace govmetrics::stats {

// S = sum (z_i + shift) and T = sum (z_i + shift) ln(z_i + shift), with 0 ln 0 = 0.
// On x86-64 glibc the logs go through glibc's vector math library (libmvec, AVX2 when
// the CPU has it, else SSE2; accuracy within 4 ulp), which is what makes 3e7 logs take
// tens of milliseconds instead of hundreds; elsewhere std::log.
struct XLogXSums {
  double sum = 0.0;
  double sum_xlogx = 0.0;
};
XLogXSums SumXLogX(const double* z, Eigen::Index n, double shift);

// e from n, S = sum z' and T = sum z' ln z'; clamped to [0,1]. n must be >= 2.
double EntropyFromSums(double n, double sum, double sum_xlogx);

// e of one column of normalised values (z >= 0) with shift s. n must be >= 2, and
// sum z' > 0 (guaranteed for a min-max normalised column, which contains a 1).
double ColumnEntropy(const Eigen::Ref<const Eigen::VectorXd>& z, double shift);

// w = information / sum(information). FailedPrecondition naming `group` when the sum is
// not positive (every indicator of the group is uninformative).
absl::StatusOr<Eigen::VectorXd> NormalizeInformation(const Eigen::VectorXd& information,
                                                     absl::string_view group);

// Convenience over a normalised matrix (rows x indicators, values >= 0): entropy,
// divergence and weight per column. FailedPrecondition for fewer than 2 rows.
absl::StatusOr<WeightingResult> EntropyWeights(const Eigen::Ref<const Eigen::MatrixXd>& z,
                                               double shift);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WEIGHTING_ENTROPY_H_

// Gaussian kernel density estimates computed exactly as R's stats::density (R <= 4.3,
// i.e. `old.coords = TRUE` in R >= 4.4): the sample is linearly binned onto n grid points
// over [from - 4 bw, to + 4 bw] (C_BinDist), convolved circularly with the kernel sampled
// on 2n points spaced 2 (up - lo) / (2n - 1), clamped at 0, and linearly interpolated
// (approx) onto the user's grid from = min - cut bw .. to = max + cut bw. The
// convolution is summed directly instead of by FFT: the same numbers up to rounding.
// Bandwidth rules bw.nrd0 (R's default) and bw.nrd. docs/methods/disparity.md.
#ifndef GOVMETRICS_COMMON_STATS_DISPARITY_KERNEL_DENSITY_H_
#define GOVMETRICS_COMMON_STATS_DISPARITY_KERNEL_DENSITY_H_

#include <optional>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

enum class BandwidthRule {
  kNrd0,   // 0.9 min(sd, IQR/1.34) n^-1/5, with R's fallbacks when that is 0
  kNrd,    // 1.06 min(sd, IQR/1.34) n^-1/5 (Scott)
  kFixed,  // KernelDensityOptions::bandwidth
};

struct KernelDensityOptions {
  BandwidthRule rule = BandwidthRule::kNrd0;
  double bandwidth = 0;   // used by kFixed
  double adjust = 1;      // multiplies the bandwidth (R's `adjust`)
  int grid_points = 512;  // R's `n`
  double cut = 3;         // R's `cut`
  // R's `from` / `to`: the grid's ends when set (else min - cut bw, max + cut bw). A
  // common grid for several samples sets both (CommonDensityGrid).
  std::optional<double> from, to;
};

struct KernelDensity {
  double bandwidth = 0;  // after `adjust`
  Eigen::VectorXd x;     // grid_points evaluation points
  Eigen::VectorXd y;     // density at x
};

// The bandwidth R's bw.nrd0 / bw.nrd gives for `values` (at least 2 finite values).
double RuleOfThumbBandwidth(const Eigen::VectorXd& values, BandwidthRule rule);

// The bandwidth density() uses for `values` under `options` (after `adjust`);
// FAILED_PRECONDITION when it is not a positive number.
absl::StatusOr<double> KernelDensityBandwidth(const Eigen::VectorXd& values, const KernelDensityOptions& options);

// `options` with from / to set to one grid covering every sample's own grid: the
// smallest min - cut bw and the largest max + cut bw (each sample's bandwidth).
absl::StatusOr<KernelDensityOptions> CommonDensityGrid(const std::vector<Eigen::VectorXd>& samples,
                                                       const KernelDensityOptions& options);

// `values` finite; at least 2 of them for a rule-of-thumb bandwidth.
absl::StatusOr<KernelDensity> EstimateKernelDensity(const Eigen::VectorXd& values,
                                                    const KernelDensityOptions& options);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISPARITY_KERNEL_DENSITY_H_

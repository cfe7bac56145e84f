#include "common/stats/disparity/kernel_density.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/status/status.h"
#include "common/stats/bootstrap_ci.h"

namespace govmetrics::stats {
namespace {

// R's seq.int(from, to, length.out = n): both ends exact, the first half counted up from
// `from`, the second half down from `to`.
Eigen::VectorXd RSequence(double from, double to, int n) {
  Eigen::VectorXd s(n);
  if (n > 0) s[0] = from;
  if (n > 1) s[n - 1] = to;
  const double by = n > 1 ? (to - from) / (n - 1) : 0;
  for (int i = 1; i < n - 1; ++i) s[i] = i < n / 2 ? from + i * by : to - (n - 1 - i) * by;
  return s;
}

// R's C_BinDist: linear binning with weights 1/N onto n points over [lo, hi]; returns 2n
// values (the upper half zero padding for the circular convolution).
Eigen::VectorXd BinDist(const Eigen::VectorXd& x, double lo, double hi, int n) {
  Eigen::VectorXd y = Eigen::VectorXd::Zero(2 * n);
  const double delta = (hi - lo) / (n - 1);
  const double w = 1.0 / static_cast<double>(x.size());
  const int ixmax = n - 2;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    const double pos = (x[i] - lo) / delta;
    const int ix = static_cast<int>(std::floor(pos));
    const double fx = pos - ix;
    if (ix >= 0 && ix <= ixmax) {
      y[ix] += w * (1 - fx);
      y[ix + 1] += w * fx;
    } else if (ix == -1) {
      y[0] += w * fx;
    } else if (ix == ixmax + 1) {
      y[ix] += w * (1 - fx);
    }
  }
  return y;
}

// Gaussian kernel on R's 2n "kords": 0, d, ..., n d, then -(n-1) d .. -d (circular).
Eigen::VectorXd KernelOrdinates(double lo, double up, int n, double bw) {
  Eigen::VectorXd k = RSequence(0, 2 * (up - lo), 2 * n);
  for (int m = n + 1; m < 2 * n; ++m) k[m] = -k[2 * n - m];
  constexpr double kInvSqrt2Pi = 0.3989422804014327;
  for (int m = 0; m < 2 * n; ++m) {
    const double z = k[m] / bw;
    k[m] = kInvSqrt2Pi / bw * std::exp(-0.5 * z * z);
  }
  return k;
}

// R's approx(xs, ys, v) (linear, rule = 1) at one point of [xs[0], xs[last]].
double Interpolate(const Eigen::VectorXd& xs, const Eigen::VectorXd& ys, double v) {
  Eigen::Index i = 0, j = xs.size() - 1;
  while (i < j - 1) {
    const Eigen::Index mid = (i + j) / 2;
    if (v < xs[mid]) j = mid; else i = mid;
  }
  if (v == xs[j]) return ys[j];
  if (v == xs[i]) return ys[i];
  return ys[i] + (ys[j] - ys[i]) * ((v - xs[i]) / (xs[j] - xs[i]));
}

}  // namespace

double RuleOfThumbBandwidth(const Eigen::VectorXd& x, BandwidthRule rule) {
  const double n = static_cast<double>(x.size());
  const double sd = std::sqrt((x.array() - x.mean()).square().sum() / (n - 1));
  std::vector<double> sorted(x.data(), x.data() + x.size());
  std::sort(sorted.begin(), sorted.end());
  const double iqr = SortedQuantile(sorted, 0.75) - SortedQuantile(sorted, 0.25);
  if (rule == BandwidthRule::kNrd) return 1.06 * std::min(sd, iqr / 1.34) * std::pow(n, -0.2);
  double lo = std::min(sd, iqr / 1.34);
  if (lo == 0) lo = sd != 0 ? sd : (x[0] != 0 ? std::fabs(x[0]) : 1.0);  // R's fallbacks
  return 0.9 * lo * std::pow(n, -0.2);
}

absl::StatusOr<double> KernelDensityBandwidth(const Eigen::VectorXd& x, const KernelDensityOptions& options) {
  const double base = options.rule == BandwidthRule::kFixed ? options.bandwidth
                                                            : RuleOfThumbBandwidth(x, options.rule);
  const double bandwidth = options.adjust * base;
  if (!(bandwidth > 0) || !std::isfinite(bandwidth)) {
    return absl::FailedPreconditionError("kernel density: the bandwidth is not positive");
  }
  return bandwidth;
}

absl::StatusOr<KernelDensityOptions> CommonDensityGrid(const std::vector<Eigen::VectorXd>& samples,
                                                       const KernelDensityOptions& options) {
  KernelDensityOptions common = options;
  for (const Eigen::VectorXd& x : samples) {
    if (x.size() == 0 || !x.allFinite()) return absl::InvalidArgumentError("kernel density: values must be finite");
    if (options.rule != BandwidthRule::kFixed && x.size() < 2) {
      return absl::FailedPreconditionError("kernel density: a bandwidth rule needs at least 2 values");
    }
    auto bandwidth = KernelDensityBandwidth(x, options);
    if (!bandwidth.ok()) return bandwidth.status();
    const double from = x.minCoeff() - options.cut * *bandwidth;
    const double to = x.maxCoeff() + options.cut * *bandwidth;
    common.from = common.from.has_value() ? std::min(*common.from, from) : from;
    common.to = common.to.has_value() ? std::max(*common.to, to) : to;
  }
  return common;
}

absl::StatusOr<KernelDensity> EstimateKernelDensity(const Eigen::VectorXd& x,
                                                    const KernelDensityOptions& options) {
  if (options.grid_points < 2) return absl::InvalidArgumentError("kernel density: grid_points must be at least 2");
  if (!x.allFinite() || x.size() == 0) return absl::InvalidArgumentError("kernel density: values must be finite");
  if (options.rule != BandwidthRule::kFixed && x.size() < 2) {
    return absl::FailedPreconditionError("kernel density: a bandwidth rule needs at least 2 values");
  }
  KernelDensity out;
  auto bandwidth = KernelDensityBandwidth(x, options);
  if (!bandwidth.ok()) return bandwidth.status();
  out.bandwidth = *bandwidth;
  int n = std::max(options.grid_points, 512);
  if (n > 512) n = 1 << static_cast<int>(std::ceil(std::log2(static_cast<double>(n))));
  const double from = options.from.value_or(x.minCoeff() - options.cut * out.bandwidth);
  const double to = options.to.value_or(x.maxCoeff() + options.cut * out.bandwidth);
  if (!(to > from)) return absl::InvalidArgumentError("kernel density: the grid's upper end must exceed its lower end");
  const double lo = from - 4 * out.bandwidth, up = to + 4 * out.bandwidth;
  const Eigen::VectorXd binned = BinDist(x, lo, up, n);
  const Eigen::VectorXd kernel = KernelOrdinates(lo, up, n, out.bandwidth);
  Eigen::VectorXd smoothed(n);
  for (int m = 0; m < n; ++m) {
    double sum = 0;
    for (int l = 0; l < n; ++l) sum += binned[l] * kernel[((l - m) % (2 * n) + 2 * n) % (2 * n)];
    smoothed[m] = std::max(0.0, sum);
  }
  const Eigen::VectorXd grid = RSequence(lo, up, n);
  out.x = RSequence(from, to, options.grid_points);
  out.y.resize(options.grid_points);
  for (int i = 0; i < options.grid_points; ++i) out.y[i] = Interpolate(grid, smoothed, out.x[i]);
  return out;
}

}  // namespace govmetrics::stats

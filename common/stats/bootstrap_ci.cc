#include "common/stats/bootstrap_ci.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "common/stats/distributions.h"

namespace govmetrics::stats {

const char* ToString(BootstrapCiMethod m) {
  switch (m) {
    case BootstrapCiMethod::kPercentile: return "percentile";
    case BootstrapCiMethod::kBiasCorrected: return "bias_corrected";
    case BootstrapCiMethod::kBca: return "bca";
  }
  return "?";
}

double SortedQuantile(const std::vector<double>& sorted, double p) {
  const size_t n = sorted.size();
  if (n == 0) return std::nan("");
  p = std::clamp(p, 0.0, 1.0);
  const double h = static_cast<double>(n - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, n - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

double JackknifeAcceleration(const std::vector<double>& leave_one_out) {
  const size_t n = leave_one_out.size();
  if (n < 2) return 0.0;
  double mean = 0.0;
  for (double v : leave_one_out) mean += v;
  mean /= static_cast<double>(n);
  double s2 = 0.0, s3 = 0.0;
  for (double v : leave_one_out) {
    const double d = mean - v;
    s2 += d * d;
    s3 += d * d * d;
  }
  if (!(s2 > 0.0)) return 0.0;
  return s3 / (6.0 * std::pow(s2, 1.5));
}

absl::StatusOr<BootstrapInterval> BootstrapConfidenceInterval(
    std::vector<double> replicates, double estimate, double level, BootstrapCiMethod method,
    const std::vector<double>& leave_one_out) {
  replicates.erase(std::remove_if(replicates.begin(), replicates.end(),
                                  [](double v) { return !std::isfinite(v); }),
                   replicates.end());
  const size_t r = replicates.size();
  if (r < 2) {
    return absl::FailedPreconditionError(
        "fewer than two bootstrap replicates could be computed");
  }
  if (!(level > 0.0 && level < 1.0)) return absl::InvalidArgumentError("ci level must be in (0, 1)");
  std::sort(replicates.begin(), replicates.end());
  BootstrapInterval out;
  out.replicates = static_cast<int64_t>(r);
  double mean = 0.0;
  for (double v : replicates) mean += v;
  mean /= static_cast<double>(r);
  double ss = 0.0;
  for (double v : replicates) ss += (v - mean) * (v - mean);
  out.std_error = std::sqrt(ss / static_cast<double>(r - 1));

  const double alpha = 1.0 - level;
  double p_lo = alpha / 2.0, p_hi = 1.0 - alpha / 2.0;
  if (method != BootstrapCiMethod::kPercentile) {
    double below = 0.0;
    for (double v : replicates) {
      if (v < estimate) {
        below += 1.0;
      } else if (v == estimate) {
        below += 0.5;
      }
    }
    const double rr = static_cast<double>(r);
    const double p0 = std::clamp(below / rr, 0.5 / rr, 1.0 - 0.5 / rr);
    out.z0 = NormalQuantile(p0);
    if (method == BootstrapCiMethod::kBca) out.acceleration = JackknifeAcceleration(leave_one_out);
    auto adjust = [&](double p) {
      const double zq = NormalQuantile(p);
      const double num = out.z0 + zq;
      const double den = 1.0 - out.acceleration * num;
      // With |a| large enough the map stops being monotone; fall back to the
      // extreme order statistic in the direction of the bound.
      if (!(den > 0.0)) return p < 0.5 ? 0.0 : 1.0;
      return 0.5 * std::erfc(-(out.z0 + num / den) / std::sqrt(2.0));
    };
    p_lo = adjust(p_lo);
    p_hi = adjust(p_hi);
  }
  out.lower = SortedQuantile(replicates, p_lo);
  out.upper = SortedQuantile(replicates, p_hi);
  return out;
}

}  // namespace govmetrics::stats

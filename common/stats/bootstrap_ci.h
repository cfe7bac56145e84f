// Bootstrap standard errors and confidence intervals from replicate values.
// Formulas (docs/methods/mediation.md, "Bootstrap confidence intervals"):
//
//   quantile  Q(p): R's type 7 (linear interpolation between order statistics,
//             h = (R - 1) p), as quantile() in R and numpy's default.
//   percentile [Q(alpha/2), Q(1 - alpha/2)].
//   BC        z0 = Phi^-1(p0), p0 = (#{t* < t} + #{t* = t}/2) / R, clamped to
//             [1/(2R), 1 - 1/(2R)] so that a point estimate outside the cloud
//             still gives a finite interval; bounds Q(Phi(2 z0 + z_q)).
//   BCa       bounds Q(Phi(z0 + (z0 + z_q) / (1 - a (z0 + z_q)))) with the
//             jackknife acceleration a = sum d^3 / (6 (sum d^2)^(3/2)),
//             d_i = mean(t_(.)) - t_(i) (Efron 1987; boot::boot.ci's "bca" with
//             jackknife influence values).
#ifndef GOVMETRICS_COMMON_STATS_BOOTSTRAP_CI_H_
#define GOVMETRICS_COMMON_STATS_BOOTSTRAP_CI_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"

namespace govmetrics::stats {

enum class BootstrapCiMethod { kPercentile, kBiasCorrected, kBca };

const char* ToString(BootstrapCiMethod m);

struct BootstrapInterval {
  double lower = 0;
  double upper = 0;
  double std_error = 0;     // sample standard deviation of the replicates (R - 1)
  double z0 = 0;            // bias correction (0 for percentile)
  double acceleration = 0;  // BCa only
  int64_t replicates = 0;   // finite replicate values used
};

// Type-7 quantile of sorted values at probability p in [0, 1].
double SortedQuantile(const std::vector<double>& sorted, double p);

// Jackknife acceleration of BCa from leave-one-unit-out values (0 when the
// values have no spread).
double JackknifeAcceleration(const std::vector<double>& leave_one_out);

// `replicates`: bootstrap values (non-finite ones are ignored); `estimate`: the
// full-sample statistic; `level` in (0, 1); `leave_one_out` only for BCa.
// FailedPrecondition when fewer than two finite replicates remain.
absl::StatusOr<BootstrapInterval> BootstrapConfidenceInterval(
    std::vector<double> replicates, double estimate, double level, BootstrapCiMethod method,
    const std::vector<double>& leave_one_out = {});

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_BOOTSTRAP_CI_H_

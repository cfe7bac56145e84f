#include "common/stats/index_options.h"

#include <cmath>

#include "absl/strings/str_format.h"

namespace govmetrics::stats {

absl::Status ValidateIndexOptions(const IndexOptions& options) {
  if (!std::isfinite(options.shift) || options.shift < 0.0) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "shift must be a finite number >= 0 (got %g); 0 is allowed with 0*ln(0) = 0",
        options.shift));
  }
  if (options.score_scale != 1.0 && options.score_scale != 100.0) {
    return absl::InvalidArgumentError(
        absl::StrFormat("score_scale must be 1 or 100 (got %g)", options.score_scale));
  }
  return absl::OkStatus();
}

absl::string_view DirectionName(Direction d) {
  switch (d) {
    case Direction::kPositive:
      return "POSITIVE";
    case Direction::kNegative:
      return "NEGATIVE";
  }
  return "UNKNOWN";
}

absl::string_view WeightingMethodName(WeightingMethod m) {
  switch (m) {
    case WeightingMethod::kEntropy:
      return "ENTROPY";
    case WeightingMethod::kCritic:
      return "CRITIC";
    case WeightingMethod::kCoefficientOfVariation:
      return "COEFFICIENT_OF_VARIATION";
    case WeightingMethod::kEqual:
      return "EQUAL";
    case WeightingMethod::kEntropyTopsis:
      return "ENTROPY_TOPSIS";
  }
  return "UNKNOWN";
}

absl::string_view PoolingName(Pooling p) {
  switch (p) {
    case Pooling::kPooled:
      return "POOLED";
    case Pooling::kPerPeriod:
      return "PER_PERIOD";
    case Pooling::kBasePeriod:
      return "BASE_PERIOD";
  }
  return "UNKNOWN";
}

absl::string_view HierarchyName(Hierarchy h) {
  switch (h) {
    case Hierarchy::kFlat:
      return "FLAT";
    case Hierarchy::kSummedDivergence:
      return "SUMMED_DIVERGENCE";
    case Hierarchy::kEntropyOnDimensionScores:
      return "ENTROPY_ON_DIMENSION_SCORES";
  }
  return "UNKNOWN";
}

absl::string_view MissingPolicyName(MissingPolicy p) {
  switch (p) {
    case MissingPolicy::kReject:
      return "REJECT";
    case MissingPolicy::kListwise:
      return "LISTWISE";
    case MissingPolicy::kInterpolateWithinEntity:
      return "INTERPOLATE_WITHIN_ENTITY";
  }
  return "UNKNOWN";
}

std::string DescribeIndexOptions(const IndexOptions& o) {
  std::string s = absl::StrFormat("method=%s pooling=%s", WeightingMethodName(o.method),
                                  PoolingName(o.pooling));
  if (o.pooling == Pooling::kBasePeriod)
    absl::StrAppendFormat(&s, " base_period=%d", o.base_period);
  absl::StrAppendFormat(&s, " shift=%.17g hierarchy=%s missing_policy=%s score_scale=%g", o.shift,
                        HierarchyName(o.hierarchy), MissingPolicyName(o.missing_policy),
                        o.score_scale);
  return s;
}

}  // namespace govmetrics::stats

#ifndef GOVMETRICS_COMMON_STATS_INDEX_OPTIONS_H_
#define GOVMETRICS_COMMON_STATS_INDEX_OPTIONS_H_

// Options of the composite-index computation (entropy-weight method and relatives).
// Every option is an explicit enum with a documented default so that a response can echo
// the fully resolved conventions; docs/methods/index.md gives the formulas.

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace govmetrics::stats {

// Whether a larger raw value is better (positive) or worse (negative).
enum class Direction { kPositive, kNegative };

// How indicator (and, for kEntropyOnDimensionScores, dimension) weights are derived.
enum class WeightingMethod {
  kEntropy,                 // w_j = (1 - e_j) / sum (1 - e_k)
  kCritic,                  // w_j ~ sd_j * sum_k (1 - r_jk), on the normalised data
  kCoefficientOfVariation,  // w_j ~ sd_j / mean_j, on the RAW data (see docs)
  kEqual,                   // w_j = 1 / m
  kEntropyTopsis,           // entropy weights; composite = TOPSIS closeness
};

// Which rows min-max bounds and weights are computed over.
enum class Pooling {
  kPooled,      // all entity-periods together: scores comparable across periods
  kPerPeriod,   // each period separately: weights per period
  kBasePeriod,  // bounds and weights from one period, applied to every period
};

// Two-level (indicator -> dimension -> composite) recipes.
enum class Hierarchy {
  // One weighting over all indicators; composite = sum_j w_j z_j; the score of dimension
  // k is its contribution sum_{j in k} w_j z_j (dimension scores add up to the composite).
  kFlat,
  // Same indicator weights w_j; dimension weight W_k = sum_{j in k} w_j (= summed
  // divergence share for entropy); dimension score = sum_{j in k} (w_j / W_k) z_j, a
  // weighted mean in [0,1]; composite = sum_k W_k * score_k (identical to kFlat's).
  kSummedDivergence,
  // Weights computed within each dimension (v_j), dimension score = sum v_j z_j; then the
  // same method again on the dimension scores (treated as positive indicators and
  // min-max normalised) gives W_k; composite = sum_k W_k * score_k.
  kEntropyOnDimensionScores,
};

// What to do with missing (NaN) indicator values. Infinite values are always rejected.
enum class MissingPolicy {
  kReject,                   // InvalidArgument naming row and indicator
  kListwise,                 // drop rows with any missing indicator (reported)
  kInterpolateWithinEntity,  // linear in period within entity; unfillable rows dropped
};

// Default shift added to normalised values before p_ij. 1e-4 rather than SPSSAU's 0.01:
// the shift exists only to keep ln(p) finite, and a smaller constant moves the entropies
// less (0.01 changes e_j noticeably when n is a few hundred). 0 is allowed (0 ln 0 = 0).
inline constexpr double kDefaultShift = 1e-4;

struct IndexOptions {
  WeightingMethod method = WeightingMethod::kEntropy;
  Pooling pooling = Pooling::kPooled;
  // Period whose rows define bounds and weights under Pooling::kBasePeriod.
  int32_t base_period = 0;
  // Added to every normalised value z in [0,1] before p_ij = z'/sum z' (entropy-based
  // methods only; CRITIC / CV / EQUAL / TOPSIS distances do not depend on it). Scores
  // use the UNSHIFTED z so they stay in [0,1].
  double shift = kDefaultShift;
  Hierarchy hierarchy = Hierarchy::kFlat;
  MissingPolicy missing_policy = MissingPolicy::kReject;
  // 1 (scores in [0,1]) or 100; multiplies composite and dimension scores.
  double score_scale = 1.0;
};

// InvalidArgument for a negative / non-finite shift or a scale other than 1 or 100.
absl::Status ValidateIndexOptions(const IndexOptions& options);

absl::string_view DirectionName(Direction d);
absl::string_view WeightingMethodName(WeightingMethod m);
absl::string_view PoolingName(Pooling p);
absl::string_view HierarchyName(Hierarchy h);
absl::string_view MissingPolicyName(MissingPolicy p);

// One line "method=ENTROPY pooling=POOLED ..." with every resolved option (provenance).
std::string DescribeIndexOptions(const IndexOptions& options);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_OPTIONS_H_

#ifndef GOVMETRICS_COMMON_STATS_INDEX_COMPOSITE_H_
#define GOVMETRICS_COMMON_STATS_INDEX_COMPOSITE_H_

// Composite index: normalise every indicator by direction, weight the indicators (entropy,
// CRITIC, coefficient of variation, equal, entropy-TOPSIS), combine them through a
// two-level hierarchy and score every row. Formulas, defaults and the mapping to SPSSAU /
// Stata ewm / Excel recipes: docs/methods/index.md.
//
// Memory: one working matrix of (rows used) x (indicators) holds the normalised values,
// computed in place; outputs are row-aligned with the input. Peak ~ input + working
// matrix + outputs.

#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/stats/index_columns.h"
#include "common/stats/index_missing.h"
#include "common/stats/index_options.h"

namespace govmetrics::stats {

struct IndicatorSpec {
  std::string name;  // used in error messages; "" becomes "indicator <j>"
  Direction direction = Direction::kPositive;
  int dimension = 0;  // index into IndexInput::dimension_names
};

struct IndexInput {
  IndicatorColumns columns;               // rows x indicators, NaN = missing
  std::vector<IndicatorSpec> indicators;  // one per column
  // Names of the dimensions; empty means max(dimension) + 1 dimensions named "dimension <k>".
  std::vector<std::string> dimension_names;
  // Row-aligned entity codes and periods. Periods are required for per-period and
  // base-period pooling; both for interpolation within entity. May be empty otherwise.
  absl::Span<const int> entity;
  absl::Span<const int32_t> period;
};

struct IndicatorWeight {
  int indicator = 0;
  int32_t period = 0;                    // the pool's period under kPerPeriod; 0 otherwise
  double entropy = 0.0;                  // e_j (entropy-based methods; NaN otherwise)
  double divergence = 0.0;               // the method's information measure (NaN for kEqual)
  double weight = 0.0;                   // weight in the whole index (sums to 1 over indicators)
  double weight_within_dimension = 0.0;  // sums to 1 within each dimension
  double min = 0.0;                      // normalisation bounds (raw units) of the pool
  double max = 0.0;
};

struct DimensionWeight {
  int dimension = 0;
  int32_t period = 0;   // as IndicatorWeight::period
  double weight = 0.0;  // sums to 1 over dimensions
  // Second-level entropy / information (kEntropyOnDimensionScores); NaN otherwise.
  double entropy = 0.0;
  double divergence = 0.0;
};

struct IndexResult {
  // Pool-major: all indicators of pool 0 (first period), then pool 1, ...
  std::vector<IndicatorWeight> weights;
  std::vector<DimensionWeight> dimension_weights;
  // Row-aligned with the input; NaN for dropped rows; multiplied by score_scale.
  Eigen::VectorXd composite;
  Eigen::MatrixXd dimension_scores;  // rows x dimensions
  // kEntropyTopsis only (else empty): distances to the ideal and anti-ideal, unscaled.
  Eigen::VectorXd topsis_distance_best;
  Eigen::VectorXd topsis_distance_worst;
  int rows_used = 0;
  std::vector<DroppedRow> dropped_rows;
  std::vector<InterpolatedCell> interpolated_cells;
  std::vector<std::string> dimension_names;  // resolved
  IndexOptions options;                      // resolved (echoed)
};

// InvalidArgument: bad options, mismatched sizes, dimension index out of range or a
// dimension without indicators, a non-finite value, a missing value under kReject (naming
// row and indicator). FailedPrecondition: a constant indicator (naming it, and the period
// when pooled per period), fewer than 2 rows in a pool, an uninformative group, CV on
// negative raw data.
absl::StatusOr<IndexResult> ComputeCompositeIndex(const IndexInput& input,
                                                  const IndexOptions& options);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_COMPOSITE_H_

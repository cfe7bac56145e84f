#ifndef GOVMETRICS_COMMON_CONTRACTS_CENSORED_SAMPLE_H_
#define GOVMETRICS_COMMON_CONTRACTS_CENSORED_SAMPLE_H_

// FitCensoredModel's request -> the Tobit estimation sample: validation with field paths
// (columns, limits against the data, options), listwise deletion of rows with a missing
// model value, the design (intercept, regressors, period dummies) and its rank.

#include "absl/status/statusor.h"
#include "common/contracts/panel_view.h"
#include "common/stats/censored/tobit_pooled.h"
#include "govmetrics/modeling/v1/censored.pb.h"

namespace govmetrics::contracts {

struct CensoredSample {
  stats::TobitData data;
  int dropped_missing = 0;
  int period_dummies = 0;  // the last columns of data.x
};

// INVALID_ARGUMENT (BadRequest field paths) for bad columns, limits or options, and for a
// limit beyond every observation; FAILED_PRECONDITION naming the field of a column that
// is collinear with earlier ones.
absl::StatusOr<CensoredSample> BuildCensoredSample(const modeling::v1::FitCensoredModelRequest& request,
                                                   const PanelView& panel);

// Default Gauss-Hermite points (Stata xttobit's intpoints(12)).
inline constexpr int kDefaultQuadraturePoints = 12;

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_CENSORED_SAMPLE_H_

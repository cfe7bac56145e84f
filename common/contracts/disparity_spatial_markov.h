#ifndef GOVMETRICS_COMMON_CONTRACTS_DISPARITY_SPATIAL_MARKOV_H_
#define GOVMETRICS_COMMON_CONTRACTS_DISPARITY_SPATIAL_MARKOV_H_

// The spatial Markov chains of AnalyzeDisparity (when `spatial_weights` is set): W from
// spatial_weights_request.h, the lag of the value in each period, and the transitions
// split by the lag's quantile class (common/stats/disparity/spatial_markov.h). The lag
// needs every entity in every period: a gap is FAILED_PRECONDITION naming it.

#include <vector>

#include "absl/status/status.h"
#include "common/contracts/disparity_plan.h"
#include "common/contracts/panel_view.h"
#include "common/stats/disparity/period_pairs.h"
#include "govmetrics/index/v1/index_service.pb.h"

namespace govmetrics::contracts {

// `klass` and `pairs`: the value classes and transitions of the (aspatial) chain.
absl::Status FillSpatialMarkov(const index::v1::AnalyzeDisparityRequest& request, const PanelView& panel,
                               const DisparityRows& rows, const DisparityPlan& plan,
                               const std::vector<int>& klass, const std::vector<stats::PeriodPair>& pairs,
                               index::v1::SpatialMarkovChain* out);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_DISPARITY_SPATIAL_MARKOV_H_

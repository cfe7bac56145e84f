#ifndef GOVMETRICS_COMMON_CONTRACTS_SPATIAL_WEIGHTS_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_SPATIAL_WEIGHTS_REQUEST_H_

// SpatialWeightsSpec -> stats::SpatialWeights over the panel's entities (units in the
// PanelView's order of first appearance). Every spatial RPC takes its W through here, so
// a W whose entities do not match the panel is rejected the same way everywhere:
// INVALID_ARGUMENT naming the spec entry (`weights.adjacency.units[3].neighbours[1]`) or
// the panel row whose entity W lacks.

#include <string>

#include "absl/status/statusor.h"
#include "common/contracts/panel_view.h"
#include "common/stats/spatial/spatial_weights.h"
#include "govmetrics/common/v1/spatial_weights.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<stats::SpatialWeights> BuildSpatialWeights(const common::v1::SpatialWeightsSpec& spec,
                                                          const PanelView& panel, const std::string& path);

void SummariseWeights(const stats::SpatialWeights& weights, const PanelView& panel,
                      common::v1::SpatialWeightsSummary* summary);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_SPATIAL_WEIGHTS_REQUEST_H_

#ifndef GOVMETRICS_COMMON_CONTRACTS_GROUP_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_GROUP_REQUEST_H_

// CompareGroups: validation (group_by, compare, permutations, missing labels named by
// row), conversion through PrepareModel, stats::CompareGroups, and the response: each
// group's model as a FitPanelModelResponse (FillFitResponse) plus pairwise tests.

#include <functional>

#include "absl/status/statusor.h"
#include "govmetrics/modeling/v1/group_comparison.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::CompareGroupsResponse> CompareGroups(
    const modeling::v1::CompareGroupsRequest& request, const std::function<bool()>* should_stop);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_GROUP_REQUEST_H_

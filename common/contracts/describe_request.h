#ifndef GOVMETRICS_COMMON_CONTRACTS_DESCRIBE_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_DESCRIBE_REQUEST_H_

// DescribeVariables: request -> stats::Summarize / Correlate / CellMeans -> response.

#include "absl/status/statusor.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::DescribeVariablesResponse> DescribeVariables(
    const modeling::v1::DescribeVariablesRequest& request);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_DESCRIBE_REQUEST_H_

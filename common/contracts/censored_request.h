#ifndef GOVMETRICS_COMMON_CONTRACTS_CENSORED_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_CENSORED_REQUEST_H_

// FitCensoredModel: request -> Tobit sample (censored_sample.h) -> pooled or
// random-effects Tobit (common/stats/censored) -> response. docs/methods/tobit.md.

#include "absl/status/statusor.h"
#include "common/stats/stop_check.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::FitCensoredModelResponse> FitCensoredModel(
    const modeling::v1::FitCensoredModelRequest& request, const stats::StopPredicate* should_stop);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_CENSORED_REQUEST_H_

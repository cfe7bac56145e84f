#ifndef GOVMETRICS_COMMON_CONTRACTS_MEDIATION_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_MEDIATION_REQUEST_H_

// AnalyzeMediation: request validation (every violation named by field), conversion of
// the shared ModelSpec through PrepareModel (one sample, one convention for every
// equation), stats::AnalyzeMediation, and the response with provenance (seed, resolved
// options, rows dropped from the common sample).

#include <functional>

#include "absl/status/statusor.h"
#include "govmetrics/modeling/v1/mediation.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::AnalyzeMediationResponse> AnalyzeMediation(
    const modeling::v1::AnalyzeMediationRequest& request, const std::function<bool()>* should_stop);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_MEDIATION_REQUEST_H_

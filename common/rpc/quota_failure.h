#ifndef GOVMETRICS_COMMON_RPC_QUOTA_FAILURE_H_
#define GOVMETRICS_COMMON_RPC_QUOTA_FAILURE_H_

// RESOURCE_EXHAUSTED as every govmetrics limit reports it: the message says what was
// exceeded, a google.rpc.QuotaFailure names the subject, and, when waiting helps (a rate
// or concurrency limit, not a too-big request), a google.rpc.RetryInfo says when to retry.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace govmetrics::rpc {

absl::Status QuotaExceeded(const std::string& subject, const std::string& description,
                           std::optional<absl::Duration> retry_after = std::nullopt);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_QUOTA_FAILURE_H_

#include "common/rpc/quota_failure.h"

#include "absl/strings/cord.h"
#include "google/rpc/error_details.pb.h"

namespace govmetrics::rpc {

absl::Status QuotaExceeded(const std::string& subject, const std::string& description,
                           std::optional<absl::Duration> retry_after) {
  google::rpc::QuotaFailure failure;
  auto* violation = failure.add_violations();
  violation->set_subject(subject);
  violation->set_description(description);
  absl::Status status = absl::ResourceExhaustedError(description);
  status.SetPayload("type.googleapis.com/google.rpc.QuotaFailure",
                    absl::Cord(failure.SerializeAsString()));
  if (retry_after.has_value()) {
    google::rpc::RetryInfo retry;
    const int64_t nanos = absl::ToInt64Nanoseconds(*retry_after);
    retry.mutable_retry_delay()->set_seconds(nanos / 1000000000);
    retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(nanos % 1000000000));
    status.SetPayload("type.googleapis.com/google.rpc.RetryInfo",
                      absl::Cord(retry.SerializeAsString()));
  }
  return status;
}

}  // namespace govmetrics::rpc

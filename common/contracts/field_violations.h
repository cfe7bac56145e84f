#ifndef GOVMETRICS_COMMON_CONTRACTS_FIELD_VIOLATIONS_H_
#define GOVMETRICS_COMMON_CONTRACTS_FIELD_VIOLATIONS_H_

// Request validation collects every problem it finds (not just the first) so a client
// can fix a request in one round trip. The violations travel inside an absl::Status
// payload as a serialized google.rpc.BadRequest, which common/rpc turns into the
// `grpc-status-details-bin` trailer in exactly one place.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace govmetrics::contracts {

// Type URL under which the BadRequest / PreconditionFailure payloads are stored.
inline constexpr absl::string_view kBadRequestTypeUrl =
    "type.googleapis.com/google.rpc.BadRequest";
inline constexpr absl::string_view kPreconditionFailureTypeUrl =
    "type.googleapis.com/google.rpc.PreconditionFailure";

class FieldViolations {
 public:
  // Records that `field` (a request path such as "panel.columns[2].values[17]") is bad.
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  size_t size() const { return violations_.size(); }
  const std::vector<std::pair<std::string, std::string>>& items() const { return violations_; }

  // OK when empty; otherwise INVALID_ARGUMENT whose message names the first violation
  // (and how many more) and whose payload carries all of them as a BadRequest.
  absl::Status ToStatus() const;

 private:
  std::vector<std::pair<std::string, std::string>> violations_;
};

// A single-violation INVALID_ARGUMENT, for checks that stop at the first problem.
absl::Status InvalidField(std::string field, std::string description);

// FAILED_PRECONDITION with a PreconditionFailure detail: the data is well formed but
// cannot be used (constant indicator, singular design). `subject` names the culprit.
absl::Status FailedPreconditionOn(std::string subject, std::string description);

// Adds the PreconditionFailure detail to an existing FAILED_PRECONDITION status coming
// out of common/stats (which knows nothing of protobuf); other statuses pass through.
absl::Status WithPreconditionSubject(absl::Status status, std::string subject);

// Extracts the (field, description) pairs stored by ToStatus / InvalidField.
std::vector<std::pair<std::string, std::string>> ViolationsOf(const absl::Status& status);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_FIELD_VIOLATIONS_H_

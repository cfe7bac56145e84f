#include "common/contracts/field_violations.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"

namespace govmetrics::contracts {

void FieldViolations::Add(std::string field, std::string description) {
  violations_.emplace_back(std::move(field), std::move(description));
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  google::rpc::BadRequest bad_request;
  for (const auto& [field, description] : violations_) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(description);
  }
  std::string message = absl::StrCat(violations_[0].first, ": ", violations_[0].second);
  if (violations_.size() > 1) {
    absl::StrAppend(&message, " (and ", violations_.size() - 1, " more violation",
                    violations_.size() > 2 ? "s" : "", ")");
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kBadRequestTypeUrl, absl::Cord(bad_request.SerializeAsString()));
  return status;
}

absl::Status InvalidField(std::string field, std::string description) {
  FieldViolations violations;
  violations.Add(std::move(field), std::move(description));
  return violations.ToStatus();
}

absl::Status FailedPreconditionOn(std::string subject, std::string description) {
  return WithPreconditionSubject(
      absl::FailedPreconditionError(absl::StrCat(subject, ": ", description)), subject);
}

absl::Status WithPreconditionSubject(absl::Status status, std::string subject) {
  if (status.code() != absl::StatusCode::kFailedPrecondition) return status;
  google::rpc::PreconditionFailure failure;
  auto* violation = failure.add_violations();
  violation->set_type("DATA");
  violation->set_subject(std::move(subject));
  violation->set_description(std::string(status.message()));
  status.SetPayload(kPreconditionFailureTypeUrl, absl::Cord(failure.SerializeAsString()));
  return status;
}

std::vector<std::pair<std::string, std::string>> ViolationsOf(const absl::Status& status) {
  std::vector<std::pair<std::string, std::string>> out;
  auto payload = status.GetPayload(kBadRequestTypeUrl);
  if (!payload.has_value()) return out;
  google::rpc::BadRequest bad_request;
  if (!bad_request.ParseFromString(std::string(*payload))) return out;
  for (const auto& v : bad_request.field_violations()) out.emplace_back(v.field(), v.description());
  return out;
}

}  // namespace govmetrics::contracts

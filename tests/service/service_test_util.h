#ifndef GOVMETRICS_TESTS_SERVICE_SERVICE_TEST_UTIL_H_
#define GOVMETRICS_TESTS_SERVICE_SERVICE_TEST_UTIL_H_

// Helpers for in-process gRPC service tests: read the BadRequest details a client sees.

#include <string>
#include <utility>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"

namespace govmetrics::testing {

// (field, description) pairs of the BadRequest detail, as any gRPC client decodes them.
inline std::vector<std::pair<std::string, std::string>> FieldViolationsOf(
    const grpc::Status& status) {
  std::vector<std::pair<std::string, std::string>> out;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return out;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations()) out.emplace_back(v.field(), v.description());
  }
  return out;
}

// True when some violation's field equals `field` and its description contains `text`.
inline bool HasViolation(const grpc::Status& status, const std::string& field,
                         const std::string& text = "") {
  for (const auto& [f, d] : FieldViolationsOf(status)) {
    if (f == field && d.find(text) != std::string::npos) return true;
  }
  return false;
}

}  // namespace govmetrics::testing

#endif  // GOVMETRICS_TESTS_SERVICE_SERVICE_TEST_UTIL_H_

#include "services/gateway/http_error.h"

#include "absl/status/status.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "nlohmann/json.hpp"

namespace govmetrics::gateway {
namespace {

std::string CodeName(grpc::StatusCode code) {
  return absl::StatusCodeToString(static_cast<absl::StatusCode>(code));
}

std::string ErrorBody(int http_status, grpc::StatusCode code, absl::string_view message,
                      nlohmann::json details) {
  nlohmann::json error = {{"code", http_status},
                          {"message", std::string(message)},
                          {"status", CodeName(code)},
                          {"details", std::move(details)}};
  // Invalid UTF-8 in a message (a column name echoed back) is replaced, never a throw.
  return nlohmann::json{{"error", std::move(error)}}.dump(-1, ' ', false,
                                                          nlohmann::json::error_handler_t::replace);
}

}  // namespace

int HttpStatusOf(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return 200;
    case grpc::StatusCode::CANCELLED: return 499;
    case grpc::StatusCode::INVALID_ARGUMENT: return 400;
    case grpc::StatusCode::FAILED_PRECONDITION: return 400;
    case grpc::StatusCode::OUT_OF_RANGE: return 400;
    case grpc::StatusCode::UNAUTHENTICATED: return 401;
    case grpc::StatusCode::PERMISSION_DENIED: return 403;
    case grpc::StatusCode::NOT_FOUND: return 404;
    case grpc::StatusCode::ALREADY_EXISTS: return 409;
    case grpc::StatusCode::ABORTED: return 409;
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return 429;
    case grpc::StatusCode::UNIMPLEMENTED: return 501;
    case grpc::StatusCode::UNAVAILABLE: return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED: return 504;
    default: return 500;  // UNKNOWN, INTERNAL, DATA_LOSS
  }
}

HttpError HttpErrorOf(const grpc::Status& status, const JsonTranscoder& transcoder) {
  nlohmann::json details = nlohmann::json::array();
  if (!status.error_details().empty()) {
    auto json = transcoder.MessageJson("google.rpc.Status", status.error_details());
    if (json.ok()) {
      nlohmann::json parsed = nlohmann::json::parse(*json, nullptr, false);
      if (parsed.is_object() && parsed.contains("details")) details = parsed["details"];
    }
  }
  const int http_status = HttpStatusOf(status.error_code());
  return {http_status, ErrorBody(http_status, status.error_code(), status.error_message(),
                                 std::move(details))};
}

grpc::Status InvalidRequest(absl::string_view field, absl::string_view description) {
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(grpc::StatusCode::INVALID_ARGUMENT));
  rpc_status.set_message(std::string(description));
  if (!field.empty()) {
    google::rpc::BadRequest bad_request;
    auto* violation = bad_request.add_field_violations();
    violation->set_field(std::string(field));
    violation->set_description(std::string(description));
    rpc_status.add_details()->PackFrom(bad_request);
  }
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, std::string(description),
                      rpc_status.SerializeAsString());
}

HttpError GatewayError(int http_status, grpc::StatusCode code, absl::string_view message) {
  return {http_status, ErrorBody(http_status, code, message, nlohmann::json::array())};
}

}  // namespace govmetrics::gateway

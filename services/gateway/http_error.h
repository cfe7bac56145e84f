#ifndef GOVMETRICS_SERVICES_GATEWAY_HTTP_ERROR_H_
#define GOVMETRICS_SERVICES_GATEWAY_HTTP_ERROR_H_

// Errors over HTTP as AIP-193 describes them: the HTTP status mapped from the gRPC code
// (google/rpc/code.proto's table) and the body
//   {"error": {"code": 400, "message": "...", "status": "INVALID_ARGUMENT",
//              "details": [{"@type": "type.googleapis.com/google.rpc.BadRequest", ...}]}}
// whose details are the very google.rpc.Status details the service sent in its
// grpc-status-details-bin trailer, in canonical JSON.

#include <string>

#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"
#include "services/gateway/json_transcoder.h"

namespace govmetrics::gateway {

// 400, 401, 403, 404, 409, 429, 499, 500, 501, 503, 504 as google.rpc.Code documents.
int HttpStatusOf(grpc::StatusCode code);

struct HttpError {
  int http_status = 500;
  std::string body;  // AIP-193 JSON
};

// From a status returned by a service (details kept).
HttpError HttpErrorOf(const grpc::Status& status, const JsonTranscoder& transcoder);

// A gateway-side INVALID_ARGUMENT (bad JSON, bad path or query value), with a
// google.rpc.BadRequest naming `field` when it is not empty.
grpc::Status InvalidRequest(absl::string_view field, absl::string_view description);

// An error of the gateway itself with an explicit HTTP status (404 no route, 405, 413).
HttpError GatewayError(int http_status, grpc::StatusCode code, absl::string_view message);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_HTTP_ERROR_H_

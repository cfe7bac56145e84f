#ifndef GOVMETRICS_SERVICES_GATEWAY_GATEWAY_SERVER_H_
#define GOVMETRICS_SERVICES_GATEWAY_GATEWAY_SERVER_H_

// The HTTP front door: every annotated RPC as HTTP/JSON (unary) or server-sent events
// (server streaming), the OpenAPI document, security headers and CORS. It computes
// nothing: each request becomes one gRPC call to the service's backend carrying the
// caller's bearer token and deadline, and the answer (or the error with its details)
// comes back as JSON.

#include <atomic>
#include <chrono>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "httplib.h"
#include "services/gateway/backend_calls.h"
#include "services/gateway/json_transcoder.h"
#include "services/gateway/route_table.h"
#include "services/gateway/web_assets.h"

namespace govmetrics::gateway {

struct GatewayOptions {
  size_t max_body_bytes = 64u << 20;
  std::vector<std::string> cors_origins;  // empty: no cross-origin access
  bool tls = false;                       // adds Strict-Transport-Security
  bool allow_insecure_tokens = false;     // accept Authorization over plaintext HTTP
  absl::Duration default_timeout = absl::Minutes(5);
  absl::Duration max_timeout = absl::Hours(1);
  // A server-sent-events stream whose backend is silent this long gets a keep-alive
  // comment: proxies keep the connection, and a failed write tells a client is gone.
  absl::Duration sse_keepalive = absl::Seconds(15);
  std::string openapi_json;               // served at /openapi.json
  WebAssets web;                          // the workbench (/workbench/) and API page (/api/)
};

class Gateway {
 public:
  Gateway(const RouteTable* routes, const JsonTranscoder* transcoder, const Backends* backends,
          GatewayOptions options);

  // Registers every handler and the server-wide settings (limits, headers) on `server`.
  void Install(httplib::Server* server);

  // Drain: new API requests get 503 from now on; in_flight() counts those still running.
  void StartDraining() { draining_.store(true); }
  bool draining() const { return draining_.load(); }
  int in_flight() const { return in_flight_.load(); }

 private:
  void HandleApi(const httplib::Request& request, httplib::Response& response);
  void ServeWebAsset(const httplib::Request& request, httplib::Response& response) const;
  // POST /v1/datasets:upload (services/gateway/dataset_upload.h).
  void HandleUpload(const httplib::Request& request, httplib::Response& response,
                    const httplib::ContentReader& content);
  void ServeUnary(const Route& route, std::string message, const httplib::Request& request,
                  httplib::Response& response);
  void ServeStream(const Route& route, std::string message, const httplib::Request& request,
                   httplib::Response& response);
  // Bearer token and deadline of the caller; an error when the timeout header is bad.
  grpc::Status PrepareContext(const httplib::Request& request, grpc::ClientContext* context) const;
  // UNAVAILABLE from the channel itself (no details) names the area and its target.
  grpc::Status NameBackendIfUnreachable(const grpc::Status& status, const Route& route) const;
  void ApplyCors(const httplib::Request& request, httplib::Response& response) const;
  void HandlePreflight(const httplib::Request& request, httplib::Response& response) const;

  const RouteTable* routes_;
  const JsonTranscoder* transcoder_;
  const Backends* backends_;
  GatewayOptions options_;
  std::atomic<bool> draining_{false};
  std::atomic<int> in_flight_{0};
};

// Writes an AIP-193 error body and its status into `response`.
void SendError(const grpc::Status& status, const JsonTranscoder& transcoder,
               httplib::Response& response);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_GATEWAY_SERVER_H_

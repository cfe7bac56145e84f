#ifndef GOVMETRICS_SERVICES_GATEWAY_ROUTE_TABLE_H_
#define GOVMETRICS_SERVICES_GATEWAY_ROUTE_TABLE_H_

// Every HTTP binding of every RPC, read from the google.api.http annotations of the
// services in a set of proto files (primary binding and additional_bindings).

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "services/gateway/path_template.h"

namespace govmetrics::gateway {

struct Route {
  std::string http_method;    // "GET", "POST", ...
  PathTemplate path;
  std::string body;           // "*", a request field name, or "" (no body)
  std::string response_body;  // "" = the whole response
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_path;      // "/govmetrics.index.v1.IndexService/ComputeIndex"
};

// The packages whose services the gateway serves: ours, and google.longrunning.Operations
// (served by the workspace for study operations).
const std::vector<std::string>& ServedPackagePrefixes();

class RouteTable {
 public:
  // Routes of every service whose full name starts with one of `package_prefixes`.
  // Fails on an unparsable template, a client-streaming method with a
  // binding (HTTP/1.1 request bodies are not a message stream), or two bindings with the
  // same verb and template.
  static absl::StatusOr<RouteTable> FromFiles(
      const std::vector<const google::protobuf::FileDescriptor*>& files,
      const std::vector<std::string>& package_prefixes);

  // The route for a request, with its path bindings; nullptr when none matches.
  // `path_matched` tells whether some route has this path with another verb (405).
  const Route* Find(absl::string_view http_method, absl::string_view path,
                    PathBindings* bindings, bool* path_matched) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_ROUTE_TABLE_H_

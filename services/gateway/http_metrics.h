#ifndef GOVMETRICS_SERVICES_GATEWAY_HTTP_METRICS_H_
#define GOVMETRICS_SERVICES_GATEWAY_HTTP_METRICS_H_

// HTTP-side metrics of the gateway, in the process registry (common/rpc/metrics.h) next
// to the grpc_client_* series of its backend calls:
//   http_requests_total{method,route,code}
//   http_request_duration_seconds{method,route} histogram
// `route` is the path template ("/v1/index:compute") or "unmatched", so the label set
// stays bounded whatever URLs clients send.

#include <string>

#include "absl/strings/string_view.h"

namespace govmetrics::gateway {

void RecordHttpRequest(absl::string_view method, absl::string_view route, int status,
                       double seconds);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_HTTP_METRICS_H_

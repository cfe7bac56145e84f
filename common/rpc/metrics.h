#ifndef GOVMETRICS_COMMON_RPC_METRICS_H_
#define GOVMETRICS_COMMON_RPC_METRICS_H_

// Prometheus metrics of a govmetrics binary, named as go-grpc-prometheus names them so
// that existing dashboards and alerts (Grafana "gRPC" dashboards, SLO rules on
// grpc_server_handled_total{grpc_code!="OK"}) work unchanged:
//   grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//   grpc_server_msg_received_total / grpc_server_msg_sent_total{...}
//   grpc_server_handling_seconds{...} histogram
// and the grpc_client_* equivalents for downstream calls. grpc_code uses Go's code names
// ("OK", "InvalidArgument", "Canceled", ...), again for dashboard compatibility.
// Plus process_* metrics read from /proc/self on each scrape, govmetrics_build_info, and
// govmetrics_server_in_flight_rpcs.
//
// One registry per process; the HTTP endpoint (--metrics_listen) serves it at /metrics.

#include <array>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"
#include "prometheus/counter.h"

namespace prometheus {
class Registry;
class Counter;
class Gauge;
class Histogram;
class Exposer;
}  // namespace prometheus

namespace govmetrics::rpc {

// The process-wide registry every govmetrics metric lives in.
prometheus::Registry& MetricsRegistry();

// The registry in the Prometheus text exposition format (what /metrics returns).
std::string RenderMetricsText();

// "/govmetrics.index.v1.IndexService/ComputeIndex" -> ("govmetrics.index.v1.IndexService",
// "ComputeIndex").
std::pair<std::string, std::string> SplitFullMethod(absl::string_view full_method);

// Go's name of a status code ("OK", "Canceled", "ResourceExhausted", ...).
const char* GoCodeName(grpc::StatusCode code);

// The time series of one method on one side (server or client). Handles are created once
// per method and kept for the life of the process (a handful of methods per binary).
class MethodMetrics {
 public:
  enum class Side { kServer, kClient };
  // grpc_type is "unary", "client_stream", "server_stream" or "bidi_stream".
  static MethodMetrics* Get(Side side, absl::string_view full_method, absl::string_view grpc_type);

  void Started();
  void Handled(grpc::StatusCode code, double seconds);
  void MessageReceived();
  void MessageSent();
  // Creates the grpc_code="OK" handled series at zero.
  void InitializeHandled();
  // govmetrics_agency_calls_total{agency,grpc_service,grpc_method,grpc_code} (below).
  void HandledForAgency(const std::string& agency, grpc::StatusCode code);

 private:
  MethodMetrics() = default;
  prometheus::Counter* HandledCounter(grpc::StatusCode code);
  Side side_ = Side::kServer;
  std::string service_, method_, type_;
  prometheus::Counter* started_ = nullptr;
  prometheus::Counter* received_ = nullptr;
  prometheus::Counter* sent_ = nullptr;
  prometheus::Histogram* seconds_ = nullptr;
  prometheus::Counter* handled_[17] = {};  // per code, created on first use
  // Per agency label (a bounded set), per code; created on first use.
  std::mutex agency_mutex_;
  std::map<std::string, std::array<prometheus::Counter*, 17>, std::less<>> agency_handled_;
};

// Creates the server series of every method of `service_full_name` (looked up in the
// generated descriptor pool) at zero, with grpc_code="OK" for handled, as
// go-grpc-prometheus' InitializeMetrics does: rate() and absent() alerts then work from
// the first scrape instead of from the first call.
void InitializeServerMetrics(const std::string& service_full_name);

// Histogram buckets of every latency metric (seconds, 5 ms to 5 minutes).
const std::vector<double>& LatencyBuckets();

// API calls being served now (health checks excluded); what --max_concurrent_rpcs caps.
prometheus::Gauge& InFlightGauge();

// Calls of `method` (e.g. "AnalyzeMediation") run on the heavy-call pool rather than
// inline (unary_reactor.h): resampling or big panels.
prometheus::Counter& OffloadedCallsCounter(const std::string& method);

// Per-agency series, when callers are identified (tokens or an access policy). The
// agency label comes from a bounded set (AgencyLabel in access_config.h): the agencies
// the configuration names, "other", "unauthenticated".
//   govmetrics_agency_calls_total{agency,grpc_service,grpc_method,grpc_code}
//   govmetrics_agency_quota_exceeded_total{agency,quota}  quota: rate | concurrency |
//                                                         request_size
void CountAgencyQuotaExceeded(const std::string& agency, const char* quota);

// Serves the registry over HTTP at /metrics on `listen` (HOST:PORT; port 0 picks one).
class MetricsServer {
 public:
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& listen,
                                                              const std::string& binary_name);
  ~MetricsServer();
  int port() const { return port_; }

 private:
  MetricsServer() = default;
  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
};

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_METRICS_H_

#include "common/rpc/metrics.h"

#include <map>
#include <mutex>
#include <sstream>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/rpc/process_metrics.h"
#include "google/protobuf/descriptor.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "prometheus/text_serializer.h"

namespace govmetrics::rpc {

// Prometheus' default buckets (what go-grpc-prometheus uses), extended to 5 minutes
// because a study or a 10,000-replication bootstrap legitimately takes that long.
const std::vector<double>& LatencyBuckets() {
  static const auto* buckets = new std::vector<double>{
      0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};
  return *buckets;
}

namespace {

struct Families {
  prometheus::Family<prometheus::Counter>* started;
  prometheus::Family<prometheus::Counter>* handled;
  prometheus::Family<prometheus::Counter>* received;
  prometheus::Family<prometheus::Counter>* sent;
  prometheus::Family<prometheus::Histogram>* seconds;
};

Families MakeFamilies(const char* side) {
  auto& registry = MetricsRegistry();
  const std::string who = std::string(side) == "server" ? "server" : "client";
  const std::string p = absl::StrCat("grpc_", side, "_");
  return Families{
      &prometheus::BuildCounter()
           .Name(p + "started_total")
           .Help(who == "server" ? "Total number of RPCs started on the server."
                                 : "Total number of RPCs started on the client.")
           .Register(registry),
      &prometheus::BuildCounter()
           .Name(p + "handled_total")
           .Help(who == "server"
                     ? "Total number of RPCs completed on the server, regardless of success or "
                       "failure."
                     : "Total number of RPCs completed by the client, regardless of success or "
                       "failure.")
           .Register(registry),
      &prometheus::BuildCounter()
           .Name(p + "msg_received_total")
           .Help("Total number of RPC stream messages received.")
           .Register(registry),
      &prometheus::BuildCounter()
           .Name(p + "msg_sent_total")
           .Help("Total number of gRPC stream messages sent.")
           .Register(registry),
      &prometheus::BuildHistogram()
           .Name(p + "handling_seconds")
           .Help(who == "server"
                     ? "Histogram of response latency (seconds) of gRPC that had been application-"
                       "level handled by the server."
                     : "Histogram of response latency (seconds) of the gRPC until it is finished "
                       "by the application.")
           .Register(registry),
  };
}

Families& FamiliesFor(MethodMetrics::Side side) {
  static Families* server = new Families(MakeFamilies("server"));
  static Families* client = new Families(MakeFamilies("client"));
  return side == MethodMetrics::Side::kServer ? *server : *client;
}

// Immortal (never destroyed): gRPC and civetweb threads may still record or scrape while
// static destructors run at exit.
std::shared_ptr<prometheus::Registry> SharedRegistry() {
  static auto* registry =
      new std::shared_ptr<prometheus::Registry>(std::make_shared<prometheus::Registry>());
  return *registry;
}

std::shared_ptr<ProcessCollector> SharedProcessCollector() {
  static auto* collector =
      new std::shared_ptr<ProcessCollector>(std::make_shared<ProcessCollector>());
  return *collector;
}

}  // namespace

prometheus::Registry& MetricsRegistry() { return *SharedRegistry(); }

std::string RenderMetricsText() {
  auto families = MetricsRegistry().Collect();
  for (auto& f : SharedProcessCollector()->Collect()) families.push_back(std::move(f));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

std::pair<std::string, std::string> SplitFullMethod(absl::string_view full_method) {
  if (!full_method.empty() && full_method.front() == '/') full_method.remove_prefix(1);
  const size_t slash = full_method.rfind('/');
  if (slash == absl::string_view::npos) return {"unknown", std::string(full_method)};
  return {std::string(full_method.substr(0, slash)), std::string(full_method.substr(slash + 1))};
}

const char* GoCodeName(grpc::StatusCode code) {
  static const char* const kNames[] = {
      "OK",           "Canceled",          "Unknown",       "InvalidArgument",
      "DeadlineExceeded", "NotFound",      "AlreadyExists", "PermissionDenied",
      "ResourceExhausted", "FailedPrecondition", "Aborted", "OutOfRange",
      "Unimplemented", "Internal",         "Unavailable",   "DataLoss",
      "Unauthenticated"};
  const int index = static_cast<int>(code);
  return index >= 0 && index <= 16 ? kNames[index] : "Unknown";
}

MethodMetrics* MethodMetrics::Get(Side side, absl::string_view full_method,
                                  absl::string_view grpc_type) {
  static auto* mutex = new std::mutex;
  static auto* cache =
      new std::map<std::tuple<int, std::string, std::string>, std::unique_ptr<MethodMetrics>>;
  std::lock_guard<std::mutex> lock(*mutex);
  auto key = std::make_tuple(static_cast<int>(side), std::string(full_method),
                             std::string(grpc_type));
  auto it = cache->find(key);
  if (it != cache->end()) return it->second.get();
  std::unique_ptr<MethodMetrics> m(new MethodMetrics);
  m->side_ = side;
  std::tie(m->service_, m->method_) = SplitFullMethod(full_method);
  m->type_ = std::string(grpc_type);
  const prometheus::Labels labels = {
      {"grpc_type", m->type_}, {"grpc_service", m->service_}, {"grpc_method", m->method_}};
  Families& f = FamiliesFor(side);
  m->started_ = &f.started->Add(labels);
  m->received_ = &f.received->Add(labels);
  m->sent_ = &f.sent->Add(labels);
  m->seconds_ = &f.seconds->Add(labels, LatencyBuckets());
  MethodMetrics* raw = m.get();
  cache->emplace(std::move(key), std::move(m));
  return raw;
}

void MethodMetrics::Started() { started_->Increment(); }
void MethodMetrics::MessageReceived() { received_->Increment(); }
void MethodMetrics::MessageSent() { sent_->Increment(); }

prometheus::Counter* MethodMetrics::HandledCounter(grpc::StatusCode code) {
  int index = static_cast<int>(code);
  if (index < 0 || index > 16) index = static_cast<int>(grpc::StatusCode::UNKNOWN);
  static auto* mutex = new std::mutex;
  std::lock_guard<std::mutex> lock(*mutex);
  if (handled_[index] == nullptr) {
    handled_[index] = &FamiliesFor(side_).handled->Add(
        {{"grpc_type", type_}, {"grpc_service", service_}, {"grpc_method", method_},
         {"grpc_code", GoCodeName(static_cast<grpc::StatusCode>(index))}});
  }
  return handled_[index];
}

void MethodMetrics::InitializeHandled() { HandledCounter(grpc::StatusCode::OK); }

void MethodMetrics::Handled(grpc::StatusCode code, double seconds) {
  HandledCounter(code)->Increment();
  seconds_->Observe(seconds);
}

namespace {
prometheus::Family<prometheus::Counter>& AgencyCallsFamily() {
  static auto* family = &prometheus::BuildCounter()
                             .Name("govmetrics_agency_calls_total")
                             .Help("API calls by calling agency (from the access policy or the "
                                   "token file; 'other' for the rest), method and code.")
                             .Register(MetricsRegistry());
  return *family;
}
}  // namespace

void MethodMetrics::HandledForAgency(const std::string& agency, grpc::StatusCode code) {
  int index = static_cast<int>(code);
  if (index < 0 || index > 16) index = static_cast<int>(grpc::StatusCode::UNKNOWN);
  prometheus::Counter* counter = nullptr;
  {
    // Looked up per call, so cached here rather than asked of the family (which builds
    // and hashes a label map each time).
    std::lock_guard<std::mutex> lock(agency_mutex_);
    auto it = agency_handled_.find(agency);
    if (it == agency_handled_.end()) it = agency_handled_.emplace(agency, decltype(it->second){}).first;
    counter = it->second[index];
    if (counter == nullptr) {
      counter = &AgencyCallsFamily().Add(
          {{"agency", agency}, {"grpc_service", service_}, {"grpc_method", method_},
           {"grpc_code", GoCodeName(static_cast<grpc::StatusCode>(index))}});
      it->second[index] = counter;
    }
  }
  counter->Increment();
}

void InitializeServerMetrics(const std::string& service_full_name) {
  const auto* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service_full_name);
  if (service == nullptr) return;
  for (int i = 0; i < service->method_count(); ++i) {
    const auto* method = service->method(i);
    const char* type = method->client_streaming()
                           ? (method->server_streaming() ? "bidi_stream" : "client_stream")
                           : (method->server_streaming() ? "server_stream" : "unary");
    MethodMetrics* metrics = MethodMetrics::Get(
        MethodMetrics::Side::kServer, absl::StrCat("/", service_full_name, "/", method->name()),
        type);
    metrics->InitializeHandled();
  }
}

prometheus::Gauge& InFlightGauge() {
  static prometheus::Gauge* gauge = &prometheus::BuildGauge()
                                         .Name("govmetrics_server_in_flight_rpcs")
                                         .Help("API calls being served now (health checks "
                                               "excluded); capped by --max_concurrent_rpcs.")
                                         .Register(MetricsRegistry())
                                         .Add({});
  return *gauge;
}

prometheus::Counter& OffloadedCallsCounter(const std::string& method) {
  static auto* family = &prometheus::BuildCounter()
                             .Name("govmetrics_server_offloaded_rpcs_total")
                             .Help("API calls run on the heavy-call thread pool instead of "
                                   "inline on a gRPC thread (resampling or a big panel).")
                             .Register(MetricsRegistry());
  return family->Add({{"grpc_method", method}});
}

void CountAgencyQuotaExceeded(const std::string& agency, const char* quota) {
  static auto* family = &prometheus::BuildCounter()
                             .Name("govmetrics_agency_quota_exceeded_total")
                             .Help("API calls refused because the agency was over a budget of "
                                   "the access policy (quota: rate, concurrency, "
                                   "request_size).")
                             .Register(MetricsRegistry());
  family->Add({{"agency", agency}, {"quota", quota}}).Increment();
}

MetricsServer::~MetricsServer() = default;

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(
    const std::string& listen, const std::string& binary_name) {
  static bool build_info_set = [&] {
    prometheus::BuildGauge()
        .Name("govmetrics_build_info")
        .Help("Always 1; labels name the binary and its version.")
        .Register(MetricsRegistry())
        .Add({{"binary", binary_name}, {"version", GOVMETRICS_VERSION}})
        .Set(1);
    return true;
  }();
  (void)build_info_set;
  InFlightGauge();  // exported from the first scrape, even before any call
  std::unique_ptr<MetricsServer> server(new MetricsServer);
  try {
    // civetweb takes "HOST:PORT" (IPv6 as "[::]:PORT"); two threads are plenty for a
    // scraper or two.
    server->exposer_ = std::make_unique<prometheus::Exposer>(listen, 2);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrFormat("cannot serve metrics on %s: %s", listen, e.what()));
  }
  // The exposer keeps weak_ptrs: both collectables live for the whole process.
  server->exposer_->RegisterCollectable(SharedRegistry());
  server->exposer_->RegisterCollectable(SharedProcessCollector());
  const auto ports = server->exposer_->GetListeningPorts();
  server->port_ = ports.empty() ? 0 : ports.front();
  return server;
}

}  // namespace govmetrics::rpc

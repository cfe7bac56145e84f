// govmetrics-gateway: HTTP/JSON for every annotated RPC, server-sent events for
// streaming ones, the OpenAPI document. Flags: docs/operations.md ("Gateway").
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc/json_log.h"
#include "grpcpp/health_check_service_interface.h"
#include "common/rpc/metrics.h"
#include "common/rpc/server_command_line.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/server_runtime.h"
#include "common/rpc/tls_credentials.h"
#include "services/gateway/descriptor_set.h"
#include "services/gateway/gateway_server.h"
#include "services/gateway/openapi_embedded.h"
#include "services/gateway/web_assets.h"

ABSL_FLAG(std::string, backends,
          "index=127.0.0.1:50051,modeling=127.0.0.1:50052,reporting=127.0.0.1:50053,"
          "workspace=127.0.0.1:50054,google.longrunning.Operations=127.0.0.1:50054",
          "Comma-separated KEY=TARGET pairs: the gRPC address serving each govmetrics.<KEY>.v1 "
          "package, or the service whose full name is KEY (e.g. "
          "workspace=dns:///govmetrics-workspace-headless:50054).");
ABSL_FLAG(int, max_body_mb, 64, "Largest HTTP request body, in MiB; larger ones get 413.");
ABSL_FLAG(std::string, cors_allowed_origins, "",
          "Comma-separated origins (https://analysis.example.gov) allowed to call the API from "
          "a browser page served elsewhere; '*' allows any. Empty (default): no CORS.");
ABSL_FLAG(double, default_timeout_seconds, 300,
          "Deadline of a backend call when the request has no X-Server-Timeout header.");
ABSL_FLAG(double, max_timeout_seconds, 3600, "Longest deadline an X-Server-Timeout may ask for.");
ABSL_FLAG(double, sse_keepalive_seconds, 15,
          "A server-sent-events stream (StreamStudy, an operation watch) whose backend is silent "
          "this long gets a keep-alive comment; a client that went away is noticed then and its "
          "backend call cancelled.");
ABSL_FLAG(std::string, downstream_tls_cert, "", "PEM client certificate presented to the backends (mTLS).");
ABSL_FLAG(std::string, downstream_tls_key, "", "PEM private key for --downstream_tls_cert.");
ABSL_FLAG(std::string, downstream_ca, "",
          "PEM CA bundle that signed the backends' certificates; any --downstream_* flag turns "
          "TLS on for backend calls.");

namespace govmetrics::gateway {
namespace {

constexpr char kBinary[] = "govmetrics-gateway";

int Fail(const absl::Status& status) {
  rpc::LogLine("startup_failed", "error").Str("binary", kBinary).Str("error", status.message()).Emit();
  std::fprintf(stderr, "%s: %s\n", kBinary, std::string(status.message()).c_str());
  return 1;
}

// Binds HOST:PORT (port 0 picks one); returns the bound port or 0.
int BindPort(httplib::Server* server, const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = 0;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port)) return 0;
  const std::string host = listen.substr(0, colon);
  if (port == 0) return server->bind_to_any_port(host);
  return server->bind_to_port(host, port) ? port : 0;
}

std::unique_ptr<httplib::Server> MakeHttpServer() {
  const std::string cert = absl::GetFlag(FLAGS_tls_cert);
  if (cert.empty()) return std::make_unique<httplib::Server>();
  const std::string key = absl::GetFlag(FLAGS_tls_key);
  const std::string client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  return std::make_unique<httplib::SSLServer>(cert.c_str(), key.c_str(),
                                              client_ca.empty() ? nullptr : client_ca.c_str());
}

GatewayOptions OptionsFromFlags() {
  GatewayOptions options;
  options.max_body_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_body_mb)) << 20;
  options.cors_origins = absl::StrSplit(absl::GetFlag(FLAGS_cors_allowed_origins), ',', absl::SkipWhitespace());
  options.tls = !absl::GetFlag(FLAGS_tls_cert).empty();
  options.allow_insecure_tokens = absl::GetFlag(FLAGS_allow_insecure_tokens);
  options.default_timeout = absl::Seconds(absl::GetFlag(FLAGS_default_timeout_seconds));
  options.max_timeout = absl::Seconds(absl::GetFlag(FLAGS_max_timeout_seconds));
  options.sse_keepalive = absl::Seconds(absl::GetFlag(FLAGS_sse_keepalive_seconds));
  options.openapi_json = std::string(EmbeddedOpenApiDocument());
  return options;
}

// gRPC health (grpc.health.v1, overall status "") on the plaintext admin port, as the
// other binaries serve it: Kubernetes gRPC probes and the local launcher treat all alike.
std::unique_ptr<grpc::Server> StartAdminServer(const std::string& listen, int* port) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), port);
  std::unique_ptr<grpc::Server> admin = builder.BuildAndStart();
  if (admin == nullptr || *port == 0) return nullptr;
  admin->GetHealthCheckService()->SetServingStatus(true);
  return admin;
}

void DrainThenStop(Gateway* gateway, httplib::Server* server, grpc::Server* admin) {
  const int received = rpc::WaitForTerminationSignal();
  const int drain = absl::GetFlag(FLAGS_drain_seconds);
  rpc::LogLine("draining").Int("signal", received).Int("drain_seconds", drain).Emit();
  if (admin) admin->GetHealthCheckService()->SetServingStatus(false);
  gateway->StartDraining();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(drain);
  while (gateway->in_flight() > 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  rpc::LogLine("drained").Int("in_flight", gateway->in_flight()).Emit();
  server->stop();
  if (admin) admin->Shutdown(std::chrono::system_clock::now());
}

// The HTTP listeners and the metrics endpoint, bound before anything is announced.
struct Listeners {
  std::unique_ptr<httplib::Server> api;
  std::unique_ptr<grpc::Server> admin;
  std::unique_ptr<rpc::MetricsServer> metrics;
  int api_port = 0, admin_port = 0;
  std::string host;
};

absl::StatusOr<Listeners> Bind(Gateway* gateway) {
  Listeners listeners;
  if (const std::string listen = absl::GetFlag(FLAGS_metrics_listen); !listen.empty()) {
    auto started = rpc::MetricsServer::Start(listen, kBinary);
    if (!started.ok()) return started.status();
    listeners.metrics = *std::move(started);
  }
  listeners.api = MakeHttpServer();
  if (!listeners.api->is_valid()) {
    return absl::InvalidArgumentError("TLS certificate or key unreadable (--tls_cert, --tls_key, --tls_client_ca)");
  }
  const int threads = absl::GetFlag(FLAGS_threads) > 0 ? absl::GetFlag(FLAGS_threads) : 32;
  listeners.api->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  gateway->Install(listeners.api.get());
  std::string listen = absl::GetFlag(FLAGS_listen);
  if (listen.empty()) listen = "127.0.0.1:8080";
  listeners.host = listen.substr(0, listen.rfind(':'));
  listeners.api_port = BindPort(listeners.api.get(), listen);
  if (listeners.api_port == 0) return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  if (const std::string admin_listen = absl::GetFlag(FLAGS_admin_listen); !admin_listen.empty()) {
    listeners.admin = StartAdminServer(admin_listen, &listeners.admin_port);
    if (listeners.admin == nullptr) {
      return absl::UnavailableError(absl::StrCat("cannot listen on admin address ", admin_listen));
    }
  }
  return listeners;
}

int Serve(Gateway* gateway, Listeners& listeners, size_t route_count) {
  // Scripts and tests read these lines (as for the other binaries); "listening" is last.
  if (listeners.admin) std::printf("%s admin on port %d\n", kBinary, listeners.admin_port);
  if (listeners.metrics) std::printf("%s metrics on port %d\n", kBinary, listeners.metrics->port());
  std::printf("%s listening on %s:%d\n", kBinary, listeners.host.c_str(), listeners.api_port);
  std::fflush(stdout);
  const bool tls = !absl::GetFlag(FLAGS_tls_cert).empty();
  rpc::LogLine line("listening", tls ? "info" : "warn");
  line.Str("binary", kBinary).Str("version", GOVMETRICS_VERSION).Int("port", listeners.api_port)
      .Int("admin_port", listeners.admin_port).Int("metrics_port", listeners.metrics ? listeners.metrics->port() : 0)
      .Bool("tls", tls).Int("routes", static_cast<long long>(route_count))
      .Str("backends", absl::GetFlag(FLAGS_backends));
  if (!tls) line.Str("note", "API port is plaintext");
  line.Emit();
  std::thread drain_thread([&] { DrainThenStop(gateway, listeners.api.get(), listeners.admin.get()); });
  listeners.api->listen_after_bind();
  drain_thread.join();
  rpc::LogLine("stopped").Str("binary", kBinary).Emit();
  return 0;
}

int Run() {
  // As RunServer does (server_runtime.cc): no absl::Mutex deadlock graph on every gRPC lock.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  if (absl::Status handlers = rpc::InstallTerminationHandlers(); !handlers.ok()) return Fail(handlers);
  auto contracts = LoadContracts(EmbeddedDescriptorSet());
  if (!contracts.ok()) return Fail(contracts.status());
  auto routes = RouteTable::FromFiles(contracts->files, ServedPackagePrefixes());
  if (!routes.ok()) return Fail(routes.status());
  auto credentials = rpc::MakeChannelCredentials(absl::GetFlag(FLAGS_downstream_tls_cert),
                                                 absl::GetFlag(FLAGS_downstream_tls_key),
                                                 absl::GetFlag(FLAGS_downstream_ca));
  if (!credentials.ok()) return Fail(credentials.status());
  auto backends = Backends::Parse(absl::GetFlag(FLAGS_backends), *credentials,
                                  absl::GetFlag(FLAGS_max_message_mb) << 20);
  if (!backends.ok()) return Fail(backends.status());
  JsonTranscoder transcoder(contracts->pool.get());
  GatewayOptions options = OptionsFromFlags();
  auto web = ParseWebBundle(EmbeddedWebBundle());
  if (!web.ok()) return Fail(web.status());
  options.web = *std::move(web);
  Gateway gateway(&*routes, &transcoder, &*backends, std::move(options));
  auto listeners = Bind(&gateway);
  if (!listeners.ok()) return Fail(listeners.status());
  return Serve(&gateway, *listeners, routes->routes().size());
}

}  // namespace
}  // namespace govmetrics::gateway

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  govmetrics::rpc::ParseServerCommandLine(
      argc, argv, "govmetrics-gateway",
      "the HTTP/JSON gateway: every annotated RPC of the govmetrics services over HTTP/JSON, "
      "server-sent events for streams, /openapi.json.");
  return govmetrics::gateway::Run();
}

#include "common/rpc/server_runtime.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <memory>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/rpc/auth_tokens.h"
#include "common/rpc/config_reloader.h"
#include "common/rpc/json_log.h"
#include "common/rpc/metrics.h"
#include "common/rpc/reflection.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/tls_credentials.h"
#include "grpcpp/health_check_service_interface.h"

namespace govmetrics::rpc {
namespace {

void ApplyCommonOptions(grpc::ServerBuilder* builder) {
  const int max_bytes = absl::GetFlag(FLAGS_max_message_mb) * 1024 * 1024;
  builder->SetMaxReceiveMessageSize(max_bytes);
  builder->SetMaxSendMessageSize(max_bytes);
  if (absl::GetFlag(FLAGS_threads) > 0) {
    grpc::ResourceQuota quota("govmetrics");
    quota.SetMaxThreads(absl::GetFlag(FLAGS_threads));
    builder->SetResourceQuota(quota);
  }
  // Sync services (reporting): gRPC ends a worker thread after its call when more than
  // MAX_POLLERS (default 2) threads are idle, so a loaded server created and destroyed a
  // thread for about every fourth call. Idle threads now stay and poll; their number is
  // bounded by the peak of concurrent calls (--max_concurrent_rpcs, --threads).
  builder->SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS, 1 << 20);
}

// Returns the factory (owned by the builder, then the server) for its in-flight count.
const GovmetricsServerInterceptorFactory* AddInterceptor(grpc::ServerBuilder* builder,
                                                         AdmissionPolicy policy) {
  auto factory = std::make_unique<GovmetricsServerInterceptorFactory>(std::move(policy));
  const GovmetricsServerInterceptorFactory* handle = factory.get();
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  factories.push_back(std::move(factory));
  builder->experimental().SetInterceptorCreators(std::move(factories));
  return handle;
}

// Waits until no admitted API call is running or `deadline` passes, whichever is first.
void WaitForInFlightCalls(const GovmetricsServerInterceptorFactory& calls,
                          std::chrono::system_clock::time_point deadline) {
  while (calls.in_flight() > 0 && std::chrono::system_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void SetHealth(grpc::Server* server, const std::vector<ServedService>& services, bool serving) {
  if (server == nullptr) return;
  auto* health = server->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);  // overall ("") status
  for (const auto& s : services) health->SetServingStatus(s.health_name, serving);
}

// Termination signals are turned into a byte on a pipe that the drain thread reads. A
// handler (not a sigwait mask) works whichever thread the kernel picks: threads that gRPC
// started before RunServer (e.g. for a service's downstream channels) do not have the
// signals blocked, and with a mask they would take the default action and kill the
// process mid-request.
int g_signal_pipe[2] = {-1, -1};

extern "C" void OnTerminationSignal(int signal_number) {
  const int saved_errno = errno;
  const unsigned char byte = static_cast<unsigned char>(signal_number);
  // write() is async-signal-safe; a full pipe means a drain is already under way.
  [[maybe_unused]] ssize_t ignored = write(g_signal_pipe[1], &byte, 1);
  errno = saved_errno;
}

}  // namespace

absl::Status InstallTerminationHandlers() {
  if (g_signal_pipe[0] < 0 && pipe2(g_signal_pipe, O_CLOEXEC) != 0) {
    return absl::InternalError("cannot create the signal pipe");
  }
  fcntl(g_signal_pipe[1], F_SETFL, fcntl(g_signal_pipe[1], F_GETFL) | O_NONBLOCK);
  struct sigaction action = {};
  action.sa_handler = OnTerminationSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  if (sigaction(SIGTERM, &action, nullptr) != 0 || sigaction(SIGINT, &action, nullptr) != 0) {
    return absl::InternalError("cannot install SIGTERM / SIGINT handlers");
  }
  return absl::OkStatus();
}

namespace {

// Blocks (SIG_BLOCK) or unblocks (SIG_UNBLOCK) SIGTERM and SIGINT for the calling thread.
void SetTerminationSignalMask(int how) {
  sigset_t termination;
  sigemptyset(&termination);
  sigaddset(&termination, SIGTERM);
  sigaddset(&termination, SIGINT);
  pthread_sigmask(how, &termination, nullptr);
}

}  // namespace

// Blocks until a termination signal arrives; returns its number. Unblocks SIGTERM and
// SIGINT for the calling thread only: when main() blocked them first
// (BlockTerminationSignals), every other thread inherited the block, so the kernel
// delivers them here, to a thread sitting in poll(). That matters under ThreadSanitizer,
// which defers a handler until its thread next enters an intercepted call: delivered to a
// gRPC thread parked in a raw futex syscall, SIGTERM never ran and the server never drained.
int WaitForTerminationSignal() {
  SetTerminationSignalMask(SIG_UNBLOCK);
  unsigned char byte = 0;
  while (true) {
    // Wait in poll(), not read(): TSan runs a signal's handler at once only inside the
    // calls it knows to block (poll is one); in read() it would defer it forever.
    pollfd readable = {g_signal_pipe[0], POLLIN, 0};
    if (poll(&readable, 1, -1) < 0 && errno == EINTR) continue;
    const ssize_t n = read(g_signal_pipe[0], &byte, 1);
    if (n == 1) return byte;
    if (n < 0 && errno == EINTR) continue;
    return SIGTERM;  // pipe closed: treat as a stop request
  }
}

namespace {

// Debian's Abseil is built with assertions, which turns on absl::Mutex deadlock
// detection: every lock gRPC takes (it locks absl::Mutex on every call) then updates a
// global lock-order graph. A measured share of each small RPC's CPU (docs/performance.md).
void DisableMutexDeadlockDetection() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
}

int StartupFailure(const ServerConfig& config, const absl::Status& status) {
  LogLine("startup_failed", "error").Str("binary", config.binary_name).Str("error",
                                                                            status.message())
      .Emit();
  std::fprintf(stderr, "%s: %s\n", config.binary_name.c_str(), std::string(status.message()).c_str());
  return 1;
}

}  // namespace

void BlockTerminationSignals() {
  SetTerminationSignalMask(SIG_BLOCK);
  sigset_t hangup;
  sigemptyset(&hangup);
  sigaddset(&hangup, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &hangup, nullptr);
}

AdmissionPolicy AdmissionPolicyFromFlags() {
  AdmissionPolicy policy;
  policy.limits.max_rows = absl::GetFlag(FLAGS_max_rows);
  policy.limits.max_columns = absl::GetFlag(FLAGS_max_columns);
  policy.limits.max_replications = absl::GetFlag(FLAGS_max_replications);
  policy.max_concurrent_rpcs = absl::GetFlag(FLAGS_max_concurrent_rpcs);
  return policy;
}

absl::StatusOr<RuntimeOptions> RuntimeOptionsFromFlags() {
  RuntimeOptions options;
  options.admission = AdmissionPolicyFromFlags();
  const std::string cert = absl::GetFlag(FLAGS_tls_cert);
  const std::string key = absl::GetFlag(FLAGS_tls_key);
  const std::string client_ca = absl::GetFlag(FLAGS_tls_client_ca);
  if (!cert.empty() && !key.empty()) {
    // Certificate, key and CA can be replaced while the server runs.
    auto tls = ReloadableServerTls::Create(TlsFiles{cert, key, client_ca});
    if (!tls.ok()) return tls.status();
    options.reloadable_tls = *std::move(tls);
    options.credentials = options.reloadable_tls->credentials();
  } else {
    auto credentials = MakeServerCredentials(cert, key, client_ca);  // plaintext, or why not
    if (!credentials.ok()) return credentials.status();
    options.credentials = *credentials;
  }
  options.tls = !cert.empty();
  options.mutual_tls = options.tls && !client_ca.empty();

  const AccessFiles access_files{absl::GetFlag(FLAGS_auth_tokens_file),
                                 absl::GetFlag(FLAGS_access_policy_file)};
  if (!access_files.tokens.empty() && !options.tls &&
      !absl::GetFlag(FLAGS_allow_insecure_tokens)) {
    return absl::FailedPreconditionError(
        "--auth_tokens_file without --tls_cert would accept bearer tokens in clear text; "
        "add --tls_cert/--tls_key, or --allow_insecure_tokens for local testing only");
  }
  auto access = LoadAccessConfig(access_files);
  if (!access.ok()) return access.status();
  options.admission.tokens = access->tokens;
  options.admission.access_policy = access->policy;
  return options;
}

int RunServer(const ServerConfig& config, const std::vector<ServedService>& services) {
  DisableMutexDeadlockDetection();
  if (absl::Status handlers = InstallTerminationHandlers(); !handlers.ok()) {
    return StartupFailure(config, handlers);
  }

  auto options = RuntimeOptionsFromFlags();
  if (!options.ok()) return StartupFailure(config, options.status());
  const bool tokens = options->admission.tokens != nullptr;
  const size_t token_count = tokens ? options->admission.tokens->size() : 0;

  grpc::EnableDefaultHealthCheckService(true);
  if (absl::GetFlag(FLAGS_reflection)) EnableReflection();

  std::string listen = absl::GetFlag(FLAGS_listen);
  if (listen.empty()) listen = config.default_listen;

  // Metrics first, so that a port clash fails startup before the API port takes traffic.
  std::unique_ptr<MetricsServer> metrics;
  const std::string metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  if (!metrics_listen.empty()) {
    auto started = MetricsServer::Start(metrics_listen, config.binary_name);
    if (!started.ok()) return StartupFailure(config, started.status());
    metrics = *std::move(started);
    for (const auto& s : services) InitializeServerMetrics(s.health_name);
  }

  grpc::ServerBuilder builder;
  ApplyCommonOptions(&builder);
  const int max_age = absl::GetFlag(FLAGS_max_connection_age_seconds);
  if (max_age > 0) {
    // Clients reconnect (and re-resolve a headless Service) after this; in-flight calls
    // on the old connection are given unlimited grace (gRPC's default) to finish.
    builder.AddChannelArgument(GRPC_ARG_MAX_CONNECTION_AGE_MS, max_age * 1000);
  }
  auto draining = std::make_shared<std::atomic<bool>>(false);
  options->admission.draining = draining;
  options->admission.server_name = config.binary_name;
  const GovmetricsServerInterceptorFactory* calls = AddInterceptor(&builder, options->admission);
  int bound_port = 0;
  builder.AddListeningPort(listen, options->credentials, &bound_port);
  for (const auto& s : services) builder.RegisterService(s.service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    return StartupFailure(config, absl::UnavailableError(absl::StrCat("cannot listen on ", listen)));
  }

  // The admin server only answers health checks, always in plaintext (kubelet probes
  // carry no client certificate); it has its own health service instance, kept in step
  // with the API server's.
  std::unique_ptr<grpc::Server> admin;
  int admin_port = 0;
  const std::string admin_listen = absl::GetFlag(FLAGS_admin_listen);
  if (!admin_listen.empty()) {
    grpc::ServerBuilder admin_builder;
    admin_builder.AddListeningPort(admin_listen, grpc::InsecureServerCredentials(), &admin_port);
    admin = admin_builder.BuildAndStart();
    if (admin == nullptr || admin_port == 0) {
      server->Shutdown();
      return StartupFailure(
          config, absl::UnavailableError(absl::StrCat("cannot listen on admin address ",
                                                      admin_listen)));
    }
  }
  SetHealth(server.get(), services, true);
  SetHealth(admin.get(), services, true);

  const std::string host = listen.substr(0, listen.rfind(':'));
  // Scripts and tests read these lines to learn ports chosen with port 0; the
  // "listening on" line comes last, so a reader that stops there has seen the others.
  if (admin) std::printf("%s admin on port %d\n", config.binary_name.c_str(), admin_port);
  if (metrics) std::printf("%s metrics on port %d\n", config.binary_name.c_str(), metrics->port());
  std::printf("%s listening on %s:%d\n", config.binary_name.c_str(), host.c_str(), bound_port);
  std::fflush(stdout);
  LogLine line("listening", !options->tls ? "warn" : "info");
  line.Str("binary", config.binary_name)
      .Str("version", GOVMETRICS_VERSION)
      .Int("port", bound_port)
      .Int("admin_port", admin_port)
      .Int("metrics_port", metrics ? metrics->port() : 0)
      .Bool("tls", options->tls)
      .Bool("mutual_tls", options->mutual_tls)
      .Bool("bearer_tokens", tokens)
      .Int("agencies", static_cast<long long>(token_count))
      .Int("policy_agencies",
           options->admission.access_policy == nullptr
               ? 0
               : static_cast<long long>(options->admission.access_policy->agencies().size()))
      .Int("max_rows", options->admission.limits.max_rows)
      .Int("max_columns", options->admission.limits.max_columns)
      .Int("max_replications", options->admission.limits.max_replications)
      .Int("max_concurrent_rpcs", options->admission.max_concurrent_rpcs);
  if (!options->tls) line.Str("note", "API port is plaintext");
  line.Emit();

  ConfigReloader reloader(
      AccessFiles{absl::GetFlag(FLAGS_auth_tokens_file), absl::GetFlag(FLAGS_access_policy_file)},
      &calls->access(), options->reloadable_tls.get(), absl::GetFlag(FLAGS_reload_check_seconds));
  if (absl::Status started = reloader.Start(); !started.ok()) {
    server->Shutdown();
    return StartupFailure(config, started);
  }

  std::thread signal_thread([&]() {
    const int received = WaitForTerminationSignal();
    const int drain = absl::GetFlag(FLAGS_drain_seconds);
    LogLine("draining").Int("signal", received).Int("drain_seconds", drain).Emit();
    const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(drain);
    // NOT_SERVING first so load balancers and probes stop sending new work. New API
    // calls are then refused with UNAVAILABLE by the interceptor while the listener is
    // still open, and admitted calls run to completion. Only then is gRPC shut down:
    // Server::Shutdown cancels (CANCELLED, no retry) any call that reaches it after the
    // shutdown flag but before the client has read the GOAWAY, so it must find no
    // traffic still arriving. Calls left at the deadline are cancelled.
    SetHealth(server.get(), services, false);
    SetHealth(admin.get(), services, false);
    draining->store(true);
    WaitForInFlightCalls(*calls, deadline);
    LogLine("drained").Int("in_flight", calls->in_flight()).Emit();
    server->Shutdown(deadline);
  });
  server->Wait();
  signal_thread.join();
  if (admin) admin->Shutdown(std::chrono::system_clock::now());
  LogLine("stopped").Str("binary", config.binary_name).Emit();
  return 0;
}

InProcessServer::InProcessServer(const std::vector<ServedService>& services)
    : InProcessServer(services, AdmissionPolicyFromFlags()) {}

InProcessServer::InProcessServer(const std::vector<ServedService>& services,
                                 AdmissionPolicy policy) {
  DisableMutexDeadlockDetection();
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  ApplyCommonOptions(&builder);
  AddInterceptor(&builder, std::move(policy));
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
  for (const auto& s : services) builder.RegisterService(s.service);
  server_ = builder.BuildAndStart();
  SetHealth(server_.get(), services, true);
}

InProcessServer::~InProcessServer() {
  if (server_) server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(5));
}

std::string InProcessServer::target() const { return absl::StrCat("127.0.0.1:", port_); }

std::shared_ptr<grpc::Channel> InProcessServer::NewChannel() const {
  grpc::ChannelArguments args;
  const int max_bytes = absl::GetFlag(FLAGS_max_message_mb) * 1024 * 1024;
  args.SetMaxReceiveMessageSize(max_bytes);
  args.SetMaxSendMessageSize(max_bytes);
  return grpc::CreateCustomChannel(target(), grpc::InsecureChannelCredentials(), args);
}

}  // namespace govmetrics::rpc

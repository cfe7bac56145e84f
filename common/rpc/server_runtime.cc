#include "common/rpc/server_runtime.h"

#include <signal.h>

#include <chrono>
#include <cstdio>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/rpc/json_log.h"
#include "common/rpc/server_flags.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
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
}

void SetHealth(grpc::Server* server, const std::vector<ServedService>& services, bool serving) {
  if (server == nullptr) return;
  auto* health = server->GetHealthCheckService();
  if (health == nullptr) return;
  health->SetServingStatus(serving);  // overall ("") status
  for (const auto& s : services) health->SetServingStatus(s.health_name, serving);
}

}  // namespace

int RunServer(const ServerConfig& config, const std::vector<ServedService>& services) {
  // Block termination signals before gRPC starts its threads; a dedicated thread
  // receives them with sigwait (async-signal-safety is then a non-issue).
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  grpc::EnableDefaultHealthCheckService(true);
  if (absl::GetFlag(FLAGS_reflection)) grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  std::string listen = absl::GetFlag(FLAGS_listen);
  if (listen.empty()) listen = config.default_listen;

  grpc::ServerBuilder builder;
  ApplyCommonOptions(&builder);
  int bound_port = 0;
  builder.AddListeningPort(listen, grpc::InsecureServerCredentials(), &bound_port);
  for (const auto& s : services) builder.RegisterService(s.service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || bound_port == 0) {
    LogLine("startup_failed", "error").Str("listen", listen).Emit();
    std::fprintf(stderr, "%s: cannot listen on %s\n", config.binary_name.c_str(), listen.c_str());
    return 1;
  }

  // The admin server only answers health checks; it has its own health service
  // instance, kept in step with the API server's.
  std::unique_ptr<grpc::Server> admin;
  int admin_port = 0;
  const std::string admin_listen = absl::GetFlag(FLAGS_admin_listen);
  if (!admin_listen.empty()) {
    grpc::ServerBuilder admin_builder;
    admin_builder.AddListeningPort(admin_listen, grpc::InsecureServerCredentials(), &admin_port);
    admin = admin_builder.BuildAndStart();
    if (admin == nullptr || admin_port == 0) {
      std::fprintf(stderr, "%s: cannot listen on admin address %s\n", config.binary_name.c_str(),
                   admin_listen.c_str());
      server->Shutdown();
      return 1;
    }
  }
  SetHealth(server.get(), services, true);
  SetHealth(admin.get(), services, true);

  const std::string host = listen.substr(0, listen.rfind(':'));
  // Scripts and tests read this line to learn the port when --listen used port 0.
  std::printf("%s listening on %s:%d\n", config.binary_name.c_str(), host.c_str(), bound_port);
  if (admin) std::printf("%s admin on port %d\n", config.binary_name.c_str(), admin_port);
  std::fflush(stdout);
  LogLine("listening")
      .Str("binary", config.binary_name)
      .Str("version", GOVMETRICS_VERSION)
      .Int("port", bound_port)
      .Int("admin_port", admin_port)
      .Emit();

  std::thread signal_thread([&]() {
    int received = 0;
    sigwait(&signals, &received);
    const int drain = absl::GetFlag(FLAGS_drain_seconds);
    LogLine("draining").Int("signal", received).Int("drain_seconds", drain).Emit();
    // NOT_SERVING first so load balancers and probes stop sending new work, then let
    // in-flight RPCs finish within the grace period; after it, cancel what is left.
    SetHealth(server.get(), services, false);
    SetHealth(admin.get(), services, false);
    server->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(drain));
  });
  server->Wait();
  signal_thread.join();
  if (admin) admin->Shutdown(std::chrono::system_clock::now());
  LogLine("stopped").Str("binary", config.binary_name).Emit();
  return 0;
}

InProcessServer::InProcessServer(const std::vector<ServedService>& services) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  ApplyCommonOptions(&builder);
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

#ifndef GOVMETRICS_COMMON_RPC_SERVER_RUNTIME_H_
#define GOVMETRICS_COMMON_RPC_SERVER_RUNTIME_H_

// The server bootstrap every govmetrics binary uses: listen (plaintext, TLS or mTLS),
// health per service, optional reflection, admin (health-only) and metrics ports, the
// server interceptor (metrics, bearer tokens, concurrency cap, request limits), and a
// graceful SIGTERM drain:
//   SIGTERM -> health NOT_SERVING -> new calls UNAVAILABLE -> admitted calls finish
//   (up to --drain_seconds) -> Shutdown -> exit 0.
// A service's main() is a few lines: parse flags, construct the service, RunServer.
// docs/operations.md describes every flag.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/rpc/reloadable_tls.h"
#include "common/rpc/server_interceptor.h"
#include "grpcpp/grpcpp.h"

namespace govmetrics::rpc {

struct ServedService {
  grpc::Service* service;   // Not owned.
  std::string health_name;  // Fully qualified, e.g. "govmetrics.index.v1.IndexService".
};

struct ServerConfig {
  std::string binary_name;     // e.g. "govmetrics-index" (log lines, startup banner)
  std::string default_listen;  // used when --listen is empty
};

// Everything the security and limit flags decide, read and checked once at startup.
struct RuntimeOptions {
  AdmissionPolicy admission;
  std::shared_ptr<grpc::ServerCredentials> credentials;  // API port
  std::shared_ptr<ReloadableServerTls> reloadable_tls;   // null when plaintext
  bool tls = false;
  bool mutual_tls = false;
};

// From --tls_*, --auth_tokens_file, --allow_insecure_tokens and --max_*. Fails when a
// file is unreadable, or when tokens would travel over plaintext without
// --allow_insecure_tokens.
absl::StatusOr<RuntimeOptions> RuntimeOptionsFromFlags();

// The limits part of the flags only (no files read): what in-process servers use.
AdmissionPolicy AdmissionPolicyFromFlags();

// Call first in main(), before anything starts a thread: blocks SIGTERM, SIGINT and
// SIGHUP so every thread inherits the block and RunServer's drain thread (SIGTERM,
// SIGINT) and reload thread (SIGHUP), the only ones that unblock them, receive them
// (see server_runtime.cc, config_reloader.h).
void BlockTerminationSignals();

// For a binary that is not a gRPC server (the HTTP gateway) but drains the same way:
// install the handlers that turn SIGTERM / SIGINT into a byte on a pipe, then block in
// WaitForTerminationSignal (on the drain thread) until one arrives; returns its number.
absl::Status InstallTerminationHandlers();
int WaitForTerminationSignal();

// Serves until SIGTERM / SIGINT, then drains; SIGHUP (and changed files) reload tokens,
// policy and TLS files (config_reloader.h). Returns the process exit code (0 after a
// drain, 1 when startup fails: unreadable TLS / token file, tokens over plaintext
// without --allow_insecure_tokens, a port in use). The signals are caught by a handler
// that feeds a pipe, so threads started before RunServer (downstream channels) are safe.
int RunServer(const ServerConfig& config, const std::vector<ServedService>& services);

// A server started in-process for tests: same runtime (health, interceptor, limits)
// without signal handling, plaintext. Listens on 127.0.0.1:0.
class InProcessServer {
 public:
  // Policy from the flags' defaults (limits; no tokens).
  explicit InProcessServer(const std::vector<ServedService>& services);
  InProcessServer(const std::vector<ServedService>& services, AdmissionPolicy policy);
  ~InProcessServer();
  int port() const { return port_; }
  std::string target() const;
  std::shared_ptr<grpc::Channel> NewChannel() const;

 private:
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_SERVER_RUNTIME_H_

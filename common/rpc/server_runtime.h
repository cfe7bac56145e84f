#ifndef GOVMETRICS_COMMON_RPC_SERVER_RUNTIME_H_
#define GOVMETRICS_COMMON_RPC_SERVER_RUNTIME_H_

// The server bootstrap every govmetrics binary uses: listen, health per service,
// optional reflection and admin port, and a graceful SIGTERM drain:
//   SIGTERM -> health NOT_SERVING -> Shutdown(deadline = now + drain_seconds) -> exit 0.
// A service's main() is a few lines: parse flags, construct the service, RunServer.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
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

// Blocks until SIGTERM / SIGINT, then drains. Returns the process exit code.
// Must be called from main() before any other thread is started (it blocks the
// termination signals in the calling thread so that every thread inherits the mask
// and only the dedicated sigwait thread receives them).
int RunServer(const ServerConfig& config, const std::vector<ServedService>& services);

// A server started in-process for tests: same runtime (health, limits) without signal
// handling. Listens on 127.0.0.1:0.
class InProcessServer {
 public:
  explicit InProcessServer(const std::vector<ServedService>& services);
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

#ifndef GOVMETRICS_CLIENTS_CLI_CONNECTION_H_
#define GOVMETRICS_CLIENTS_CLI_CONNECTION_H_

// How a subcommand reaches its service: target, deadline, TLS / mutual TLS and the
// agency's bearer token. Every subcommand accepts the same options (ConnectionKeys), so
// the CLI works against a plaintext laptop deployment and a production one with mTLS and
// tokens alike. The token is never taken from the command line (shell history, `ps`):
// --token-file names a file holding it, or $GOVMETRICS_TOKEN carries it.
// Each subcommand declares these options with AddConnectionOptions (one definition).

#include <memory>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "grpcpp/grpcpp.h"

namespace govmetrics::cli {

// --target, --timeout, --ca, --cert, --key, --token-file.
struct ConnectionOptions {
  std::string target;
  double timeout_s = 60;
  std::string ca;
  std::string cert;
  std::string key;
  std::string token_file;
};

// Declares the connection options on `command` (help group "Connection") with the
// service's default address and the deadline that suits the subcommand's work.
void AddConnectionOptions(CLI::App* command, ConnectionOptions* options,
                          const std::string& default_target, double default_timeout_s);

class Connection {
 public:
  // Fails naming the option on unreadable files, a certificate without its key, a
  // non-positive timeout, or a token that is not a single printable word.
  static absl::StatusOr<Connection> Open(const ConnectionOptions& options);

  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  bool tls() const { return tls_; }

  // Sets the deadline and, when a token is configured, "authorization: Bearer ...".
  void Prepare(grpc::ClientContext* context) const;

 private:
  std::shared_ptr<grpc::Channel> channel_;
  std::string token_;
  double timeout_s_ = 60;
  bool tls_ = false;
};

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_CONNECTION_H_

#ifndef GOVMETRICS_CLIENTS_CLI_CONNECTION_H_
#define GOVMETRICS_CLIENTS_CLI_CONNECTION_H_

// How a subcommand reaches its service: target, deadline, TLS / mutual TLS and the
// agency's bearer token. Every subcommand accepts the same options (ConnectionKeys), so
// the CLI works against a plaintext laptop deployment and a production one with mTLS and
// tokens alike. The token is never taken from the command line (shell history, `ps`):
// --token-file names a file holding it, or $GOVMETRICS_TOKEN carries it.

#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "clients/cli/args.h"
#include "grpcpp/grpcpp.h"

namespace govmetrics::cli {

// Option keys the connection reads: target, timeout, ca, cert, key, token-file.
const std::set<std::string>& ConnectionKeys();
// `keys` plus the connection keys: what a subcommand passes to Args::Parse.
std::set<std::string> WithConnectionKeys(std::set<std::string> keys);

// Usage text for those options, appended to each subcommand's usage.
extern const char kConnectionUsage[];

class Connection {
 public:
  // Reads the connection options; `default_target` and `default_timeout_s` apply when
  // --target / --timeout are absent. Fails naming the option on unreadable files, a
  // certificate without its key, or a token that is not a single printable word.
  static absl::StatusOr<Connection> FromArgs(const Args& args, const std::string& default_target,
                                             double default_timeout_s);

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

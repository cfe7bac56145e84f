#include "clients/cli/connection.h"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iterator>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace govmetrics::cli {
namespace {

// Panels can be big; the services' own default limit is 64 MiB (--max_message_mb), and a
// client limit above it leaves the server's to decide.
constexpr int kMaxMessageBytes = 256 * 1024 * 1024;

absl::StatusOr<std::string> ReadOptionFile(const std::string& option, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::InvalidArgumentError(absl::StrCat("--", option, ": cannot read ", path));
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

absl::StatusOr<std::string> ReadToken(const ConnectionOptions& options) {
  std::string token;
  std::string source;
  if (!options.token_file.empty()) {
    auto text = ReadOptionFile("token-file", options.token_file);
    if (!text.ok()) return text.status();
    token = *text;
    source = "--token-file";
  } else if (const char* env = std::getenv("GOVMETRICS_TOKEN"); env != nullptr) {
    token = env;
    source = "GOVMETRICS_TOKEN";
  }
  token = std::string(absl::StripAsciiWhitespace(token));
  for (const char c : token) {
    // Metadata values must be printable ASCII; a stray space means two words were pasted.
    if (c <= ' ' || c > '~') {
      return absl::InvalidArgumentError(
          absl::StrCat(source, ": the token must be one word of printable ASCII"));
    }
  }
  return token;
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(
    const ConnectionOptions& options) {
  const bool has_cert = !options.cert.empty();
  const bool has_key = !options.key.empty();
  if (options.ca.empty()) {
    if (has_cert || has_key) {
      return absl::InvalidArgumentError("--cert/--key need --ca (the CA that signed the server)");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  auto ca = ReadOptionFile("ca", options.ca);
  if (!ca.ok()) return ca.status();
  ssl.pem_root_certs = *ca;
  if (has_cert != has_key) {
    return absl::InvalidArgumentError("--cert and --key go together (mutual TLS)");
  }
  if (has_cert) {
    auto cert = ReadOptionFile("cert", options.cert);
    if (!cert.ok()) return cert.status();
    auto key = ReadOptionFile("key", options.key);
    if (!key.ok()) return key.status();
    ssl.pem_cert_chain = *cert;
    ssl.pem_private_key = *key;
  }
  return grpc::SslCredentials(ssl);
}

}  // namespace

void AddConnectionOptions(CLI::App* command, ConnectionOptions* options,
                          const std::string& default_target, double default_timeout_s) {
  options->target = default_target;
  options->timeout_s = default_timeout_s;
  const std::string group = "Connection";
  command->add_option("--target", options->target, "service address")
      ->type_name("HOST:PORT")->group(group);
  command->add_option("--timeout", options->timeout_s, "deadline for the call")
      ->type_name("SECONDS")->group(group);
  command->add_option("--ca", options->ca, "CA that signed the server certificate (turns TLS on)")
      ->type_name("CA.pem")->group(group);
  command->add_option("--cert", options->cert, "client certificate for mutual TLS (with --key)")
      ->type_name("CLIENT.pem")->group(group);
  command->add_option("--key", options->key, "private key of --cert")
      ->type_name("CLIENT.key")->group(group);
  command->add_option("--token-file", options->token_file,
                      "file holding the bearer token (or set GOVMETRICS_TOKEN)")
      ->type_name("FILE")->group(group);
}

absl::StatusOr<Connection> Connection::Open(const ConnectionOptions& options) {
  Connection connection;
  if (!(options.timeout_s > 0)) return absl::InvalidArgumentError("--timeout must be positive");
  connection.timeout_s_ = options.timeout_s;
  auto token = ReadToken(options);
  if (!token.ok()) return token.status();
  connection.token_ = *std::move(token);
  auto credentials = Credentials(options);
  if (!credentials.ok()) return credentials.status();
  connection.tls_ = !options.ca.empty();
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  channel_args.SetMaxSendMessageSize(kMaxMessageBytes);
  connection.channel_ = grpc::CreateCustomChannel(options.target, *credentials, channel_args);
  return connection;
}

void Connection::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::milliseconds(static_cast<long long>(timeout_s_ * 1000)));
  if (!token_.empty()) context->AddMetadata("authorization", "Bearer " + token_);
}

}  // namespace govmetrics::cli

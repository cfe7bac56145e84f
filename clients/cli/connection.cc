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

absl::StatusOr<std::string> ReadToken(const Args& args) {
  std::string token;
  std::string source;
  if (args.Has("token-file")) {
    auto text = ReadOptionFile("token-file", args.Get("token-file"));
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

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> Credentials(const Args& args) {
  if (!args.Has("ca")) {
    if (args.Has("cert") || args.Has("key")) {
      return absl::InvalidArgumentError("--cert/--key need --ca (the CA that signed the server)");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions options;
  auto ca = ReadOptionFile("ca", args.Get("ca"));
  if (!ca.ok()) return ca.status();
  options.pem_root_certs = *ca;
  if (args.Has("cert") != args.Has("key")) {
    return absl::InvalidArgumentError("--cert and --key go together (mutual TLS)");
  }
  if (args.Has("cert")) {
    auto cert = ReadOptionFile("cert", args.Get("cert"));
    if (!cert.ok()) return cert.status();
    auto key = ReadOptionFile("key", args.Get("key"));
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

}  // namespace

const std::set<std::string>& ConnectionKeys() {
  static const auto* keys =
      new std::set<std::string>{"target", "timeout", "ca", "cert", "key", "token-file"};
  return *keys;
}

std::set<std::string> WithConnectionKeys(std::set<std::string> keys) {
  keys.insert(ConnectionKeys().begin(), ConnectionKeys().end());
  return keys;
}

const char kConnectionUsage[] =
    "connection: [--target HOST:PORT] [--timeout SECONDS]\n"
    "            [--ca CA.pem [--cert CLIENT.pem --key CLIENT.key]]  (TLS; mutual TLS)\n"
    "            [--token-file FILE]  (bearer token; or set GOVMETRICS_TOKEN)\n";

absl::StatusOr<Connection> Connection::FromArgs(const Args& args,
                                                const std::string& default_target,
                                                double default_timeout_s) {
  Connection connection;
  auto timeout = args.Number("timeout", default_timeout_s);
  if (!timeout.ok()) return timeout.status();
  if (!(*timeout > 0)) return absl::InvalidArgumentError("--timeout must be positive");
  connection.timeout_s_ = *timeout;
  auto token = ReadToken(args);
  if (!token.ok()) return token.status();
  connection.token_ = *std::move(token);
  auto credentials = Credentials(args);
  if (!credentials.ok()) return credentials.status();
  connection.tls_ = args.Has("ca");
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  channel_args.SetMaxSendMessageSize(kMaxMessageBytes);
  connection.channel_ =
      grpc::CreateCustomChannel(args.Get("target", default_target), *credentials, channel_args);
  return connection;
}

void Connection::Prepare(grpc::ClientContext* context) const {
  context->set_deadline(std::chrono::system_clock::now() +
                        std::chrono::milliseconds(static_cast<long long>(timeout_s_ * 1000)));
  if (!token_.empty()) context->AddMetadata("authorization", "Bearer " + token_);
}

}  // namespace govmetrics::cli

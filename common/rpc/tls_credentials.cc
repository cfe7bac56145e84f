#include "common/rpc/tls_credentials.h"

#include <fstream>
#include <mutex>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"

namespace govmetrics::rpc {

absl::StatusOr<std::string> ReadPemFile(const std::string& path, const char* flag) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrFormat("--%s: cannot read %s", flag, path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  if (!absl::StrContains(text, "-----BEGIN ")) {
    return absl::InvalidArgumentError(absl::StrFormat("--%s: %s is not a PEM file", flag, path));
  }
  return text;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const std::string& cert_file, const std::string& key_file, const std::string& client_ca_file) {
  if (cert_file.empty() && key_file.empty()) {
    if (!client_ca_file.empty()) {
      return absl::InvalidArgumentError("--tls_client_ca needs --tls_cert and --tls_key");
    }
    return grpc::InsecureServerCredentials();
  }
  if (cert_file.empty() || key_file.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key must be given together");
  }
  auto cert = ReadPemFile(cert_file, "tls_cert");
  if (!cert.ok()) return cert.status();
  auto key = ReadPemFile(key_file, "tls_key");
  if (!key.ok()) return key.status();
  grpc::SslServerCredentialsOptions options(GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({*key, *cert});
  if (!client_ca_file.empty()) {
    auto ca = ReadPemFile(client_ca_file, "tls_client_ca");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
    options.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(options);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const std::string& cert_file, const std::string& key_file, const std::string& ca_file) {
  if (cert_file.empty() && key_file.empty() && ca_file.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  if (cert_file.empty() != key_file.empty()) {
    return absl::InvalidArgumentError(
        "--downstream_tls_cert and --downstream_tls_key must be given together");
  }
  grpc::SslCredentialsOptions options;
  if (!ca_file.empty()) {
    auto ca = ReadPemFile(ca_file, "downstream_ca");
    if (!ca.ok()) return ca.status();
    options.pem_root_certs = *ca;
  }
  if (!cert_file.empty()) {
    auto cert = ReadPemFile(cert_file, "downstream_tls_cert");
    if (!cert.ok()) return cert.status();
    auto key = ReadPemFile(key_file, "downstream_tls_key");
    if (!key.ok()) return key.status();
    options.pem_cert_chain = *cert;
    options.pem_private_key = *key;
  }
  return grpc::SslCredentials(options);
}

namespace {
struct DownstreamSlot {
  std::mutex mutex;
  std::shared_ptr<grpc::ChannelCredentials> credentials;
};
DownstreamSlot& Slot() {
  static auto* slot = new DownstreamSlot;
  return *slot;
}
}  // namespace

void SetDownstreamCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials) {
  std::lock_guard<std::mutex> lock(Slot().mutex);
  Slot().credentials = std::move(credentials);
}

std::shared_ptr<grpc::ChannelCredentials> DownstreamCredentials() {
  std::lock_guard<std::mutex> lock(Slot().mutex);
  if (Slot().credentials == nullptr) return grpc::InsecureChannelCredentials();
  return Slot().credentials;
}

}  // namespace govmetrics::rpc

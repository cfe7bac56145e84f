#ifndef GOVMETRICS_COMMON_RPC_TLS_CREDENTIALS_H_
#define GOVMETRICS_COMMON_RPC_TLS_CREDENTIALS_H_

// TLS / mTLS credentials from PEM files, for the API port (--tls_cert, --tls_key,
// --tls_client_ca) and for downstream channels (reporting's --downstream_tls_cert,
// --downstream_tls_key, --downstream_ca). Files are read once at startup; a missing or
// unreadable file is a startup error naming the flag, never a silent fall-back to
// plaintext.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/security/server_credentials.h"

namespace govmetrics::rpc {

// Plaintext when cert and key are both empty. With client_ca, clients must present a
// certificate signed by it (GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY).
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const std::string& cert_file, const std::string& key_file, const std::string& client_ca_file);

// Plaintext when all three are empty; TLS verifying the server against `ca_file` (the
// system roots when empty), presenting cert/key as client certificate when given.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const std::string& cert_file, const std::string& key_file, const std::string& ca_file);

// Credentials for channels to other govmetrics services; plaintext until set. The
// reporting binary sets them from its --downstream_* flags before building channels.
void SetDownstreamCredentials(std::shared_ptr<grpc::ChannelCredentials> credentials);
std::shared_ptr<grpc::ChannelCredentials> DownstreamCredentials();

// Reads a whole file; errors name the flag the path came from.
absl::StatusOr<std::string> ReadPemFile(const std::string& path, const char* flag);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_TLS_CREDENTIALS_H_

#ifndef GOVMETRICS_COMMON_RPC_RELOADABLE_TLS_H_
#define GOVMETRICS_COMMON_RPC_RELOADABLE_TLS_H_

// Server TLS whose certificate, key and client CA can be replaced while the server runs:
// new connections handshake with the new files, established connections (and the
// calls on them) carry on with the old ones.
//
// gRPC's FileWatcherCertificateProvider re-reads files it watches every second, but it
// would also pick up a half-written or mismatched pair. So it watches private copies
// (a 0700 directory under $TMPDIR, /tmp in the pods' emptyDir), and Reload() replaces a
// copy only after checking the new files with OpenSSL: each parses, the key belongs to
// the certificate, the CA bundle holds at least one certificate. A bad set is refused
// and the copies, hence the server, keep the last good one.

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "grpcpp/security/server_credentials.h"

namespace govmetrics::rpc {

struct TlsFiles {
  std::string cert;       // PEM chain, leaf first
  std::string key;        // PEM private key of the leaf
  std::string client_ca;  // PEM bundle; empty: clients are not asked for certificates
};

// Checks that `cert_pem` parses, `key_pem` parses and is the key of its first
// certificate, and (when given) that `ca_pem` holds at least one certificate.
absl::Status CheckTlsMaterial(const std::string& cert_pem, const std::string& key_pem,
                              const std::string& ca_pem);

class ReloadableServerTls {
 public:
  // Reads and checks the files, stages the copies, builds the credentials. Errors name
  // the flag of the bad file.
  static absl::StatusOr<std::unique_ptr<ReloadableServerTls>> Create(TlsFiles files);
  ~ReloadableServerTls();  // removes the private copies

  std::shared_ptr<grpc::ServerCredentials> credentials() const { return credentials_; }
  // Reads the files again; when they check out, stages them (gRPC picks them up within
  // a second). Otherwise returns why, and the old ones stay in force.
  absl::Status Reload();
  const TlsFiles& files() const { return files_; }

 private:
  ReloadableServerTls() = default;
  absl::Status Stage();
  TlsFiles files_;
  std::string directory_;
  std::string active_slot_;  // "a" or "b": the copy `current` points at
  std::shared_ptr<grpc::ServerCredentials> credentials_;
};

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_RELOADABLE_TLS_H_

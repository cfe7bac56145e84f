#ifndef GOVMETRICS_COMMON_RPC_CONFIG_RELOADER_H_
#define GOVMETRICS_COMMON_RPC_CONFIG_RELOADER_H_

// Reloads a running server's bearer tokens, access policy and TLS certificate/key/CA
// without a restart, on SIGHUP and when the files change (checked every
// --reload_check_seconds; stat() follows symlinks, so a Kubernetes Secret update, which
// swaps the `..data` symlink, is seen).
//
// A reload is all or nothing per group: tokens and policy are read and parsed together
// and replace the AccessConfig snapshot in one step; certificate, key and CA are checked
// together (reloadable_tls.h). A group that fails is refused with a "reload_refused" log
// line naming the file and the problem, and the old one stays in force. Calls already
// admitted keep the snapshot they started with; connections already open keep their
// certificate; new ones get the new.

#include <atomic>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "common/rpc/access_config.h"
#include "common/rpc/config_file.h"
#include "common/rpc/reloadable_tls.h"

namespace govmetrics::rpc {

struct AccessFiles {
  std::string tokens;  // --auth_tokens_file ("" = none)
  std::string policy;  // --access_policy_file ("" = none)
};

// Reads and parses both; the first error, naming the file, when either is bad.
absl::StatusOr<AccessConfig> LoadAccessConfig(const AccessFiles& files);

class ConfigReloader {
 public:
  // `access` and `tls` (null when the API port is plaintext) must outlive the reloader.
  ConfigReloader(AccessFiles access_files, AccessConfigHolder* access, ReloadableServerTls* tls,
                 int check_seconds);
  ~ConfigReloader();  // stops the thread

  // Installs the SIGHUP handler and starts the thread that serves it.
  absl::Status Start();

 private:
  void Run();
  void CheckFiles(bool forced);
  void ReloadAccess();
  void ReloadTls();

  AccessFiles access_files_;
  AccessConfigHolder* access_;
  ReloadableServerTls* tls_;
  int check_seconds_;
  FileSignature tokens_seen_, policy_seen_, cert_seen_, key_seen_, ca_seen_;
  bool recording_only_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_CONFIG_RELOADER_H_

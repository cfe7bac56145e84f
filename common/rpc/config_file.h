#ifndef GOVMETRICS_COMMON_RPC_CONFIG_FILE_H_
#define GOVMETRICS_COMMON_RPC_CONFIG_FILE_H_

// Files a server reads at startup and re-reads on reload (tokens, access policy, TLS
// certificate and key): reading one whole, and telling whether it changed.

#include <string>

#include "absl/status/statusor.h"

namespace govmetrics::rpc {

// The whole file; NOT_FOUND naming `what` and the path when it cannot be read.
absl::StatusOr<std::string> ReadConfigFile(const std::string& path, const char* what);

// What identifies a file's current content without reading it. stat() follows symbolic
// links, so a Kubernetes Secret update (which swaps the `..data` symlink to a new
// directory) shows up as a new inode even when size and mtime happen to match.
struct FileSignature {
  bool exists = false;
  unsigned long long device = 0, inode = 0, size = 0;
  long long mtime_ns = 0, ctime_ns = 0;
  bool operator==(const FileSignature& other) const;
  bool operator!=(const FileSignature& other) const { return !(*this == other); }
};
FileSignature SignatureOf(const std::string& path);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_CONFIG_FILE_H_

#include "common/workspace_client/workspace_flags.h"

#include <cstdint>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/rpc/tls_credentials.h"

ABSL_FLAG(std::string, workspace_address, "",
          "WorkspaceService address, for requests that name a stored dataset instead of "
          "sending the panel inline: HOST:PORT or dns:///NAME:PORT. Empty: such requests are "
          "refused (FAILED_PRECONDITION).");
ABSL_FLAG(std::string, workspace_tls_cert, "",
          "PEM client certificate presented to the workspace (mTLS).");
ABSL_FLAG(std::string, workspace_tls_key, "", "PEM private key for --workspace_tls_cert.");
ABSL_FLAG(std::string, workspace_ca, "",
          "PEM CA bundle that signed the workspace's server certificate; any of the three "
          "--workspace_* TLS flags turns TLS on for workspace calls.");
ABSL_FLAG(int64_t, dataset_cache_mb, 512,
          "Memory for recently read datasets (least recently used out; a dataset larger than "
          "this is read for each call and not kept). 0 disables the cache.");

// Default 1: on the 2-core reference machine two streams gave no gain at 1e7 or 1e8 rows,
// also once every slice was served with dataset-wide entity codes and joined without a
// dictionary (docs/performance.md, "Reading a dataset over several streams" and session
// 14's "Slices numbered across the dataset"); hosts with more cores may set more.
ABSL_FLAG(int32_t, dataset_read_streams, 1,
          "At most this many concurrent ReadDataset streams per read of a stored dataset "
          "into columns (each a slice of its rows, on a connection and thread of its own; "
          "about one per 65536 rows). 1: a single stream (also what a workspace older than "
          "ReadDatasetRequest.slice needs). 1 to 16.");

namespace govmetrics::workspace_client {
namespace {

// Each stream is a connection and a thread: more than a few cores can keep busy is waste.
constexpr int32_t kMaxReadStreams = 16;

}  // namespace

absl::StatusOr<std::unique_ptr<DatasetReader>> DatasetReaderFromFlags() {
  const std::string address = absl::GetFlag(FLAGS_workspace_address);
  if (address.empty()) return nullptr;
  auto credentials = rpc::MakeChannelCredentials(absl::GetFlag(FLAGS_workspace_tls_cert),
                                                 absl::GetFlag(FLAGS_workspace_tls_key),
                                                 absl::GetFlag(FLAGS_workspace_ca));
  if (!credentials.ok()) return credentials.status();
  const int64_t cache_mb = absl::GetFlag(FLAGS_dataset_cache_mb);
  const size_t cache_bytes = cache_mb > 0 ? static_cast<size_t>(cache_mb) << 20 : 0;
  const int32_t streams = absl::GetFlag(FLAGS_dataset_read_streams);
  if (streams < 1 || streams > kMaxReadStreams) {
    return absl::InvalidArgumentError(absl::StrCat("--dataset_read_streams=", streams,
                                                   " is out of range: use 1 to ", kMaxReadStreams));
  }
  return std::make_unique<DatasetReader>(address, *credentials, cache_bytes, streams);
}

}  // namespace govmetrics::workspace_client

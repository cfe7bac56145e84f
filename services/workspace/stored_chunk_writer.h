#ifndef GOVMETRICS_SERVICES_WORKSPACE_STORED_CHUNK_WRITER_H_
#define GOVMETRICS_SERVICES_WORKSPACE_STORED_CHUNK_WRITER_H_

// Writes an upload's stored chunks (DatasetStore::AppendChunk, in order) on a thread of
// its own, so the next messages of the stream are received, parsed and checked while the
// last chunk goes to the database: the two took about the same time, one after the
// other. At most one chunk waits while another is written (bounded memory: the upload
// then blocks, and gRPC's flow control holds the client back).
//
// All or nothing is unchanged: the chunks go to a dataset still in state 'uploading';
// Close() waits for every queued write before the caller commits or abandons it.

#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "services/workspace/dataset_store.h"

namespace govmetrics::workspace {

class StoredChunkWriter {
 public:
  // Writes chunks 0, 1, ... of upload `id` (BeginUpload's) through `store`.
  StoredChunkWriter(DatasetStore* store, std::string id);
  // Closes (waits for the queued writes) if Close was not called.
  ~StoredChunkWriter();

  // Queues the next chunk's parts; blocks while another chunk is already waiting. Returns
  // the first failed write's status (the chunk is then dropped): stop the upload.
  absl::Status Write(std::vector<std::string> parts);
  // Waits until every queued chunk is written; the first failure, if any.
  absl::Status Close();

 private:
  void Run();
  bool CanQueue() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);  // room, or failed
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);   // a chunk, or closed

  DatasetStore* store_;
  const std::string id_;
  absl::Mutex mutex_;
  std::optional<std::vector<std::string>> waiting_ ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_STORED_CHUNK_WRITER_H_

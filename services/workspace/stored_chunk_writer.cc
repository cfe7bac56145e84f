#include "services/workspace/stored_chunk_writer.h"

#include <utility>

namespace govmetrics::workspace {

StoredChunkWriter::StoredChunkWriter(DatasetStore* store, std::string id)
    : store_(store), id_(std::move(id)), thread_([this] { Run(); }) {}

StoredChunkWriter::~StoredChunkWriter() { (void)Close(); }

absl::Status StoredChunkWriter::Write(std::vector<std::string> parts) {
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(this, &StoredChunkWriter::CanQueue));
  if (!status_.ok()) return status_;
  if (closed_) return absl::FailedPreconditionError("chunk written after the writer was closed");
  waiting_ = std::move(parts);
  return absl::OkStatus();
}

absl::Status StoredChunkWriter::Close() {
  {
    absl::MutexLock lock(&mutex_);
    closed_ = true;
  }
  if (thread_.joinable()) thread_.join();
  absl::MutexLock lock(&mutex_);
  return status_;
}

bool StoredChunkWriter::CanQueue() const { return !waiting_.has_value() || !status_.ok(); }

bool StoredChunkWriter::HasWork() const { return waiting_.has_value() || closed_; }

void StoredChunkWriter::Run() {
  for (int64_t seq = 0;; ++seq) {
    std::vector<std::string> parts;
    {
      absl::MutexLock lock(&mutex_);
      mutex_.Await(absl::Condition(this, &StoredChunkWriter::HasWork));
      if (!waiting_.has_value()) return;  // closed, everything written
      parts = std::move(*waiting_);
      waiting_.reset();
    }
    absl::Status written = store_->AppendChunk(id_, seq, parts);
    if (!written.ok()) {
      absl::MutexLock lock(&mutex_);
      status_ = written;
      waiting_.reset();  // dropped: the upload fails and is abandoned
      return;
    }
  }
}

}  // namespace govmetrics::workspace

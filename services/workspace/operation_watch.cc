#include "services/workspace/operation_watch.h"

#include <chrono>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"

namespace govmetrics::workspace {
namespace {

// Where a watcher is: progress events sent of which attempt (a study taken over by another
// replica starts again, with its progress cleared).
struct WatchCursor {
  int attempt = -1;
  int sent = 0;
};

// Sends the progress events of `metadata` the caller has not had; false if the caller is
// gone.
bool SendNewProgress(const v1::StudyMetadata& metadata, WatchCursor* cursor,
                     grpc::ServerWriterInterface<v1::WatchOperationResponse>* writer) {
  if (cursor->attempt >= 0 && metadata.attempts() != cursor->attempt) cursor->sent = 0;
  cursor->attempt = metadata.attempts();
  v1::WatchOperationResponse message;
  for (; cursor->sent < metadata.progress_size(); ++cursor->sent) {
    *message.mutable_progress() = metadata.progress(cursor->sent);
    if (!writer->Write(message)) return false;
  }
  return true;
}

bool WriteOperation(const google::longrunning::Operation& operation,
                    grpc::ServerWriterInterface<v1::WatchOperationResponse>* writer) {
  v1::WatchOperationResponse message;
  *message.mutable_operation() = operation;
  return writer->Write(message);
}

absl::Status Gone() { return absl::CancelledError("the client stopped watching"); }

// The deadline and cancellation of the call, checked between polls.
absl::Status StopReason(grpc::ServerContext* context, const std::string& name) {
  if (std::chrono::system_clock::now() >= context->deadline()) {
    return absl::DeadlineExceededError(absl::StrCat(name, " was not done by the call's deadline"));
  }
  if (context->IsCancelled()) return Gone();
  return absl::OkStatus();
}

}  // namespace

absl::Status WatchOperation(OperationStore* operations, const std::string& agency,
                            const v1::WatchOperationRequest& request, grpc::ServerContext* context,
                            grpc::ServerWriterInterface<v1::WatchOperationResponse>* writer) {
  if (request.progress_seen() < 0) return contracts::InvalidField("progress_seen", "must not be negative");
  WatchCursor cursor;
  cursor.sent = request.progress_seen();
  bool announced = false;
  while (true) {
    auto operation = operations->Get(agency, request.name());
    // A database hiccup during a long watch is not the caller's problem: keep watching.
    if (!operation.ok() && !absl::IsUnavailable(operation.status())) return operation.status();
    if (operation.ok()) {
      v1::StudyMetadata metadata;
      if (!operation->metadata().UnpackTo(&metadata)) {
        return absl::InternalError(absl::StrCat(request.name(), " has unreadable metadata"));
      }
      // The state at once, so the caller (and the gateway, which answers its HTTP status on
      // the first message) knows the watch is accepted before any progress is made.
      if (!announced && !operation->done() && !WriteOperation(*operation, writer)) return Gone();
      announced = true;
      if (!SendNewProgress(metadata, &cursor, writer)) return Gone();
      if (operation->done()) return WriteOperation(*operation, writer) ? absl::OkStatus() : Gone();
    }
    if (absl::Status stop = StopReason(context, request.name()); !stop.ok()) return stop;
    std::this_thread::sleep_for(kOperationPollInterval);
  }
}

}  // namespace govmetrics::workspace

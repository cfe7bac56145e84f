#include "services/workspace/study_runner.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/rpc/json_log.h"
#include "common/rpc/status_mapping.h"
#include "grpcpp/grpcpp.h"

namespace govmetrics::workspace {
namespace {

// Tries of a reporting call that failed UNAVAILABLE (its replicas restarting), with
// doubling pauses from one second, before the study FAILS with that reason.
constexpr int kReportingTries = 4;

void LogStudy(absl::string_view event, const StudyClaim& claim, const absl::Status& status) {
  rpc::LogLine line(event, status.ok() ? "info" : "warning");
  line.Str("operation", absl::StrCat("operations/", claim.id)).Int("attempt", claim.attempts);
  if (!status.ok()) line.Str("status", status.ToString());
  line.Emit();
}

}  // namespace

StudyRunner::StudyRunner(DatasetStore* datasets, OperationStore* operations,
                         std::shared_ptr<grpc::Channel> reporting, StudyRunnerOptions options)
    : datasets_(datasets),
      operations_(operations),
      reporting_(reporting::v1::ReportingService::NewStub(std::move(reporting))),
      options_(std::move(options)) {}

StudyRunner::~StudyRunner() { Stop(); }

void StudyRunner::Start() {
  for (int i = 0; i < options_.workers; ++i) threads_.emplace_back([this] { WorkerLoop(); });
}

void StudyRunner::Stop() {
  stopping_ = true;
  wake_.notify_all();
  for (auto& thread : threads_) thread.join();
  threads_.clear();
}

void StudyRunner::Nudge() { wake_.notify_all(); }

void StudyRunner::Sleep(absl::Duration duration) {
  std::unique_lock<std::mutex> lock(mu_);
  wake_.wait_for(lock, absl::ToChronoMilliseconds(duration), [this] { return stopping_.load(); });
}

void StudyRunner::CollectAbandonedUploadsWhenDue() {
  // Every half upload timeout (at most once a minute), by whichever worker comes first:
  // a cheap indexed DELETE, but a write, which SQLite serialises with every other.
  const absl::Duration period = std::min(options_.upload_max_age / 2, absl::Minutes(1));
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (absl::Now() < next_collection_) return;
    next_collection_ = absl::Now() + period;
  }
  (void)datasets_->CollectAbandonedUploads(absl::ToInt64Microseconds(options_.upload_max_age));
}

void StudyRunner::WorkerLoop() {
  while (!stopping_) {
    CollectAbandonedUploadsWhenDue();
    auto claim = operations_->Claim(options_.worker_id,
                                    absl::ToInt64Microseconds(options_.lease),
                                    options_.max_attempts);
    if (claim.ok() && claim->has_value()) {
      Run(**claim);
      continue;  // look for more work at once
    }
    if (!claim.ok()) {
      rpc::LogLine("study_claim_failed", "warning").Str("status", claim.status().ToString()).Emit();
    }
    Sleep(options_.poll);
  }
}

void StudyRunner::Heartbeat(const StudyClaim& claim, grpc::ClientContext* context,
                            std::atomic<bool>* done, std::atomic<bool>* lease_lost) {
  while (!done->load()) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      wake_.wait_for(lock, absl::ToChronoMilliseconds(options_.lease / 3),
                     [&] { return done->load() || stopping_.load(); });
    }
    if (done->load()) return;
    if (stopping_) {
      context->TryCancel();  // drain: give the study back (Run releases it)
      return;
    }
    auto lease = operations_->Renew(options_.worker_id, claim.id,
                                    absl::ToInt64Microseconds(options_.lease));
    if (!lease.ok()) continue;  // database unreachable for now: try again next beat
    if (!lease->held) *lease_lost = true;
    if (!lease->held || lease->cancel_requested) {
      context->TryCancel();
      return;
    }
  }
}

absl::StatusOr<reporting::v1::RunStudyResponse> StudyRunner::CallReporting(
    const StudyClaim& claim, const common::v1::Panel& panel, grpc::ClientContext* context) {
  reporting::v1::StreamStudyRequest request;
  *request.mutable_panel() = panel;
  *request.mutable_spec() = claim.spec;
  auto reader = reporting_->StreamStudy(context, request);
  reporting::v1::StreamStudyResponse event;
  reporting::v1::RunStudyResponse result;
  bool have_result = false;
  while (reader->Read(&event)) {
    if (event.has_progress()) {
      (void)operations_->Renew(options_.worker_id, claim.id,
                               absl::ToInt64Microseconds(options_.lease), &event.progress());
    } else if (event.has_result()) {
      result = std::move(*event.mutable_result());
      have_result = true;
    }
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    absl::Status error = rpc::FromGrpcStatus(status);
    return absl::Status(error.code(), absl::StrCat("reporting service: ", error.message()));
  }
  if (!have_result) return absl::InternalError("reporting service ended without a result");
  return result;
}

void StudyRunner::Run(const StudyClaim& claim) {
  LogStudy("study_started", claim, absl::OkStatus());
  absl::StatusOr<reporting::v1::RunStudyResponse> result;
  auto layout = datasets_->LayoutById(claim.dataset_id);
  auto panel = layout.ok() ? datasets_->ReadPanel(*layout)
                           : absl::StatusOr<common::v1::Panel>(layout.status());
  if (!panel.ok()) {
    result = absl::NotFoundError(absl::StrCat("dataset datasets/", claim.dataset_id,
                                              " could not be read: ", panel.status().message()));
  }
  std::atomic<bool> lease_lost{false};
  for (int attempt = 0; panel.ok() && attempt < kReportingTries; ++attempt) {
    if (attempt > 0) Sleep(absl::Seconds(1 << (attempt - 1)));
    grpc::ClientContext context;
    std::atomic<bool> done{false};
    std::thread heartbeat([&] { Heartbeat(claim, &context, &done, &lease_lost); });
    result = CallReporting(claim, *panel, &context);
    done = true;
    wake_.notify_all();
    heartbeat.join();
    if (lease_lost || stopping_ || !absl::IsUnavailable(result.status())) break;
  }
  if (lease_lost) return LogStudy("study_lease_lost", claim, result.status());
  if (stopping_) {
    (void)operations_->Release(options_.worker_id, claim.id);
    return LogStudy("study_released", claim, absl::OkStatus());
  }
  if (absl::IsCancelled(result.status())) {
    result = absl::CancelledError("cancelled by its owner while it ran");
  }
  absl::Status finished;
  for (int tries = 0; tries < 30 && !stopping_; ++tries) {  // the database may be restarting
    finished = operations_->Finish(options_.worker_id, claim.id, result.status(),
                                   result.ok() ? &*result : nullptr);
    if (!absl::IsUnavailable(finished)) break;
    Sleep(absl::Seconds(1));
  }
  LogStudy(finished.ok() ? "study_finished" : "study_finish_failed", claim,
           finished.ok() ? result.status() : finished);
}

}  // namespace govmetrics::workspace

#ifndef GOVMETRICS_SERVICES_WORKSPACE_STUDY_RUNNER_H_
#define GOVMETRICS_SERVICES_WORKSPACE_STUDY_RUNNER_H_

// The workers that run study operations, a few per replica. Each loops: claim the oldest
// claimable study (operation_store.h), read its dataset, call the reporting service's
// StreamStudy with it, record every progress event (which also renews the lease), store
// the result. A heartbeat renews the lease every third of its length while a step runs
// long, and stops the call when the owner cancelled or the lease was lost. Replicas need
// no knowledge of each other: the database's leases are the whole protocol.

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "govmetrics/reporting/v1/reporting_service.grpc.pb.h"
#include "services/workspace/dataset_store.h"
#include "services/workspace/operation_store.h"

namespace govmetrics::workspace {

struct StudyRunnerOptions {
  std::string worker_id;         // unique per process (host + pid + random)
  int workers = 2;               // concurrent studies in this replica
  absl::Duration lease = absl::Seconds(15);
  absl::Duration poll = absl::Milliseconds(500);  // idle wait between claims
  int max_attempts = 3;          // starts before a repeatedly orphaned study FAILS
  absl::Duration upload_max_age = absl::Minutes(10);  // abandoned uploads are collected
};

class StudyRunner {
 public:
  StudyRunner(DatasetStore* datasets, OperationStore* operations,
              std::shared_ptr<grpc::Channel> reporting, StudyRunnerOptions options);
  ~StudyRunner();  // Stop()s

  void Start();
  // Stops claiming; running studies are stopped and given back (Release) for another
  // replica, so a drain never loses or fails a study.
  void Stop();
  // Wakes idle workers (a study was just created here).
  void Nudge();

 private:
  void WorkerLoop();
  void Run(const StudyClaim& claim);
  absl::StatusOr<reporting::v1::RunStudyResponse> CallReporting(const StudyClaim& claim,
                                                                const common::v1::Panel& panel,
                                                                grpc::ClientContext* context);
  void Heartbeat(const StudyClaim& claim, grpc::ClientContext* context, std::atomic<bool>* done,
                 std::atomic<bool>* lease_lost);
  void Sleep(absl::Duration duration);
  void CollectAbandonedUploadsWhenDue();

  DatasetStore* datasets_;
  OperationStore* operations_;
  std::unique_ptr<reporting::v1::ReportingService::Stub> reporting_;
  StudyRunnerOptions options_;
  std::atomic<bool> stopping_{false};
  std::mutex mu_;
  std::condition_variable wake_;
  std::vector<std::thread> threads_;
  absl::Time next_collection_ = absl::InfinitePast();  // guarded by mu_
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_STUDY_RUNNER_H_

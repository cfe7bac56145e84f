#ifndef GOVMETRICS_SERVICES_WORKSPACE_OPERATION_STORE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_OPERATION_STORE_H_

// Study operations in the database, and the leases that make a study outlive the replica
// running it.
//
// Life of a study: Create inserts it PENDING. A worker (study_runner.h) Claims it: in one
// statement it becomes RUNNING with lease_owner = the worker and lease_expiry = now +
// lease, attempts + 1. While it runs, the worker Renews the lease (and records progress);
// every write by the worker is fenced on lease_owner, so a worker whose lease expired
// cannot write anymore, and Finish succeeds for exactly one worker: a study is never
// completed twice. A study whose lease expired (its worker died) is claimed again by any
// replica, or, after `max_attempts` starts, ends FAILED with the reason.
//
// Visibility: an agency sees only the operations it created (others: NOT_FOUND).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "google/longrunning/operations.pb.h"
#include "govmetrics/reporting/v1/reporting_service.pb.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "services/workspace/dataset_store.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

// How often a caller waiting on an operation (WaitOperation, WatchOperation) looks at the
// database: the study may run on another replica, so the row is the only news.
inline constexpr std::chrono::milliseconds kOperationPollInterval{200};

// A study a worker holds the lease of.
struct StudyClaim {
  std::string id;
  std::string owner;
  std::string dataset_id;
  std::string fingerprint;
  reporting::v1::StudySpec spec;
  int attempts = 0;
};

// What a lease renewal learned.
struct LeaseState {
  bool held = false;              // false: another worker (or the sweep) took the study
  bool cancel_requested = false;  // the owner asked to cancel
};

class OperationStore {
 public:
  OperationStore(SqlDatabase* database, DatasetStore* datasets)
      : database_(database), datasets_(datasets) {}

  // --- the owner's side (NOT_FOUND for another agency's operation)
  absl::StatusOr<google::longrunning::Operation> CreateStudy(
      const std::string& agency, const workspace::v1::CreateStudyRequest& request);
  absl::StatusOr<google::longrunning::Operation> Get(const std::string& agency,
                                                     const std::string& name);
  absl::StatusOr<google::longrunning::ListOperationsResponse> List(
      const std::string& agency, const google::longrunning::ListOperationsRequest& request);
  // PENDING -> CANCELLED at once; RUNNING -> cancel_requested (the worker stops the study
  // at its next renewal); done -> no change.
  absl::Status Cancel(const std::string& agency, const std::string& name);
  // Only a done operation (FAILED_PRECONDITION otherwise: cancel it first).
  absl::Status Delete(const std::string& agency, const std::string& name);

  // --- the worker's side
  // Ends studies whose lease expired: cancelled ones as CANCELLED, ones started
  // `max_attempts` times as FAILED. Then claims the oldest claimable study, if any.
  absl::StatusOr<std::optional<StudyClaim>> Claim(const std::string& worker, int64_t lease_micros,
                                                  int max_attempts);
  // Extends the lease; with `progress`, appends it to the metadata.
  absl::StatusOr<LeaseState> Renew(const std::string& worker, const std::string& id,
                                   int64_t lease_micros,
                                   const reporting::v1::Progress* progress = nullptr);
  // Records the outcome; ABORTED when the worker no longer holds the lease (nothing is
  // written). `error` OK means `result` is the response.
  absl::Status Finish(const std::string& worker, const std::string& id, const absl::Status& error,
                      const reporting::v1::RunStudyResponse* result);
  // Gives the study back (PENDING, lease cleared) for another worker to try, e.g. when a
  // dependency was unavailable or the replica is draining.
  absl::Status Release(const std::string& worker, const std::string& id);

 private:
  absl::Status SweepExpired(SqlSession& session, int max_attempts);

  SqlDatabase* database_;
  DatasetStore* datasets_;
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_OPERATION_STORE_H_

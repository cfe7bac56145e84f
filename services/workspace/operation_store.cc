#include "services/workspace/operation_store.h"

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/rpc/status_mapping.h"
#include "google/rpc/status.pb.h"
#include "services/workspace/audit_log.h"
#include "services/workspace/db_time.h"
#include "services/workspace/page_token.h"
#include "services/workspace/resource_errors.h"

namespace govmetrics::workspace {
namespace {

using workspace::v1::StudyState;

constexpr char kOperations[] = "operations";
constexpr char kOperationColumns[] =
    "id, owner, dataset_id, fingerprint, state, progress, result, error, attempts, create_time, "
    "update_time";
constexpr char kRunStudyResponseType[] =
    "type.googleapis.com/govmetrics.reporting.v1.RunStudyResponse";
constexpr char kStudyMetadataType[] = "type.googleapis.com/govmetrics.workspace.v1.StudyMetadata";

bool IsDone(int64_t state) {
  return state == workspace::v1::STUDY_STATE_SUCCEEDED ||
         state == workspace::v1::STUDY_STATE_FAILED ||
         state == workspace::v1::STUDY_STATE_CANCELLED;
}

// google.rpc.Status bytes for an absl::Status (details kept), via the one status mapping.
std::string RpcStatusBytes(const absl::Status& status) {
  return rpc::ToGrpcStatus(status).error_details();
}

google::longrunning::Operation OperationOf(const SqlRow& row) {
  google::longrunning::Operation operation;
  operation.set_name(absl::StrCat(kOperations, "/", SqlText(row[0])));
  workspace::v1::StudyMetadata metadata;
  metadata.ParseFromString(SqlText(row[5]));  // progress events (NULL: none yet)
  metadata.set_owner_agency(SqlText(row[1]));
  metadata.set_dataset(absl::StrCat("datasets/", SqlText(row[2])));
  metadata.set_fingerprint(SqlText(row[3]));
  const int64_t state = SqlInt(row[4]);
  metadata.set_state(static_cast<StudyState>(state));
  metadata.set_attempts(static_cast<int32_t>(SqlInt(row[8])));
  SetTimestamp(SqlInt(row[9]), metadata.mutable_create_time());
  SetTimestamp(SqlInt(row[10]), metadata.mutable_update_time());
  operation.mutable_metadata()->set_type_url(kStudyMetadataType);
  operation.mutable_metadata()->set_value(metadata.SerializeAsString());
  operation.set_done(IsDone(state));
  if (state == workspace::v1::STUDY_STATE_SUCCEEDED) {
    operation.mutable_response()->set_type_url(kRunStudyResponseType);
    operation.mutable_response()->set_value(SqlText(row[6]));  // stored serialised
  } else if (IsDone(state)) {
    operation.mutable_error()->ParseFromString(SqlText(row[7]));
  }
  return operation;
}

absl::StatusOr<std::string> OperationId(const std::string& name) {
  return IdOfName(name, kOperations, "name");
}

// Operations of `agency` only: another agency's operation is NOT_FOUND.
absl::StatusOr<SqlRow> OwnedOperation(SqlSession& session, const std::string& agency,
                                      const std::string& name) {
  auto id = OperationId(name);
  if (!id.ok()) return id.status();
  auto rows = session.Query(
      absl::StrCat("SELECT ", kOperationColumns, " FROM operations WHERE id = ? AND owner = ?"),
      {*id, agency});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return ResourceNotFound("operation", name, agency);
  return std::move((*rows)[0]);
}

// "" (all), "done=true" or "done=false".
absl::StatusOr<std::string> DoneFilterSql(const std::string& filter) {
  if (filter.empty()) return std::string();
  if (filter == "done=true") return std::string(" AND state IN (3, 4, 5)");
  if (filter == "done=false") return std::string(" AND state IN (1, 2)");
  return contracts::InvalidField("filter", absl::StrCat("unsupported filter '", filter,
                                                        "'; use '', 'done=true' or 'done=false'"));
}

}  // namespace

absl::StatusOr<google::longrunning::Operation> OperationStore::CreateStudy(
    const std::string& agency, const workspace::v1::CreateStudyRequest& request) {
  if (!request.has_spec()) return contracts::InvalidField("spec", "a study needs a spec");
  auto layout = datasets_->ReadableLayout(agency, request.dataset());
  if (!layout.ok()) {
    if (absl::IsInvalidArgument(layout.status())) {
      return contracts::InvalidField("dataset", std::string(layout.status().message()));
    }
    return layout.status();
  }
  const std::string id = NewResourceId();
  google::longrunning::Operation operation;
  absl::Status status = database_->InTransaction([&](SqlSession& session) -> absl::Status {
    const int64_t now = NowMicros();
    auto inserted = session.Execute(
        "INSERT INTO operations (id, owner, dataset_id, fingerprint, state, spec, create_time, "
        "update_time) VALUES (?, ?, ?, ?, 1, ?, ?, ?)",
        {id, agency, layout->id, layout->fingerprint, Blob{request.spec().SerializeAsString()}, now,
         now});
    if (!inserted.ok()) return inserted.status();
    auto row = OwnedOperation(session, agency, absl::StrCat(kOperations, "/", id));
    if (!row.ok()) return row.status();
    operation = OperationOf(*row);
    return RecordAudit(session, {layout->owner, agency, "study.create", operation.name(),
                                 layout->fingerprint, request.dataset()});
  });
  if (!status.ok()) return status;
  return operation;
}

absl::StatusOr<google::longrunning::Operation> OperationStore::Get(const std::string& agency,
                                                                   const std::string& name) {
  google::longrunning::Operation operation;
  absl::Status status = database_->WithSession([&](SqlSession& session) -> absl::Status {
    auto row = OwnedOperation(session, agency, name);
    if (!row.ok()) return row.status();
    operation = OperationOf(*row);
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return operation;
}

absl::StatusOr<google::longrunning::ListOperationsResponse> OperationStore::List(
    const std::string& agency, const google::longrunning::ListOperationsRequest& request) {
  auto page = ParseNewestFirstPage(request.page_size(), request.page_token());
  if (!page.ok()) return page.status();
  auto filter = DoneFilterSql(request.filter());
  if (!filter.ok()) return filter.status();
  google::longrunning::ListOperationsResponse response;
  absl::Status status = database_->WithSession([&](SqlSession& session) -> absl::Status {
    SqlParams params = {agency};
    AppendPageParams(*page, &params);
    auto rows = session.Query(absl::StrCat("SELECT ", kOperationColumns,
                                           " FROM operations WHERE owner = ?", *filter,
                                           kNewestFirstPageSql),
                              params);
    if (!rows.ok()) return rows.status();
    for (size_t i = 0; i < rows->size() && static_cast<int>(i) < page->size; ++i) {
      *response.add_operations() = OperationOf((*rows)[i]);
    }
    response.set_next_page_token(NextPageToken(*page, *rows, 9, 0));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

absl::Status OperationStore::Cancel(const std::string& agency, const std::string& name) {
  return database_->InTransaction([&](SqlSession& session) -> absl::Status {
    auto row = OwnedOperation(session, agency, name);
    if (!row.ok()) return row.status();
    const int64_t now = NowMicros();
    const std::string cancelled = RpcStatusBytes(
        absl::CancelledError(absl::StrCat("cancelled by agency '", agency, "'")));
    auto pending = session.Execute(
        "UPDATE operations SET state = 5, cancel_requested = 1, error = ?, update_time = ? "
        "WHERE id = ? AND state = 1",
        {Blob{cancelled}, now, SqlText((*row)[0])});
    if (!pending.ok()) return pending.status();
    return session
        .Execute("UPDATE operations SET cancel_requested = 1, update_time = ? WHERE id = ? AND "
                 "state = 2",
                 {now, SqlText((*row)[0])})
        .status();
  });
}

absl::Status OperationStore::Delete(const std::string& agency, const std::string& name) {
  return database_->InTransaction([&](SqlSession& session) -> absl::Status {
    auto row = OwnedOperation(session, agency, name);
    if (!row.ok()) return row.status();
    if (!IsDone(SqlInt((*row)[4]))) {
      return contracts::FailedPreconditionOn(
          name, "the study is still running; cancel it (CancelOperation) before deleting it");
    }
    return session.Execute("DELETE FROM operations WHERE id = ?", {SqlText((*row)[0])}).status();
  });
}

absl::Status OperationStore::SweepExpired(SqlSession& session, int max_attempts) {
  const int64_t now = NowMicros();
  const std::string cancelled =
      RpcStatusBytes(absl::CancelledError("cancelled by its owner while its worker was stopped"));
  auto swept = session.Execute(
      "UPDATE operations SET state = 5, error = ?, lease_owner = NULL, update_time = ? WHERE "
      "state = 2 AND cancel_requested = 1 AND lease_expiry < ?",
      {Blob{cancelled}, now, now});
  if (!swept.ok()) return swept.status();
  const std::string abandoned = RpcStatusBytes(absl::AbortedError(absl::StrCat(
      "the study was started ", max_attempts,
      " times and each time its worker stopped before finishing (the workspace replica running "
      "it died or lost the database); not retried again")));
  return session
      .Execute("UPDATE operations SET state = 4, error = ?, lease_owner = NULL, update_time = ? "
               "WHERE state = 2 AND lease_expiry < ? AND attempts >= ?",
               {Blob{abandoned}, now, now, static_cast<int64_t>(max_attempts)})
      .status();
}

absl::StatusOr<std::optional<StudyClaim>> OperationStore::Claim(const std::string& worker,
                                                                int64_t lease_micros,
                                                                int max_attempts) {
  std::optional<StudyClaim> claim;
  absl::Status status = database_->InTransaction([&](SqlSession& session) -> absl::Status {
    if (auto swept = SweepExpired(session, max_attempts); !swept.ok()) return swept;
    // PostgreSQL: concurrent claimers skip the row another is taking; SQLite serialises
    // writers, so the plain subquery is already exclusive. The outer WHERE re-checks the
    // row after any wait, so two workers never both win it.
    const char* lock = session.dialect() == SqlDialect::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
    const int64_t now = NowMicros();
    auto rows = session.Query(
        absl::StrCat(
            "UPDATE operations SET state = 2, lease_owner = ?, lease_expiry = ?, attempts = "
            "attempts + 1, progress = NULL, update_time = ? WHERE id = (SELECT id FROM operations "
            "WHERE state IN (1, 2) AND lease_expiry < ? ORDER BY create_time, id LIMIT 1",
            lock, ") AND state IN (1, 2) AND lease_expiry < ? "
                  "RETURNING id, owner, dataset_id, fingerprint, spec, attempts"),
        {worker, now + lease_micros, now, now, now});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return absl::OkStatus();
    const SqlRow& row = (*rows)[0];
    claim = StudyClaim{SqlText(row[0]), SqlText(row[1]), SqlText(row[2]), SqlText(row[3]), {},
                       static_cast<int>(SqlInt(row[5]))};
    claim->spec.ParseFromString(SqlText(row[4]));
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return claim;
}

absl::StatusOr<LeaseState> OperationStore::Renew(const std::string& worker, const std::string& id,
                                                 int64_t lease_micros,
                                                 const reporting::v1::Progress* progress) {
  LeaseState lease;
  absl::Status status = database_->InTransaction([&](SqlSession& session) -> absl::Status {
    auto rows = session.Query(
        "SELECT progress, cancel_requested FROM operations WHERE id = ? AND lease_owner = ? AND "
        "state = 2",
        {id, worker});
    if (!rows.ok()) return rows.status();
    if (rows->empty()) return absl::OkStatus();  // lease lost
    lease.held = true;
    lease.cancel_requested = SqlInt((*rows)[0][1]) != 0;
    workspace::v1::StudyMetadata events;
    events.ParseFromString(SqlText((*rows)[0][0]));
    if (progress != nullptr) *events.add_progress() = *progress;
    const int64_t now = NowMicros();
    return session
        .Execute("UPDATE operations SET lease_expiry = ?, progress = ?, update_time = ? WHERE "
                 "id = ? AND lease_owner = ?",
                 {now + lease_micros, Blob{events.SerializeAsString()}, now, id, worker})
        .status();
  });
  if (!status.ok()) return status;
  return lease;
}

absl::Status OperationStore::Finish(const std::string& worker, const std::string& id,
                                    const absl::Status& error,
                                    const reporting::v1::RunStudyResponse* result) {
  StudyState state = workspace::v1::STUDY_STATE_SUCCEEDED;
  if (!error.ok()) {
    state = absl::IsCancelled(error) ? workspace::v1::STUDY_STATE_CANCELLED
                                     : workspace::v1::STUDY_STATE_FAILED;
  }
  SqlValue result_value, error_value;
  if (error.ok()) {
    result_value = Blob{result->SerializeAsString()};
  } else {
    error_value = Blob{RpcStatusBytes(error)};
  }
  int64_t changed = 0;
  absl::Status status = database_->WithSession([&](SqlSession& session) -> absl::Status {
    auto updated = session.Execute(
        "UPDATE operations SET state = ?, result = ?, error = ?, lease_owner = NULL, "
        "lease_expiry = 0, update_time = ? WHERE id = ? AND lease_owner = ? AND state = 2",
        {static_cast<int64_t>(state), result_value, error_value, NowMicros(), id, worker});
    if (!updated.ok()) return updated.status();
    changed = *updated;
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  if (changed == 0) {
    return absl::AbortedError(absl::StrCat("operations/", id, ": worker ", worker,
                                           " no longer holds the lease; result discarded"));
  }
  return absl::OkStatus();
}

absl::Status OperationStore::Release(const std::string& worker, const std::string& id) {
  return database_->WithSession([&](SqlSession& session) {
    return session
        .Execute("UPDATE operations SET state = 1, lease_owner = NULL, lease_expiry = 0, "
                 "attempts = attempts - 1, progress = NULL, update_time = ? WHERE id = ? AND "
                 "lease_owner = ? AND state = 2",
                 {NowMicros(), id, worker})
        .status();
  });
}

}  // namespace govmetrics::workspace

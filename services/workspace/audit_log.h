#ifndef GOVMETRICS_SERVICES_WORKSPACE_AUDIT_LOG_H_
#define GOVMETRICS_SERVICES_WORKSPACE_AUDIT_LOG_H_

// The audit trail: one row per dataset creation, share, unshare, deletion and study
// creation, written in the same transaction as the change it records (no change without
// its row, no row without its change). Listed by the owner of the resource acted on, so
// an agency sees who used its datasets.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

struct AuditEntry {
  std::string owner;        // owner of the resource acted on (who may list the row)
  std::string agency;       // who acted
  std::string action;       // "dataset.create", ...
  std::string resource;     // "datasets/..." or "operations/..."
  std::string fingerprint;  // the dataset's
  std::string detail;       // e.g. the agency a share granted
};

absl::Status RecordAudit(SqlSession& session, const AuditEntry& entry);

absl::StatusOr<workspace::v1::ListAuditEventsResponse> ListAuditEvents(
    SqlDatabase& database, const std::string& owner,
    const workspace::v1::ListAuditEventsRequest& request);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_AUDIT_LOG_H_

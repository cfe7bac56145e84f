#include "services/workspace/audit_log.h"

#include "services/workspace/db_time.h"
#include "services/workspace/page_token.h"

namespace govmetrics::workspace {

absl::Status RecordAudit(SqlSession& session, const AuditEntry& entry) {
  return session
      .Execute(
          "INSERT INTO audit_events (owner, agency, action, resource, fingerprint, detail, time) "
          "VALUES (?, ?, ?, ?, ?, ?, ?)",
          {entry.owner, entry.agency, entry.action, entry.resource, entry.fingerprint,
           entry.detail, NowMicros()})
      .status();
}

absl::StatusOr<workspace::v1::ListAuditEventsResponse> ListAuditEvents(
    SqlDatabase& database, const std::string& owner,
    const workspace::v1::ListAuditEventsRequest& request) {
  auto page_size = PageSize(request.page_size(), 100, 1000);
  if (!page_size.ok()) return page_size.status();
  auto after = DecodePageToken(request.page_token());  // position.time = last id returned
  if (!after.ok()) return after.status();
  workspace::v1::ListAuditEventsResponse response;
  absl::Status status = database.WithSession([&](SqlSession& session) -> absl::Status {
    auto rows = session.Query(
        "SELECT id, agency, action, resource, fingerprint, detail, time FROM audit_events "
        "WHERE owner = ? AND id < ? ORDER BY id DESC LIMIT ?",
        {owner, after->time, static_cast<int64_t>(*page_size + 1)});
    if (!rows.ok()) return rows.status();
    for (size_t i = 0; i < rows->size() && static_cast<int>(i) < *page_size; ++i) {
      const SqlRow& row = (*rows)[i];
      auto* event = response.add_events();
      event->set_agency(SqlText(row[1]));
      event->set_action(SqlText(row[2]));
      event->set_resource(SqlText(row[3]));
      event->set_fingerprint(SqlText(row[4]));
      event->set_detail(SqlText(row[5]));
      SetTimestamp(SqlInt(row[6]), event->mutable_time());
    }
    if (static_cast<int>(rows->size()) > *page_size) {
      response.set_next_page_token(EncodePageToken({SqlInt((*rows)[*page_size - 1][0]), ""}));
    }
    return absl::OkStatus();
  });
  if (!status.ok()) return status;
  return response;
}

}  // namespace govmetrics::workspace

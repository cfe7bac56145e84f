#include "services/workspace/migrations.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"

namespace govmetrics::workspace {
namespace {

// Statements separated by ';'. {blob} and {serial} are the two DDL words the dialects
// spell differently. Times are microseconds since the Unix epoch (BIGINT).
const char* const kMigrations[] = {
    // 1: datasets, their stored parts and readers; study operations; the audit trail.
    R"sql(
CREATE TABLE datasets (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  display_name TEXT NOT NULL,
  state TEXT NOT NULL,
  schema_panel {blob} NOT NULL,
  row_count BIGINT NOT NULL DEFAULT 0,
  entity_count BIGINT NOT NULL DEFAULT 0,
  period_count BIGINT NOT NULL DEFAULT 0,
  balanced INTEGER NOT NULL DEFAULT 0,
  fingerprint TEXT NOT NULL DEFAULT '',
  chunk_count BIGINT NOT NULL DEFAULT 0,
  create_time BIGINT NOT NULL,
  heartbeat BIGINT NOT NULL
);
CREATE INDEX datasets_by_owner ON datasets (owner, create_time);
CREATE TABLE dataset_parts (
  dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  part INTEGER NOT NULL,
  seq INTEGER NOT NULL,
  data {blob} NOT NULL,
  PRIMARY KEY (dataset_id, seq, part)
);
CREATE TABLE dataset_readers (
  dataset_id TEXT NOT NULL REFERENCES datasets (id) ON DELETE CASCADE,
  agency TEXT NOT NULL,
  PRIMARY KEY (dataset_id, agency)
);
CREATE INDEX dataset_readers_by_agency ON dataset_readers (agency);
CREATE TABLE operations (
  id TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  dataset_id TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  state INTEGER NOT NULL,
  spec {blob} NOT NULL,
  progress {blob},
  result {blob},
  error {blob},
  cancel_requested INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_expiry BIGINT NOT NULL DEFAULT 0,
  attempts INTEGER NOT NULL DEFAULT 0,
  create_time BIGINT NOT NULL,
  update_time BIGINT NOT NULL
);
CREATE INDEX operations_by_state ON operations (state, lease_expiry);
CREATE INDEX operations_by_owner ON operations (owner, create_time);
CREATE INDEX operations_by_dataset ON operations (dataset_id, state);
CREATE TABLE audit_events (
  id {serial},
  owner TEXT NOT NULL,
  agency TEXT NOT NULL,
  action TEXT NOT NULL,
  resource TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  detail TEXT NOT NULL,
  time BIGINT NOT NULL
);
CREATE INDEX audit_events_by_owner ON audit_events (owner, id)
)sql",
};

std::string ForDialect(const char* sql, SqlDialect dialect) {
  const bool postgres = dialect == SqlDialect::kPostgres;
  return absl::StrReplaceAll(
      sql, {{"{blob}", postgres ? "BYTEA" : "BLOB"},
            {"{serial}", postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY AUTOINCREMENT"}});
}

absl::Status TakeMigrationLock(SqlSession& session) {
  if (session.dialect() != SqlDialect::kPostgres) return absl::OkStatus();  // BEGIN IMMEDIATE
  // Any fixed key; released at COMMIT / ROLLBACK.
  return session.Query("SELECT pg_advisory_xact_lock(7140512012)").status();
}

absl::StatusOr<int> CurrentVersion(SqlSession& session) {
  auto created = session.Execute(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
      "applied_time BIGINT NOT NULL)");
  if (!created.ok()) return created.status();
  auto rows = session.Query("SELECT CAST(COALESCE(MAX(version), 0) AS BIGINT) FROM schema_migrations");
  if (!rows.ok()) return rows.status();
  return static_cast<int>(SqlInt((*rows)[0][0]));
}

absl::Status Apply(SqlSession& session, int version) {
  const std::string sql = ForDialect(kMigrations[version - 1], session.dialect());
  for (absl::string_view statement : absl::StrSplit(sql, ';', absl::SkipWhitespace())) {
    auto done = session.Execute(statement);
    if (!done.ok()) {
      return absl::Status(done.status().code(), absl::StrCat("schema migration ", version, ": ",
                                                             done.status().message()));
    }
  }
  return session
      .Execute("INSERT INTO schema_migrations (version, applied_time) VALUES (?, 0)",
               {static_cast<int64_t>(version)})
      .status();
}

}  // namespace

int LatestSchemaVersion() { return static_cast<int>(std::size(kMigrations)); }

absl::Status Migrate(SqlDatabase& database, int* version) {
  return database.InTransaction([&](SqlSession& session) -> absl::Status {
    if (auto locked = TakeMigrationLock(session); !locked.ok()) return locked;
    auto current = CurrentVersion(session);
    if (!current.ok()) return current.status();
    if (*current > LatestSchemaVersion()) {
      return absl::FailedPreconditionError(absl::StrCat(
          "database schema version ", *current, " is newer than this workspace binary's (",
          LatestSchemaVersion(), "); run a newer govmetrics-workspace"));
    }
    for (int v = *current + 1; v <= LatestSchemaVersion(); ++v) {
      if (auto applied = Apply(session, v); !applied.ok()) return applied;
    }
    if (version != nullptr) *version = LatestSchemaVersion();
    return absl::OkStatus();
  });
}

}  // namespace govmetrics::workspace

#ifndef GOVMETRICS_SERVICES_WORKSPACE_MIGRATIONS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_MIGRATIONS_H_

// Versioned schema migrations, applied at start. Safe when several replicas start at the
// same moment: the whole check-and-apply runs under one database-wide lock (PostgreSQL:
// pg_advisory_xact_lock inside the migration transaction; SQLite: BEGIN IMMEDIATE, the
// file's write lock), so the second replica waits, then finds every version applied.
// A migration is never edited once released: a schema change is a new version.

#include "absl/status/status.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

// Applies every migration newer than the database's; returns the resulting version in
// `*version` when not null. FAILED_PRECONDITION when the database is newer than this
// binary (a rollback to an older workspace).
absl::Status Migrate(SqlDatabase& database, int* version = nullptr);

// The newest schema version this binary knows.
int LatestSchemaVersion();

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_MIGRATIONS_H_

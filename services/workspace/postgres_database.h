#ifndef GOVMETRICS_SERVICES_WORKSPACE_POSTGRES_DATABASE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_POSTGRES_DATABASE_H_

// PostgreSQL backend of SqlSession (libpq): --database=postgresql://HOST:PORT/DB?user=...
// The password never travels on the command line: libpq reads PGPASSWORD or the
// PGPASSFILE / ~/.pgpass file (database_url.h resolves --database_password_file).
// A connection that breaks (server restarted, network cut) makes the statement fail with
// UNAVAILABLE; the pool reconnects it before its next use, so the workspace recovers
// without a restart.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

absl::StatusOr<std::unique_ptr<SqlSession>> OpenPostgresSession(const std::string& conninfo);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_POSTGRES_DATABASE_H_

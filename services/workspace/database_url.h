#ifndef GOVMETRICS_SERVICES_WORKSPACE_DATABASE_URL_H_
#define GOVMETRICS_SERVICES_WORKSPACE_DATABASE_URL_H_

// --database: which backend, where.
//   sqlite:PATH                      a file (relative paths are under --data_dir)
//   postgresql://HOST:PORT/DB?user=U  (or postgres://, or a libpq "host=... dbname=..." string)
// A PostgreSQL password is never accepted in the URL (it would show in `ps` and in the
// Kubernetes manifest): it comes from --database_password_file (a mounted Secret) or from
// libpq's own PGPASSWORD / PGPASSFILE environment.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/workspace/sql_database.h"
#include "services/workspace/sqlite_database.h"

namespace govmetrics::workspace {

struct DatabaseConfig {
  std::string url;            // empty: sqlite:workspace.db under data_dir
  std::string data_dir;
  std::string password_file;  // optional
  int pool_size = 8;
  // SQLite only: PRAGMA mmap_size of each session (sqlite_database.h; 0: pread only).
  int64_t sqlite_mmap_bytes = SqliteOptions().mmap_bytes;
};

// Opens the pool (no migrations). UNAVAILABLE when the server cannot be reached,
// INVALID_ARGUMENT for a malformed URL or one that embeds a password.
absl::StatusOr<std::unique_ptr<SqlDatabase>> OpenDatabase(const DatabaseConfig& config);

// For logs: the URL without anything secret (PostgreSQL user and password removed).
std::string RedactedDatabaseUrl(const std::string& url);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_DATABASE_URL_H_

#ifndef GOVMETRICS_SERVICES_WORKSPACE_SQLITE_DATABASE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_SQLITE_DATABASE_H_

// SQLite backend of SqlSession: the embedded default (--database=sqlite:PATH). Every
// session opens the file in WAL mode (readers never block the writer), synchronous=FULL
// (a committed upload survives a crash), foreign keys on, and waits up to 10 s for
// another writer (several sessions and processes may share one file).

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

absl::StatusOr<std::unique_ptr<SqlSession>> OpenSqliteSession(const std::string& path);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_SQLITE_DATABASE_H_

#ifndef GOVMETRICS_SERVICES_WORKSPACE_SQL_DATABASE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_SQL_DATABASE_H_

// The workspace's one seam between its storage logic and a database engine. The store
// (workspace_store.h) is written once against SqlSession; SQLite (sqlite_database.h) and
// PostgreSQL (postgres_database.h) implement it. SQL text uses `?` placeholders and the
// portable subset both engines share (ON CONFLICT, RETURNING, CAST(... AS BIGINT));
// where DDL differs, migrations.cc names the dialect.
//
// Errors: a lost or refused connection, a busy database -> UNAVAILABLE (clients retry);
// a unique-key clash -> ALREADY_EXISTS; anything else -> INTERNAL with the engine's text.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govmetrics::workspace {

// Bytes bound as a BLOB / BYTEA (a plain std::string binds as TEXT).
struct Blob {
  std::string bytes;
};

using SqlValue = std::variant<std::monostate, int64_t, double, std::string, Blob>;
using SqlRow = std::vector<SqlValue>;
using SqlParams = std::vector<SqlValue>;

// Typed access to a result cell (NULL reads as 0 / "").
int64_t SqlInt(const SqlValue& value);
const std::string& SqlText(const SqlValue& value);  // TEXT or BLOB bytes
bool SqlIsNull(const SqlValue& value);

enum class SqlDialect { kSqlite, kPostgres };

// One connection, used by one thread at a time (SqlDatabase hands them out).
class SqlSession {
 public:
  virtual ~SqlSession() = default;
  // Runs one statement; returns the number of rows it changed.
  virtual absl::StatusOr<int64_t> Execute(absl::string_view sql, const SqlParams& params = {}) = 0;
  // Runs one statement and returns every row.
  virtual absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql,
                                                    const SqlParams& params = {}) = 0;
  // Reads the blobs of the rows of `query.table` that `query.where` selects (binding
  // `params`) straight into buffers the caller gives: for each row, `into(key, size)`
  // returns where its `size` bytes go (room for exactly `size`), or nullptr to skip it.
  // Why: a reader of megabyte blobs (ReadDataset) then copies each byte once, from the
  // engine into its own reused buffers. SQLite reads the blob with incremental blob I/O
  // (from its pages, not through a result buffer; the table must have a rowid),
  // PostgreSQL copies it out of the binary result. One read transaction for all rows.
  struct KeyedBlobQuery {
    absl::string_view table;
    absl::string_view key_column;   // INTEGER
    absl::string_view blob_column;  // BLOB / BYTEA
    absl::string_view where;        // with ? placeholders
  };
  using BlobDestination = std::function<char*(int64_t key, size_t size)>;
  virtual absl::Status ReadKeyedBlobs(const KeyedBlobQuery& query, const SqlParams& params,
                                      const BlobDestination& into) = 0;
  // BEGIN that takes the write lock up front (SQLite: BEGIN IMMEDIATE), so two writers
  // never deadlock upgrading a read lock.
  virtual absl::Status BeginWrite() = 0;
  // False once the connection is known to be broken (PostgreSQL restarted); the pool
  // then reconnects before handing the session out again.
  virtual bool Healthy() = 0;
  virtual absl::Status Reconnect() = 0;
  virtual SqlDialect dialect() const = 0;
};

// A small pool of sessions to one database. Thread-safe.
class SqlDatabase {
 public:
  using SessionFactory = std::function<absl::StatusOr<std::unique_ptr<SqlSession>>()>;

  // Opens `size` sessions with `factory` (fails if the first cannot open).
  static absl::StatusOr<std::unique_ptr<SqlDatabase>> Open(SessionFactory factory, int size);
  ~SqlDatabase();

  // Runs `work` with a session of its own. A broken session is reconnected first;
  // UNAVAILABLE when the database cannot be reached.
  absl::Status WithSession(const std::function<absl::Status(SqlSession&)>& work);
  // The same inside BeginWrite ... COMMIT; any error (or a failed commit) rolls back.
  absl::Status InTransaction(const std::function<absl::Status(SqlSession&)>& work);

  SqlDialect dialect() const { return dialect_; }

 private:
  struct Pool;
  explicit SqlDatabase(std::unique_ptr<Pool> pool, SqlDialect dialect);
  std::unique_ptr<Pool> pool_;
  SqlDialect dialect_;
};

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_SQL_DATABASE_H_

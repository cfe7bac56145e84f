#include "services/workspace/sqlite_database.h"

#include <sqlite3.h>

#include <functional>
#include <memory>

#include "absl/strings/str_cat.h"

namespace govmetrics::workspace {
namespace {

absl::Status SqliteError(sqlite3* db, int code, absl::string_view what) {
  std::string message = absl::StrCat("sqlite: ", what, ": ", db ? sqlite3_errmsg(db) : "",
                                     " (", sqlite3_errstr(code), ")");
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_CANTOPEN:
    case SQLITE_IOERR:
    case SQLITE_FULL:
      return absl::UnavailableError(message);
    case SQLITE_CONSTRAINT:
      return absl::AlreadyExistsError(message);
    default:
      return absl::InternalError(message);
  }
}

class SqliteSession final : public SqlSession {
 public:
  SqliteSession(std::string path, const SqliteOptions& options)
      : path_(std::move(path)), options_(options) {}
  ~SqliteSession() override { sqlite3_close_v2(db_); }

  absl::Status Open() {
    int code = sqlite3_open_v2(path_.c_str(), &db_,
                               SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                               nullptr);
    if (code != SQLITE_OK) return SqliteError(db_, code, absl::StrCat("open ", path_));
    sqlite3_busy_timeout(db_, 10000);
    // page_size first: it takes effect only in a new, empty file (before WAL mode writes
    // the header); an existing database keeps its own. 64 KiB pages make a dataset's
    // 2 MiB parts chains of 32 pages instead of 512: uploads write 2-3x and reads scan
    // 4x faster than with the 4 KiB default, while small transactions cost the same
    // (their time is the fsync).
    for (const char* pragma : {"PRAGMA page_size=65536", "PRAGMA journal_mode=WAL",
                               "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON"}) {
      if (auto done = Query(pragma, {}); !done.ok()) return done.status();
    }
    // SQLite caps it at its SQLITE_MAX_MMAP_SIZE without an error.
    return Query(absl::StrCat("PRAGMA mmap_size=", options_.mmap_bytes), {}).status();
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql, const SqlParams& params) override {
    auto rows = Query(sql, params);
    if (!rows.ok()) return rows.status();
    return static_cast<int64_t>(sqlite3_changes64(db_));
  }

  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql,
                                            const SqlParams& params) override {
    std::vector<SqlRow> rows;
    absl::Status status = ForEachRow(sql, params, [&](sqlite3_stmt* statement) {
      rows.push_back(ReadRow(statement));
      return absl::OkStatus();
    });
    if (!status.ok()) return status;
    return rows;
  }

  // Selects (key, rowid) and reads each row's blob through one incremental-blob handle
  // moved from row to row: SQLite copies the blob's overflow pages into the destination,
  // where sqlite3_column_blob would first assemble a copy of its own. Each page comes from
  // the memory mapping (mmap_size; one copy, out of the kernel's page cache) or else is
  // pread into SQLite's page cache first (two copies: Debian 12's library is built without
  // SQLITE_DIRECT_OVERFLOW_READ). The open SELECT holds the read transaction, so the blobs
  // are of its snapshot.
  absl::Status ReadKeyedBlobs(const KeyedBlobQuery& query, const SqlParams& params,
                              const BlobDestination& into) override {
    const std::string sql = absl::StrCat("SELECT ", query.key_column, ", rowid FROM ",
                                         query.table, " WHERE ", query.where);
    const std::string table(query.table), column(query.blob_column);
    std::unique_ptr<sqlite3_blob, int (*)(sqlite3_blob*)> blob(nullptr, sqlite3_blob_close);
    return ForEachRow(sql, params, [&](sqlite3_stmt* statement) -> absl::Status {
      const sqlite3_int64 rowid = sqlite3_column_int64(statement, 1);
      int code = SQLITE_OK;
      if (blob == nullptr) {
        sqlite3_blob* opened = nullptr;
        code = sqlite3_blob_open(db_, "main", table.c_str(), column.c_str(), rowid,
                                 /*flags=*/0, &opened);
        blob.reset(opened);
      } else {
        code = sqlite3_blob_reopen(blob.get(), rowid);
      }
      if (code != SQLITE_OK) return SqliteError(db_, code, "open blob");
      const int size = sqlite3_blob_bytes(blob.get());
      char* destination = into(sqlite3_column_int64(statement, 0), static_cast<size_t>(size));
      if (destination == nullptr || size == 0) return absl::OkStatus();
      code = sqlite3_blob_read(blob.get(), destination, size, 0);
      if (code != SQLITE_OK) return SqliteError(db_, code, "read blob");
      return absl::OkStatus();
    });
  }

  absl::Status BeginWrite() override { return Execute("BEGIN IMMEDIATE", {}).status(); }
  bool Healthy() override { return db_ != nullptr; }
  absl::Status Reconnect() override { return Open(); }
  SqlDialect dialect() const override { return SqlDialect::kSqlite; }

 private:
  // Prepares and binds `sql`, then calls `row` on each result row until it fails.
  absl::Status ForEachRow(absl::string_view sql, const SqlParams& params,
                          const std::function<absl::Status(sqlite3_stmt*)>& row) {
    sqlite3_stmt* statement = nullptr;
    int code = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &statement,
                                  nullptr);
    if (code != SQLITE_OK) return SqliteError(db_, code, "prepare");
    std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> owned(statement, sqlite3_finalize);
    if (auto bound = Bind(statement, params); !bound.ok()) return bound;
    while ((code = sqlite3_step(statement)) == SQLITE_ROW) {
      if (auto done = row(statement); !done.ok()) return done;
    }
    if (code != SQLITE_DONE) return SqliteError(db_, code, "step");
    return absl::OkStatus();
  }

  absl::Status Bind(sqlite3_stmt* statement, const SqlParams& params) {
    for (size_t i = 0; i < params.size(); ++i) {
      const int index = static_cast<int>(i) + 1;
      const SqlValue& value = params[i];
      int code = SQLITE_OK;
      if (const auto* n = std::get_if<int64_t>(&value)) {
        code = sqlite3_bind_int64(statement, index, *n);
      } else if (const auto* d = std::get_if<double>(&value)) {
        code = sqlite3_bind_double(statement, index, *d);
      } else if (const auto* s = std::get_if<std::string>(&value)) {
        code = sqlite3_bind_text64(statement, index, s->data(), s->size(), SQLITE_STATIC,
                                   SQLITE_UTF8);
      } else if (const auto* b = std::get_if<Blob>(&value)) {
        code = sqlite3_bind_blob64(statement, index, b->bytes.data(), b->bytes.size(),
                                   SQLITE_STATIC);
      } else {
        code = sqlite3_bind_null(statement, index);
      }
      if (code != SQLITE_OK) return SqliteError(db_, code, "bind");
    }
    return absl::OkStatus();
  }

  static SqlRow ReadRow(sqlite3_stmt* statement) {
    SqlRow row;
    const int columns = sqlite3_column_count(statement);
    for (int c = 0; c < columns; ++c) {
      switch (sqlite3_column_type(statement, c)) {
        case SQLITE_INTEGER:
          row.emplace_back(static_cast<int64_t>(sqlite3_column_int64(statement, c)));
          break;
        case SQLITE_FLOAT:
          row.emplace_back(sqlite3_column_double(statement, c));
          break;
        case SQLITE_NULL:
          row.emplace_back(std::monostate());
          break;
        default: {  // TEXT or BLOB: bytes either way
          const auto* data = static_cast<const char*>(sqlite3_column_blob(statement, c));
          const int size = sqlite3_column_bytes(statement, c);
          row.emplace_back(Blob{std::string(data ? data : "", static_cast<size_t>(size))});
        }
      }
    }
    return row;
  }

  std::string path_;
  SqliteOptions options_;
  sqlite3* db_ = nullptr;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqlSession>> OpenSqliteSession(const std::string& path,
                                                              const SqliteOptions& options) {
  auto session = std::make_unique<SqliteSession>(path, options);
  if (auto opened = session->Open(); !opened.ok()) return opened;
  return std::unique_ptr<SqlSession>(std::move(session));
}

}  // namespace govmetrics::workspace

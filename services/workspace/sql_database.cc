#include "services/workspace/sql_database.h"

#include <condition_variable>
#include <mutex>

namespace govmetrics::workspace {

int64_t SqlInt(const SqlValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return *i;
  if (const auto* d = std::get_if<double>(&value)) return static_cast<int64_t>(*d);
  return 0;
}

const std::string& SqlText(const SqlValue& value) {
  static const std::string* const kEmpty = new std::string();
  if (const auto* s = std::get_if<std::string>(&value)) return *s;
  if (const auto* b = std::get_if<Blob>(&value)) return b->bytes;
  return *kEmpty;
}

bool SqlIsNull(const SqlValue& value) { return std::holds_alternative<std::monostate>(value); }

struct SqlDatabase::Pool {
  std::mutex mu;
  std::condition_variable available;
  std::vector<std::unique_ptr<SqlSession>> idle;
};

SqlDatabase::SqlDatabase(std::unique_ptr<Pool> pool, SqlDialect dialect)
    : pool_(std::move(pool)), dialect_(dialect) {}
SqlDatabase::~SqlDatabase() = default;

absl::StatusOr<std::unique_ptr<SqlDatabase>> SqlDatabase::Open(SessionFactory factory, int size) {
  auto pool = std::make_unique<Pool>();
  SqlDialect dialect = SqlDialect::kSqlite;
  for (int i = 0; i < std::max(size, 1); ++i) {
    auto session = factory();
    if (!session.ok()) return session.status();
    dialect = (*session)->dialect();
    pool->idle.push_back(std::move(*session));
  }
  return std::unique_ptr<SqlDatabase>(new SqlDatabase(std::move(pool), dialect));
}

absl::Status SqlDatabase::WithSession(const std::function<absl::Status(SqlSession&)>& work) {
  std::unique_ptr<SqlSession> session;
  {
    std::unique_lock<std::mutex> lock(pool_->mu);
    pool_->available.wait(lock, [&] { return !pool_->idle.empty(); });
    session = std::move(pool_->idle.back());
    pool_->idle.pop_back();
  }
  absl::Status status = session->Healthy() ? absl::OkStatus() : session->Reconnect();
  if (status.ok()) status = work(*session);
  {
    std::lock_guard<std::mutex> lock(pool_->mu);
    pool_->idle.push_back(std::move(session));
  }
  pool_->available.notify_one();
  return status;
}

absl::Status SqlDatabase::InTransaction(const std::function<absl::Status(SqlSession&)>& work) {
  return WithSession([&](SqlSession& session) -> absl::Status {
    if (auto begun = session.BeginWrite(); !begun.ok()) return begun;
    absl::Status status = work(session);
    if (status.ok()) {
      auto committed = session.Execute("COMMIT");
      if (committed.ok()) return absl::OkStatus();
      status = committed.status();
    }
    // Best effort: a broken connection rolls back by itself.
    (void)session.Execute("ROLLBACK");
    return status;
  });
}

}  // namespace govmetrics::workspace

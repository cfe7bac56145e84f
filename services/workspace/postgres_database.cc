#include "services/workspace/postgres_database.h"

#include <libpq-fe.h>

#include <cstring>

#include "absl/strings/str_cat.h"
#include "absl/strings/match.h"
#include "absl/strings/str_format.h"

namespace govmetrics::workspace {
namespace {

// Type oids of the columns the workspace schema uses (pg_type.h).
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23,
              kFloat8Oid = 701;

uint64_t BigEndian(const char* bytes, int size) {
  uint64_t value = 0;
  for (int i = 0; i < size; ++i) value = (value << 8) | static_cast<unsigned char>(bytes[i]);
  return value;
}

// Rewrites `?` placeholders as $1, $2, ... (our SQL has no `?` inside literals).
std::string NumberPlaceholders(absl::string_view sql) {
  std::string out;
  int next = 1;
  for (char c : sql) {
    if (c == '?') {
      absl::StrAppend(&out, "$", next++);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

class PostgresSession final : public SqlSession {
 public:
  explicit PostgresSession(std::string conninfo) : conninfo_(std::move(conninfo)) {}
  ~PostgresSession() override { PQfinish(conn_); }

  absl::Status Connect() {
    PQfinish(conn_);
    conn_ = PQconnectdb(conninfo_.c_str());
    if (PQstatus(conn_) != CONNECTION_OK) {
      return absl::UnavailableError(absl::StrCat("postgresql: cannot connect: ",
                                                 PQerrorMessage(conn_)));
    }
    return Execute("SET client_min_messages = warning", {}).status();
  }

  absl::StatusOr<int64_t> Execute(absl::string_view sql, const SqlParams& params) override {
    auto result = Run(sql, params);
    if (!result.ok()) return result.status();
    const char* tuples = PQcmdTuples(result->get());
    return tuples && *tuples ? std::strtoll(tuples, nullptr, 10) : 0;
  }

  absl::StatusOr<std::vector<SqlRow>> Query(absl::string_view sql,
                                            const SqlParams& params) override {
    auto result = Run(sql, params);
    if (!result.ok()) return result.status();
    PGresult* res = result->get();
    std::vector<SqlRow> rows(PQntuples(res));
    for (int r = 0; r < PQntuples(res); ++r) {
      for (int c = 0; c < PQnfields(res); ++c) rows[r].push_back(Cell(res, r, c));
    }
    return rows;
  }

  // The binary result holds every selected blob; each is copied out once, into the
  // caller's buffer.
  absl::Status ReadKeyedBlobs(const KeyedBlobQuery& query, const SqlParams& params,
                              const BlobDestination& into) override {
    auto result = Run(absl::StrCat("SELECT ", query.key_column, ", ", query.blob_column,
                                   " FROM ", query.table, " WHERE ", query.where),
                      params);
    if (!result.ok()) return result.status();
    PGresult* res = result->get();
    for (int r = 0; r < PQntuples(res); ++r) {
      const auto size = static_cast<size_t>(PQgetlength(res, r, 1));
      char* destination = into(SqlInt(Cell(res, r, 0)), size);
      if (destination != nullptr && size > 0) std::memcpy(destination, PQgetvalue(res, r, 1), size);
    }
    return absl::OkStatus();
  }

  absl::Status BeginWrite() override { return Execute("BEGIN", {}).status(); }
  // Also notices, without a round trip, a server that closed the connection while it sat
  // in the pool (a restart): reading the pending input sees the close.
  bool Healthy() override {
    if (conn_ == nullptr || PQstatus(conn_) != CONNECTION_OK) return false;
    return PQconsumeInput(conn_) == 1 && PQstatus(conn_) == CONNECTION_OK;
  }
  absl::Status Reconnect() override { return Connect(); }
  SqlDialect dialect() const override { return SqlDialect::kPostgres; }

 private:
  using Result = std::unique_ptr<PGresult, void (*)(PGresult*)>;

  absl::StatusOr<Result> Run(absl::string_view sql, const SqlParams& params) {
    std::vector<std::string> text(params.size());
    std::vector<const char*> values(params.size());
    std::vector<int> lengths(params.size()), formats(params.size());
    std::vector<Oid> types(params.size());
    for (size_t i = 0; i < params.size(); ++i) {
      BindParam(params[i], &text[i], &values[i], &lengths[i], &formats[i], &types[i]);
    }
    Result result(PQexecParams(conn_, NumberPlaceholders(sql).c_str(),
                               static_cast<int>(params.size()), types.data(), values.data(),
                               lengths.data(), formats.data(), /*resultFormat=*/1),
                  PQclear);
    const ExecStatusType status = PQresultStatus(result.get());
    if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
    return ErrorOf(result.get());
  }

  // Text format for everything but bytea (binary, so no escaping of large blobs).
  static void BindParam(const SqlValue& value, std::string* text, const char** data, int* length,
                        int* format, Oid* type) {
    *format = 0;
    *type = 0;
    if (const auto* n = std::get_if<int64_t>(&value)) {
      *text = absl::StrCat(*n);
      *type = kInt8Oid;
    } else if (const auto* d = std::get_if<double>(&value)) {
      *text = absl::StrFormat("%.17g", *d);
      *type = kFloat8Oid;
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      *text = *s;
    } else if (const auto* b = std::get_if<Blob>(&value)) {
      *data = b->bytes.data();
      *length = static_cast<int>(b->bytes.size());
      *format = 1;
      *type = kByteaOid;
      return;
    } else {
      *data = nullptr;
      *length = 0;
      return;
    }
    *data = text->c_str();
    *length = static_cast<int>(text->size());
  }

  static SqlValue Cell(PGresult* res, int row, int column) {
    if (PQgetisnull(res, row, column)) return std::monostate();
    const char* bytes = PQgetvalue(res, row, column);
    const int size = PQgetlength(res, row, column);
    switch (PQftype(res, column)) {
      case kInt8Oid:
      case kInt4Oid:
      case kInt2Oid: {
        const uint64_t raw = BigEndian(bytes, size);
        const int shift = 64 - 8 * size;  // sign-extend int2 / int4
        return static_cast<int64_t>(raw << shift) >> shift;
      }
      case kBoolOid:
        return static_cast<int64_t>(bytes[0] != 0);
      case kFloat8Oid: {
        const uint64_t raw = BigEndian(bytes, size);
        double value;
        std::memcpy(&value, &raw, sizeof value);
        return value;
      }
      default:  // text, varchar, bytea: the bytes
        return Blob{std::string(bytes, static_cast<size_t>(size))};
    }
  }

  absl::Status ErrorOf(PGresult* res) const {
    const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
    std::string message = absl::StrCat("postgresql: ", PQerrorMessage(conn_));
    if (PQstatus(conn_) != CONNECTION_OK || state == nullptr) {
      return absl::UnavailableError(message);  // connection lost mid-statement
    }
    const absl::string_view code(state);
    if (code == "23505") return absl::AlreadyExistsError(message);
    // 08: connection exceptions; 57P: operator intervention (shutdown); 40001/40P01:
    // serialization failure / deadlock (retryable); 53: insufficient resources.
    if (absl::StartsWith(code, "08") || absl::StartsWith(code, "57P") || code == "40001" ||
        code == "40P01" || absl::StartsWith(code, "53")) {
      return absl::UnavailableError(message);
    }
    return absl::InternalError(message);
  }

  std::string conninfo_;
  PGconn* conn_ = nullptr;
};

}  // namespace

absl::StatusOr<std::unique_ptr<SqlSession>> OpenPostgresSession(const std::string& conninfo) {
  auto session = std::make_unique<PostgresSession>(conninfo);
  if (auto connected = session->Connect(); !connected.ok()) return connected;
  return std::unique_ptr<SqlSession>(std::move(session));
}

}  // namespace govmetrics::workspace

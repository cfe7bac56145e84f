#include "services/workspace/database_url.h"

#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/workspace/postgres_database.h"
#include "services/workspace/sqlite_database.h"

namespace govmetrics::workspace {
namespace {

bool IsPostgresUrl(absl::string_view url) {
  return absl::StartsWith(url, "postgresql://") || absl::StartsWith(url, "postgres://") ||
         absl::StrContains(url, "dbname=") || absl::StrContains(url, "host=");
}

// "user:secret@" in the authority, or a password= keyword anywhere.
bool EmbedsPassword(absl::string_view url) {
  if (absl::StrContains(url, "password=")) return true;
  const size_t scheme = url.find("://");
  if (scheme == absl::string_view::npos) return false;
  const absl::string_view rest = url.substr(scheme + 3);
  const absl::string_view authority = rest.substr(0, rest.find('/'));
  const size_t at = authority.find('@');
  return at != absl::string_view::npos && authority.substr(0, at).find(':') != absl::string_view::npos;
}

absl::Status ExportPassword(const std::string& path) {
  std::ifstream file(path);
  if (!file) return absl::InvalidArgumentError(absl::StrCat("cannot read --database_password_file ", path));
  std::stringstream text;
  text << file.rdbuf();
  std::string password(absl::StripTrailingAsciiWhitespace(text.str()));
  // libpq reads PGPASSWORD when the connection string has no password.
  setenv("PGPASSWORD", password.c_str(), 1);
  return absl::OkStatus();
}

std::string SqlitePath(const DatabaseConfig& config) {
  std::string path = config.url.empty() ? "workspace.db"
                                        : std::string(absl::StripPrefix(config.url, "sqlite:"));
  if (!path.empty() && path[0] != '/' && !config.data_dir.empty()) {
    mkdir(config.data_dir.c_str(), 0750);  // exists already: fine
    path = absl::StrCat(config.data_dir, "/", path);
  }
  return path;
}

}  // namespace

std::string RedactedDatabaseUrl(const std::string& url) {
  if (!IsPostgresUrl(url)) return url;
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return url;
  return absl::StrCat(url.substr(0, scheme + 3), "***", url.substr(at));
}

absl::StatusOr<std::unique_ptr<SqlDatabase>> OpenDatabase(const DatabaseConfig& config) {
  if (IsPostgresUrl(config.url)) {
    if (EmbedsPassword(config.url)) {
      return absl::InvalidArgumentError(
          "--database must not contain a password (it would be visible to every process); use "
          "--database_password_file or PGPASSWORD");
    }
    if (!config.password_file.empty()) {
      if (auto exported = ExportPassword(config.password_file); !exported.ok()) return exported;
    }
    return SqlDatabase::Open([url = config.url] { return OpenPostgresSession(url); },
                             config.pool_size);
  }
  if (config.sqlite_mmap_bytes < 0) {
    return absl::InvalidArgumentError("--sqlite_mmap_mb must be 0 (off) or a size in MiB");
  }
  if (!config.url.empty() && !absl::StartsWith(config.url, "sqlite:")) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--database '", config.url, "': expected sqlite:PATH or postgresql://HOST:PORT/DB"));
  }
  return SqlDatabase::Open(
      [path = SqlitePath(config), options = SqliteOptions{config.sqlite_mmap_bytes}] {
        return OpenSqliteSession(path, options);
      },
      config.pool_size);
}

}  // namespace govmetrics::workspace

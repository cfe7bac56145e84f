#ifndef GOVMETRICS_TESTS_WORKSPACE_TEST_DATABASES_H_
#define GOVMETRICS_TESTS_WORKSPACE_TEST_DATABASES_H_

// The two real backends the workspace storage suite runs against: a fresh SQLite file per
// test, and a fresh database per test on one real PostgreSQL server started (initdb +
// pg_ctl, tests/workspace/postgres_server.sh) in a temporary directory the first time a
// test asks for it and stopped when the test program exits.

#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "services/workspace/database_url.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::testing {

inline int FreeLoopbackPort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

inline std::string RunCommand(const std::string& command) {
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) throw std::runtime_error("popen failed: " + command);
  char buffer[512];
  while (fgets(buffer, sizeof buffer, pipe) != nullptr) output += buffer;
  if (pclose(pipe) != 0) throw std::runtime_error("command failed: " + command + "\n" + output);
  return std::string(absl::StripTrailingAsciiWhitespace(output));
}

inline std::string NewTempDir() {
  char pattern[] = "/tmp/gm-workspace-XXXXXX";
  return mkdtemp(pattern);
}

class PostgresServer {
 public:
  static PostgresServer& Get() {
    static PostgresServer* server = new PostgresServer();
    return *server;
  }
  // A URL whose sessions see only a new empty schema (a schema per test is far cheaper
  // than CREATE DATABASE, which copies a template and checkpoints).
  std::string NewDatabaseUrl() {
    const std::string name = absl::StrCat("t", ++databases_);
    auto created = admin_->WithSession([&](workspace::SqlSession& session) {
      return session.Execute(absl::StrCat("CREATE SCHEMA ", name)).status();
    });
    if (!created.ok()) throw std::runtime_error(created.ToString());
    return absl::StrCat("postgresql://127.0.0.1:", port_,
                        "/workspace?user=gm&options=-csearch_path%3D", name);
  }
  int port() const { return port_; }
  void Restart() { RunCommand(absl::StrCat(kScript, " restart ", dir_, "/pg")); }
  void Stop() {
    if (dir_.empty()) return;
    admin_.reset();
    std::system(absl::StrCat(kScript, " stop ", dir_, "/pg >/dev/null 2>&1; rm -rf ", dir_).c_str());
    dir_.clear();
  }

 private:
  static constexpr const char* kScript = GOVMETRICS_SOURCE_DIR "/tests/workspace/postgres_server.sh";
  PostgresServer() : dir_(NewTempDir()), port_(FreeLoopbackPort()) {
    const std::string url = RunCommand(absl::StrCat(kScript, " start ", dir_, "/pg ", port_));
    std::atexit([] { Get().Stop(); });
    admin_ = *workspace::OpenDatabase({url, "", "", 1});
  }
  std::string dir_;
  int port_;
  int databases_ = 0;
  std::unique_ptr<workspace::SqlDatabase> admin_;
};

enum class Backend { kSqlite, kPostgres };

inline std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "Sqlite" : "Postgres";
}

// A --database URL for a fresh, empty database of `backend`.
inline std::string FreshDatabaseUrl(Backend backend) {
  if (backend == Backend::kPostgres) return PostgresServer::Get().NewDatabaseUrl();
  return absl::StrCat("sqlite:", NewTempDir(), "/workspace.db");
}

inline std::unique_ptr<workspace::SqlDatabase> OpenOrDie(const std::string& url) {
  auto database = workspace::OpenDatabase({url, "", "", 4});
  if (!database.ok()) throw std::runtime_error(database.status().ToString());
  return *std::move(database);
}

}  // namespace govmetrics::testing

#endif  // GOVMETRICS_TESTS_WORKSPACE_TEST_DATABASES_H_

// govmetrics-workspace: datasets, study operations and the audit trail (the suite's only
// state). Flags: docs/operations.md, "Workspace".
#include <unistd.h>

#include <cstdio>
#include <string>
#include <thread>
#include <utility>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/memory/arena_retention.h"
#include "common/rpc/json_log.h"
#include "common/rpc/server_command_line.h"
#include "common/rpc/server_runtime.h"
#include "common/rpc/tls_credentials.h"
#include "services/reporting/downstream.h"
#include "services/workspace/database_url.h"
#include "services/workspace/dataset_store.h"
#include "services/workspace/migrations.h"
#include "services/workspace/operation_store.h"
#include "services/workspace/operations_service.h"
#include "services/workspace/study_runner.h"
#include "services/workspace/workspace_service.h"

ABSL_FLAG(std::string, database, "",
          "sqlite:PATH (default sqlite:workspace.db under --data_dir) or "
          "postgresql://HOST:PORT/DB?user=USER (password: --database_password_file or PGPASSWORD).");
ABSL_FLAG(std::string, data_dir, "workspace-data", "Directory for the SQLite database file.");
ABSL_FLAG(std::string, database_password_file, "",
          "File holding the PostgreSQL password (e.g. a mounted Kubernetes Secret).");
ABSL_FLAG(int, database_connections, 8, "Database connections in the pool.");
ABSL_FLAG(int, sqlite_mmap_mb, govmetrics::workspace::kDefaultSqliteMmapMb,
          "SQLite only: read the first this many MiB of the database file through a memory "
          "mapping (PRAGMA mmap_size; capped by the SQLite library, 2 GiB in Debian 12) "
          "instead of pread; 0: pread only. See docs/operations.md for the trade-off (an I/O "
          "error on a mapped page ends the process).");
ABSL_FLAG(int, database_connect_seconds, 30,
          "Keep retrying the database at start for this long (it may start after us).");
ABSL_FLAG(std::string, reporting_target, "127.0.0.1:50053",
          "ReportingService address (studies): HOST:PORT or dns:///NAME:PORT.");
ABSL_FLAG(int, study_workers, 2, "Studies this replica runs at once.");
ABSL_FLAG(int, lease_seconds, 15,
          "Study lease: a study whose worker stops renewing for this long is taken over.");
ABSL_FLAG(int, max_study_attempts, 3, "Starts before a study whose worker keeps dying FAILS.");
ABSL_FLAG(int, upload_timeout_seconds, 600,
          "An upload with no chunk for this long (its client or replica died) is deleted.");
ABSL_FLAG(int, read_buffer_pool_mb, 256,
          "ReadDataset streams reuse the buffers of earlier messages (theirs and each other's); "
          "at most this much of them waits between reads (0: no reuse).");
ABSL_FLAG(int, malloc_arena_keep_mb, 64,
          "Freed memory each C library malloc arena keeps for reuse instead of returning it to "
          "the kernel (and blocks up to 32 MiB come from the arenas, not fresh mappings), so a "
          "ReadDataset stream reuses the pages of the ones before it (0: the C library's "
          "defaults).");
ABSL_FLAG(std::string, downstream_tls_cert, "", "PEM client certificate for the reporting service (mTLS).");
ABSL_FLAG(std::string, downstream_tls_key, "", "PEM private key for --downstream_tls_cert.");
ABSL_FLAG(std::string, downstream_ca, "", "PEM CA bundle that signed the reporting server certificate.");

namespace {

using namespace govmetrics;  // NOLINT: main only

absl::StatusOr<std::unique_ptr<workspace::SqlDatabase>> ConnectAndMigrate() {
  const workspace::DatabaseConfig config{absl::GetFlag(FLAGS_database), absl::GetFlag(FLAGS_data_dir),
                                         absl::GetFlag(FLAGS_database_password_file),
                                         absl::GetFlag(FLAGS_database_connections),
                                         int64_t{absl::GetFlag(FLAGS_sqlite_mmap_mb)} << 20};
  absl::StatusOr<std::unique_ptr<workspace::SqlDatabase>> database;
  for (int second = 0;; ++second) {
    database = workspace::OpenDatabase(config);
    if (database.ok() || !absl::IsUnavailable(database.status()) ||
        second >= absl::GetFlag(FLAGS_database_connect_seconds)) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  if (!database.ok()) return database.status();
  int version = 0;
  if (auto migrated = workspace::Migrate(**database, &version); !migrated.ok()) return migrated;
  rpc::LogLine("database_ready")
      .Str("database", workspace::RedactedDatabaseUrl(config.url.empty() ? "sqlite:workspace.db"
                                                                          : config.url))
      .Int("schema_version", version)
      .Emit();
  return database;
}

// A read's temporaries (the stream's dictionaries, part buffers beyond the shared pool)
// would otherwise go back to the kernel when freed (glibc trims an arena's free top past
// 128 KiB and maps blocks over its adaptive threshold afresh), and the next stream would
// fault in and zero the same megabytes again: arena_retention.h.
void KeepArenaMemory() {
  const int keep_mb = absl::GetFlag(FLAGS_malloc_arena_keep_mb);
  if (keep_mb == 0) return;
  memory::ArenaRetention retention;
  retention.trim_bytes = static_cast<size_t>(keep_mb) << 20;
  memory::RetainArenaMemory(retention);
}

std::string WorkerId() {
  char host[256] = "";
  gethostname(host, sizeof host - 1);
  return absl::StrCat(host, ":", getpid(), ":", workspace::NewResourceId().substr(0, 8));
}

}  // namespace

int main(int argc, char** argv) {
  rpc::BlockTerminationSignals();
  rpc::ParseServerCommandLine(
      argc, argv, "govmetrics-workspace",
      "the WorkspaceService gRPC server (datasets, study operations as google.longrunning "
      "Operations, audit trail; SQLite or PostgreSQL).");
  const std::pair<const char*, int> sizes[] = {
      {"read_buffer_pool_mb", absl::GetFlag(FLAGS_read_buffer_pool_mb)},
      {"malloc_arena_keep_mb", absl::GetFlag(FLAGS_malloc_arena_keep_mb)}};
  for (const auto& [name, mb] : sizes) {
    if (mb < 0) {
      std::fprintf(stderr, "govmetrics-workspace: --%s must be 0 or more\n", name);
      return 1;
    }
  }
  KeepArenaMemory();
  auto credentials = rpc::MakeChannelCredentials(absl::GetFlag(FLAGS_downstream_tls_cert),
                                                 absl::GetFlag(FLAGS_downstream_tls_key),
                                                 absl::GetFlag(FLAGS_downstream_ca));
  auto database = credentials.ok() ? ConnectAndMigrate()
                                   : absl::StatusOr<std::unique_ptr<workspace::SqlDatabase>>(
                                         credentials.status());
  if (!database.ok()) {
    std::fprintf(stderr, "govmetrics-workspace: %s\n", database.status().ToString().c_str());
    return 1;
  }
  rpc::SetDownstreamCredentials(*credentials);
  workspace::DatasetStore datasets(database->get());
  workspace::OperationStore operations(database->get(), &datasets);
  workspace::StudyRunnerOptions options;
  options.worker_id = WorkerId();
  options.workers = absl::GetFlag(FLAGS_study_workers);
  options.lease = absl::Seconds(absl::GetFlag(FLAGS_lease_seconds));
  options.max_attempts = absl::GetFlag(FLAGS_max_study_attempts);
  options.upload_max_age = absl::Seconds(absl::GetFlag(FLAGS_upload_timeout_seconds));
  workspace::StudyRunner runner(
      &datasets, &operations,
      reporting::MakeServiceChannel(absl::GetFlag(FLAGS_reporting_target),
                                    "govmetrics.reporting.v1.ReportingService"),
      options);
  runner.Start();
  services::WorkspaceServiceImpl workspace_service(
      &datasets, &operations, [&runner] { runner.Nudge(); },
      static_cast<size_t>(absl::GetFlag(FLAGS_read_buffer_pool_mb)) << 20);
  services::OperationsServiceImpl operations_service(&operations);
  const int code = rpc::RunServer(
      {"govmetrics-workspace", "127.0.0.1:50054"},
      {{&workspace_service, services::kWorkspaceServiceName},
       {&operations_service, services::kOperationsServiceName}});
  runner.Stop();  // after the drain: running studies are given back to other replicas
  return code;
}

#ifndef GOVMETRICS_SERVICES_WORKSPACE_SQLITE_DATABASE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_SQLITE_DATABASE_H_

// SQLite backend of SqlSession: the embedded default (--database=sqlite:PATH). Every
// session opens the file in WAL mode (readers never block the writer), synchronous=FULL
// (a committed upload survives a crash), foreign keys on, and waits up to 10 s for
// another writer (several sessions and processes may share one file).
//
// Memory-mapped reads (SqliteOptions::mmap_bytes, --sqlite_mmap_mb): SQLite reads the
// pages in the file's first mmap_bytes through a read-only mapping instead of pread into
// its own page cache. A large blob's overflow pages are then copied once, from the
// kernel's page cache into the reader's buffer, where pread copies each 64 KiB page into
// SQLite's cache (one system call each) and SQLite copies it again (the library of Debian
// 12 is built without SQLITE_DIRECT_OVERFLOW_READ). Pages a transaction wrote to the WAL
// and not yet checkpointed are still read from the WAL; SQLite remaps the file as it
// grows and never maps past its end, and its readers see their snapshot as before. The
// trade-off (SQLite's own warning): an I/O error on a mapped page, or the file truncated
// under SQLite by something else (a restore copied over a live database), raises SIGBUS
// and ends the process, where pread would have failed the one request (UNAVAILABLE).
// The mapping is capped by the library's SQLITE_MAX_MMAP_SIZE (Debian 12: 0x7fff0000,
// just under 2 GiB); pages past it are read with pread as before.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "services/workspace/sql_database.h"

namespace govmetrics::workspace {

// The default of --sqlite_mmap_mb: as much as the library maps (a 2 GiB cap in Debian 12's).
inline constexpr int kDefaultSqliteMmapMb = 2048;

struct SqliteOptions {
  // PRAGMA mmap_size of every session (0: pread only).
  int64_t mmap_bytes = int64_t{kDefaultSqliteMmapMb} << 20;
};

absl::StatusOr<std::unique_ptr<SqlSession>> OpenSqliteSession(const std::string& path,
                                                              const SqliteOptions& options = {});

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_SQLITE_DATABASE_H_

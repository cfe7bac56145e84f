#include "services/reporting/render/zip_writer.h"

#include <zip.h>

#include <ctime>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace govmetrics::reporting {
namespace {

// 2000-01-01T00:00:00Z, as in the Excel workbook's properties: a fixed stamp makes the
// same report the same bytes.
constexpr time_t kFixedModificationTime = 946684800;

absl::Status ZipError(const char* what, zip_error_t* error) {
  return absl::InternalError(absl::StrCat("zip: ", what, ": ", zip_error_strerror(error)));
}

// PNG and JPEG data is already deflate/entropy coded: deflating it again in the
// archive gains a fraction of a percent and cost the Word report of the demo study
// about a tenth of the reporting process's CPU (perf: zlib). Such entries are stored.
bool AlreadyCompressed(absl::string_view name) {
  for (absl::string_view extension : {".png", ".jpg", ".jpeg"}) {
    if (absl::EndsWithIgnoreCase(name, extension)) return true;
  }
  return false;
}

// Adds every entry to `archive`; the bytes stay owned by `entries` until zip_close.
absl::Status AddEntries(zip_t* archive, const ZipEntries& entries) {
  for (const auto& [name, bytes] : entries) {
    zip_source_t* source = zip_source_buffer(archive, bytes.data(), bytes.size(), 0);
    if (source == nullptr) return ZipError("buffer", zip_get_error(archive));
    const zip_int64_t index = zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(source);
      return ZipError("add", zip_get_error(archive));
    }
    zip_file_set_mtime(archive, static_cast<zip_uint64_t>(index), kFixedModificationTime, 0);
    if (AlreadyCompressed(name) &&
        zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), ZIP_CM_STORE, 0) < 0) {
      return ZipError("store", zip_get_error(archive));
    }
  }
  return absl::OkStatus();
}

// The bytes libzip wrote into the in-memory source.
absl::StatusOr<std::string> ReadSource(zip_source_t* source) {
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_source_stat(source, &stat) < 0 || zip_source_open(source) < 0) {
    return ZipError("read back", zip_source_error(source));
  }
  std::string bytes(static_cast<size_t>(stat.size), '\0');
  const zip_int64_t read = zip_source_read(source, bytes.data(), stat.size);
  zip_source_close(source);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
    return absl::InternalError("zip: short read of the archive");
  }
  return bytes;
}

}  // namespace

absl::StatusOr<std::string> WriteZip(const ZipEntries& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (source == nullptr) return ZipError("create", &error);
  zip_t* archive = zip_open_from_source(source, ZIP_TRUNCATE, &error);
  if (archive == nullptr) {
    zip_source_free(source);
    return ZipError("open", &error);
  }
  zip_source_keep(source);  // the archive's close would free it; we read it afterwards
  absl::Status added = AddEntries(archive, entries);
  if (!added.ok()) {
    zip_discard(archive);
    zip_source_free(source);
    return added;
  }
  if (zip_close(archive) < 0) {
    absl::Status closed = ZipError("close", zip_get_error(archive));
    zip_discard(archive);
    zip_source_free(source);
    return closed;
  }
  absl::StatusOr<std::string> bytes = ReadSource(source);
  zip_source_free(source);
  return bytes;
}

}  // namespace govmetrics::reporting

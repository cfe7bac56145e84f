#ifndef GOVMETRICS_COMMON_FILES_ZIP_ARCHIVE_H_
#define GOVMETRICS_COMMON_FILES_ZIP_ARCHIVE_H_

// Read-only zip archive in memory (libzip), for the OOXML formats. Entries are read with
// a cap on their inflated size: a small zip can inflate to gigabytes (a zip bomb), and the
// cap turns that into RESOURCE_EXHAUSTED instead of an out-of-memory kill.

#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct zip;

namespace govmetrics::files {

class ZipArchive {
 public:
  // `bytes` must outlive the archive. `file` names the source in messages.
  static absl::StatusOr<ZipArchive> Open(absl::string_view bytes, const std::string& file);

  bool Has(const std::string& entry) const;
  const std::string& file() const { return file_; }
  // "produc.xlsx (xl/workbook.xml)": how messages name a part.
  std::string PartLabel(const std::string& entry) const { return file_ + " (" + entry + ")"; }
  // The inflated entry; NOT_FOUND if absent, RESOURCE_EXHAUSTED past `max_bytes`.
  absl::StatusOr<std::string> Read(const std::string& entry, int64_t max_bytes) const;

 private:
  struct Closer {
    void operator()(zip* archive) const;
  };
  ZipArchive(std::unique_ptr<zip, Closer> archive, std::string file) : archive_(std::move(archive)), file_(std::move(file)) {}

  std::unique_ptr<zip, Closer> archive_;
  std::string file_;
};

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_ZIP_ARCHIVE_H_

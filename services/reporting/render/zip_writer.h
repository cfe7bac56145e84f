#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_ZIP_WRITER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_ZIP_WRITER_H_

// A zip archive built in memory (libzip), for the OOXML document formats. Entries keep
// the order given (OOXML readers expect [Content_Types].xml first) and carry a fixed
// modification time, so the same report is always the same bytes. Entries that are
// already compressed (PNG, JPEG) are stored, the others deflated.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace govmetrics::reporting {

// (entry name, bytes) in archive order.
using ZipEntries = std::vector<std::pair<std::string, std::string>>;

// The archive's bytes; INTERNAL if libzip fails (out of memory).
absl::StatusOr<std::string> WriteZip(const ZipEntries& entries);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_ZIP_WRITER_H_

#ifndef GOVMETRICS_COMMON_FILES_FILE_FORMAT_H_
#define GOVMETRICS_COMMON_FILES_FILE_FORMAT_H_

// Which reader a file needs, from its name and its first bytes. The name picks the
// reader; the bytes are checked against it so a renamed or corrupt file gets a message
// that says what it really is ("produc.dta does not start like a Stata file: it is a zip
// archive (an .xlsx?)") instead of a parser error from deep inside a library.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govmetrics::files {

enum class FileFormat { kCsv, kStata, kSpss, kSas, kXlsx };

// By extension (case-insensitive): .csv .txt .dta .sav .zsav .sas7bdat .xlsx/.xlsm.
// INVALID_ARGUMENT naming the supported extensions otherwise (.xls: save as .xlsx).
absl::StatusOr<FileFormat> FormatFromName(const std::string& file);

// What the leading bytes look like ("a zip archive", "an OLE compound file", ...).
std::string SniffDescription(absl::string_view bytes);

// OK when `bytes` start the way `format` requires; INVALID_ARGUMENT naming `file` and
// what the bytes look like otherwise. CSV accepts anything.
absl::Status CheckMagic(FileFormat format, absl::string_view bytes, const std::string& file);

const char* FormatName(FileFormat format);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_FILE_FORMAT_H_

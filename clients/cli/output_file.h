#ifndef GOVMETRICS_CLIENTS_CLI_OUTPUT_FILE_H_
#define GOVMETRICS_CLIENTS_CLI_OUTPUT_FILE_H_

// Writing a file the user asked for (--out): bytes as given, UTF-8 text or a binary
// document alike.

#include <string>

#include "absl/status/status.h"

namespace govmetrics::cli {

// PERMISSION_DENIED naming the path when it cannot be opened, DATA_LOSS when a write fails.
absl::Status WriteOutputFile(const std::string& path, const std::string& bytes);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_OUTPUT_FILE_H_

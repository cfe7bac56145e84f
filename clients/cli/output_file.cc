#include "clients/cli/output_file.h"

#include <fstream>

#include "absl/strings/str_cat.h"

namespace govmetrics::cli {

absl::Status WriteOutputFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  if (!out) return absl::PermissionDeniedError(absl::StrCat("cannot write ", path));
  out << bytes;
  return out ? absl::OkStatus() : absl::DataLossError(absl::StrCat("write failed: ", path));
}

}  // namespace govmetrics::cli

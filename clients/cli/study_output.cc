#include "clients/cli/study_output.h"

#include <cstdio>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "clients/cli/output_file.h"

namespace govmetrics::cli {

namespace rv1 = govmetrics::reporting::v1;

absl::Status WriteDocuments(const rv1::RunStudyResponse& response, const std::string& out) {
  for (const auto& document : response.documents()) {
    const std::filesystem::path path = std::filesystem::path(out) / document.file_name();
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) return absl::PermissionDeniedError(absl::StrCat("cannot create ", path.parent_path().string()));
    // Binary formats (Excel) carry bytes, text formats UTF-8 content.
    const std::string& bytes = document.binary_content().empty() ? document.content() : document.binary_content();
    if (auto status = WriteOutputFile(path.string(), bytes); !status.ok()) return status;
  }
  return absl::OkStatus();
}

void PrintHeadlines(const rv1::RunStudyResponse& result, const std::string& out) {
  std::printf("%s\n", result.report().title().c_str());
  for (const auto& h : result.report().headlines()) std::printf("  %s\n", h.text().c_str());
  for (const auto& section : result.report().sections()) {
    for (const auto& sentence : section.summary()) {
      if (section.id() == "baseline" || section.id() == "heterogeneity" || section.id() == "mechanism") {
        std::printf("  - %s\n", sentence.text().c_str());
      }
    }
  }
  std::printf("%d documents written under %s/", result.documents_size(), out.c_str());
  for (const auto& d : result.documents()) {
    if (d.format() == rv1::FORMAT_HTML) std::printf(" (report: %s/%s)", out.c_str(), d.file_name().c_str());
  }
  std::printf("\n");
}

}  // namespace govmetrics::cli

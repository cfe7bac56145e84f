#include "common/rpc/server_command_line.h"

#include <cstdlib>
#include <iostream>

#include "absl/flags/internal/parse.h"
#include "absl/flags/internal/usage.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/flags/usage_config.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/rpc/build_info.h"

namespace govmetrics::rpc {
namespace {

// "/work/src/common/rpc/server_flags.cc" or "../common/rpc/server_flags.cc" (ccache's
// relative paths) -> "common/rpc/server_flags.cc": the help names files by their place
// in the source tree, not by where it was built.
std::string SourceTreePath(absl::string_view filename) {
  for (absl::string_view top : {"common/", "services/", "absl/"}) {
    const size_t at = filename.rfind(top);
    if (at != absl::string_view::npos && (at == 0 || filename[at - 1] == '/')) {
      return std::string(filename.substr(at));
    }
  }
  return std::string(filename);
}

bool IsHelpFlagFile(absl::string_view filename) {
  return IsGovmetricsFlagFile(std::string(filename));
}

}  // namespace

bool IsGovmetricsFlagFile(const std::string& filename) {
  // --flagfile (absl/flags/parse.cc) is how deployments pass flags, so it is listed too.
  return absl::StartsWith(filename, "common/") || absl::StartsWith(filename, "services/") ||
         filename == "absl/flags/parse.cc";
}

void ParseServerCommandLine(int argc, char** argv, const std::string& binary_name,
                            const std::string& summary) {
  absl::SetProgramUsageMessage(absl::StrCat(
      summary, "\n\nUsage: ", binary_name,
      " [--listen=HOST:PORT] [--flagfile=FILE] [--FLAG=VALUE ...]   (docs/operations.md)"));
  absl::FlagsUsageConfig config;
  config.contains_help_flags = IsHelpFlagFile;
  config.contains_helpshort_flags = IsHelpFlagFile;
  config.normalize_filename = SourceTreePath;
  config.version_string = [binary_name] { return VersionText(binary_name) + "\n"; };
  absl::SetFlagsUsageConfig(config);
  // Parse without Abseil's usage handling, which exits 1 after --help; a user asking
  // for help has not made a mistake.
  absl::flags_internal::ParseCommandLineImpl(
      argc, argv, absl::flags_internal::ArgvListAction::kRemoveParsedArgs,
      absl::flags_internal::UsageFlagsAction::kIgnoreUsage,
      absl::flags_internal::OnUndefinedFlag::kAbortIfUndefined);
  const int usage = absl::flags_internal::HandleUsageFlags(std::cout, absl::ProgramUsageMessage());
  if (usage != -1) {
    std::cout.flush();
    std::exit(0);
  }
}

}  // namespace govmetrics::rpc

// govmetrics: command-line client for the govmetrics services.
#include <cstdio>
#include <string>
#include <vector>

#include "clients/cli/compare_command.h"
#include "clients/cli/fit_command.h"
#include "clients/cli/index_command.h"
#include "clients/cli/mediate_command.h"
#include "clients/cli/study_command.h"

namespace {

constexpr char kUsage[] =
    "govmetrics — client for the govmetrics services\n\n"
    "usage: govmetrics <command> [options]\n\n"
    "commands:\n"
    "  index     composite index (entropy weights) from a CSV panel\n"
    "  fit       panel regression (two-way FE, RE, FD, IV; robust / clustered SEs)\n"
    "  mediate   mediation: paths, Sobel-type tests, bootstrap CI, classification\n"
    "  compare   the model per group, with tests that coefficients differ\n"
    "  study     a whole study (indices, baseline, robustness, mediation, groups) -> report\n"
    "  version   print the client version\n\n"
    "Run `govmetrics <command> --help` for a command's options.\n";

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    std::fputs(kUsage, argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  std::vector<std::string> rest(argv + 2, argv + argc);
  if (!rest.empty() && rest[0] == "--help") rest = {"--help"};
  if (command == "index") return govmetrics::cli::RunIndexCommand(rest);
  if (command == "fit") return govmetrics::cli::RunFitCommand(rest);
  if (command == "mediate") return govmetrics::cli::RunMediateCommand(rest);
  if (command == "compare") return govmetrics::cli::RunCompareCommand(rest);
  if (command == "study") return govmetrics::cli::RunStudyCommand(rest);
  if (command == "version") {
    std::printf("govmetrics %s\n", GOVMETRICS_VERSION);
    return 0;
  }
  std::fprintf(stderr, "unknown command '%s'\n\n%s", command.c_str(), kUsage);
  return 2;
}

#include "clients/cli/govmetrics_app.h"

#include <cstdio>
#include <iostream>

#include "clients/cli/bash_completion.h"
#include "clients/cli/command_line.h"
#include "clients/cli/compare_command.h"
#include "clients/cli/dataset_command.h"
#include "clients/cli/fit_command.h"
#include "clients/cli/gmm_command.h"
#include "clients/cli/index_command.h"
#include "clients/cli/mediate_command.h"
#include "clients/cli/operations_command.h"
#include "clients/cli/spatial_command.h"
#include "clients/cli/study_command.h"
#include "clients/cli/tobit_command.h"
#include "common/rpc/build_info.h"

namespace govmetrics::cli {
namespace {

// Every subcommand, in the order `govmetrics --help` lists them. A new subcommand is
// one line here plus its *_command.cc (see command_line.h).
constexpr void (*kCommands[])(CLI::App&) = {
    AddIndexCommand,   AddFitCommand,     AddGmmCommand,        AddMediateCommand,
    AddCompareCommand, AddStudyCommand,   AddDatasetCommand,    AddOperationsCommand,
    AddSpatialFitCommand, AddTobitCommand,
};

void AddVersionCommand(CLI::App& root) {
  CLI::App* command = root.add_subcommand("version", "print the client version (as --version)");
  SetRun(command, [] {
    std::printf("%s\n", rpc::VersionText("govmetrics").c_str());
    return 0;
  });
}

void AddCompletionCommand(CLI::App& root) {
  CLI::App* command = root.add_subcommand(
      "completion", "print a shell completion script: source <(govmetrics completion bash)");
  auto shell = std::make_shared<std::string>("bash");
  AddChoice(command, "shell", shell.get(), {"bash"}, "shell to complete in");
  SetRun(command, [&root, shell] {
    std::fputs(BashCompletionScript(root).c_str(), stdout);
    return 0;
  });
}

bool IsCommand(const CLI::App& app, const std::string& word) {
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->get_name() == word) return true;
  }
  return false;
}

}  // namespace

std::unique_ptr<CLI::App> BuildGovmetricsApp() {
  auto app = std::make_unique<CLI::App>(
      "govmetrics: client for the govmetrics services (composite indices, panel models, "
      "mediation, group comparisons, whole-study reports).",
      "govmetrics");
  ConfigureHelp(*app);
  app->set_version_flag("--version", rpc::VersionText("govmetrics"), "print the version and exit");
  app->require_subcommand(1);
  app->footer("Run `govmetrics COMMAND --help` for a command's options.");
  for (auto add : kCommands) add(*app);
  AddVersionCommand(*app);
  AddCompletionCommand(*app);
  for (CLI::App* command : app->get_subcommands({})) command->footer("");
  return app;
}

int RunGovmetrics(int argc, char** argv) {
  std::unique_ptr<CLI::App> app = BuildGovmetricsApp();
  // CLI11 would call a misspelt command a stray argument ("A subcommand is required").
  if (argc > 1 && argv[1][0] != '-' && !IsCommand(*app, argv[1])) {
    return UsageError(*app, std::string("unknown command '") + argv[1] + "'");
  }
  try {
    app->parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app->exit(error);
    // CLI11's own codes for usage errors (100+) become the conventional 2.
    return code == 0 || error.get_name() == "RuntimeError" ? code : kExitUsage;
  }
  return 0;
}

}  // namespace govmetrics::cli

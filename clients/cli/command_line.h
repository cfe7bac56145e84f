#ifndef GOVMETRICS_CLIENTS_CLI_COMMAND_LINE_H_
#define GOVMETRICS_CLIENTS_CLI_COMMAND_LINE_H_

// The `govmetrics` command line on CLI11: one style for every subcommand, so that
// `--help` lists every option with its default and allowed values, and bash completion
// is generated from the same declarations.
//
// House rules for options (keep them when adding one):
//   - names are kebab-case (`--base-period`); a renamed spelling stays as a hidden alias
//     for a release (AddHiddenAlias), so old scripts keep working;
//   - an option that several subcommands share is declared once (AddPanelOptions,
//     AddConnectionOptions, AddModelOptions) so it means the same everywhere;
//   - a closed set of values is declared with AddChoice: the help shows the set, a
//     typo is refused before any file is read, and completion offers the values;
//   - list options take `a,b,c` (or the option repeated).
//
// Adding a subcommand: write foo_command.{h,cc} with
//   void AddFooCommand(CLI::App& root);
// which calls root.add_subcommand, declares options into a shared_ptr'd options struct,
// and ends with SetRun(command, [options] { return RunFoo(*options); });
// then add one line to the table in govmetrics_app.cc.

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// Exit codes: 0 done, 1 the call failed (RPC error, file not writable), 2 bad usage or
// input caught before any call.
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;

// Runs `run` when `command` is the subcommand given; its return value is the exit code.
void SetRun(CLI::App* command, std::function<int()> run);

// Another spelling of a choice, accepted but not shown: {"topsis", "entropy-topsis"}.
struct Synonym {
  std::string word;
  std::string means;
};

// A --name taking one of `choices`: the help shows "{a,b,c}" and the default; any other
// value is refused naming the option and the allowed values. A synonym is rewritten to
// the choice it means, so the command only ever sees `choices`.
CLI::Option* AddChoice(CLI::App* command, const std::string& name, std::string* value,
                       const std::vector<std::string>& choices, const std::string& description,
                       const std::vector<Synonym>& synonyms = {});

// A list option: `--name a,b,c` or `--name a --name b`.
CLI::Option* AddList(CLI::App* command, const std::string& name, std::vector<std::string>* values,
                     const std::string& value_name, const std::string& description);

// Accepts `old_name` (e.g. "--base_period") as another spelling of `option`, hidden from
// the help and from completion. The value lands in the same variable.
template <typename T>
void AddHiddenAlias(CLI::App* command, const std::string& old_name, T* variable,
                    CLI::Option* option) {
  command->add_option(old_name, *variable)->group("")->type_name(option->get_type_name());
}

// Prints `message` as "error: message" and a pointer to the subcommand's --help;
// returns kExitUsage.
int UsageError(const CLI::App& command, const std::string& message);

// The choices AddChoice declared for `option` (empty for free-form options).
std::vector<std::string> ChoicesOf(const CLI::Option& option);

// Shared look of every help page: "(default: X)" after the description, REQUIRED
// marked, option groups in declaration order.
void ConfigureHelp(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_COMMAND_LINE_H_

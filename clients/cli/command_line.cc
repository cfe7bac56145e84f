#include "clients/cli/command_line.h"

#include <cstdio>
#include <memory>
#include <sstream>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace govmetrics::cli {
namespace {

// Flags (--help, --version) have no value shape.
bool TakesValue(const CLI::Option& option) { return !option.get_type_name().empty(); }

// Help lines read "  --fe {none,entity,period,two-way}   fixed effects (default: two-way)":
// the value's shape after the name, the default after the description, where a reader
// looks for it (CLI11's own "=two-way" after the type is easy to miss).
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_option_opts(const CLI::Option* option) const override {
    std::string out;
    out += TakesValue(*option) ? " " + option->get_type_name() : "";
    if (option->get_required()) out += " (required)";
    if (!option->get_envname().empty()) out += " (env " + option->get_envname() + ")";
    return out;
  }

  std::string make_option_desc(const CLI::Option* option) const override {
    std::string description = option->get_description();
    const std::string& fallback = option->get_default_str();
    if (TakesValue(*option) && !option->get_required() && !fallback.empty() &&
        fallback != "[]") {
      description += " (default: " + fallback + ")";
    }
    return description;
  }
};

std::string ChoiceTypeName(const std::vector<std::string>& choices) {
  return "{" + absl::StrJoin(choices, ",") + "}";
}

// "govmetrics fit" for the fit subcommand.
std::string CommandPath(const CLI::App& command) {
  std::string path = command.get_name();
  for (const CLI::App* parent = command.get_parent(); parent != nullptr; parent = parent->get_parent()) {
    path = parent->get_name() + " " + path;
  }
  return path;
}

}  // namespace

void SetRun(CLI::App* command, std::function<int()> run) {
  // CLI11's way to leave with an exit code from a callback: App::exit() returns the code
  // of a RuntimeError without printing anything (the command printed its own error).
  command->callback([run = std::move(run)] {
    std::fflush(stdout);
    const int code = run();
    if (code != 0) throw CLI::RuntimeError(code);
  });
}

CLI::Option* AddChoice(CLI::App* command, const std::string& name, std::string* value,
                       const std::vector<std::string>& choices, const std::string& description,
                       const std::vector<Synonym>& synonyms) {
  const std::string shown = ChoiceTypeName(choices);
  CLI::Validator one_of(
      [choices, synonyms, shown](std::string& input) -> std::string {
        for (const auto& synonym : synonyms) {
          if (input == synonym.word) input = synonym.means;
        }
        for (const auto& choice : choices) {
          if (input == choice) return "";
        }
        return "'" + input + "' is not one of " + shown;
      },
      "");
  // transform, not check: CLI11 makes a check's validator non-modifying.
  return command->add_option(name, *value, description)->type_name(shown)->transform(one_of);
}

CLI::Option* AddList(CLI::App* command, const std::string& name, std::vector<std::string>* values,
                     const std::string& value_name, const std::string& description) {
  return command->add_option(name, *values, description)
      ->delimiter(',')
      ->type_name(value_name)
      ->allow_extra_args(false);
}

int UsageError(const CLI::App& command, const std::string& message) {
  std::fprintf(stderr, "error: %s\nRun `%s --help` for the options.\n", message.c_str(),
               CommandPath(command).c_str());
  return kExitUsage;
}

std::vector<std::string> ChoicesOf(const CLI::Option& option) {
  const std::string full = option.get_type_name();
  absl::string_view type_name = full;
  if (!absl::ConsumePrefix(&type_name, "{") || !absl::ConsumeSuffix(&type_name, "}")) return {};
  return absl::StrSplit(type_name, ',');
}

void ConfigureHelp(CLI::App& root) {
  auto formatter = std::make_shared<HelpFormatter>();
  formatter->column_width(40);
  root.formatter(formatter);
  // Subcommands inherit these when created: every default is shown, and
  // `--opt=value` / `--opt value` both work everywhere.
  root.option_defaults()->always_capture_default();
  // Parse errors are reported by the root; name the subcommand the user was typing.
  root.failure_message([](const CLI::App* app, const CLI::Error& error) {
    const auto selected = app->get_subcommands();
    const CLI::App& command = selected.empty() ? *app : *selected.back();
    std::ostringstream out;
    out << "error: " << error.what() << "\nRun `" << CommandPath(command) << " --help` for the options.\n";
    return out.str();
  });
}

}  // namespace govmetrics::cli

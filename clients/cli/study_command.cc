#include "clients/cli/study_command.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/choice_table.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/operations_command.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/study_output.h"
#include "google/protobuf/util/json_util.h"
#include "govmetrics/reporting/v1/reporting_service.grpc.pb.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace rv1 = govmetrics::reporting::v1;


struct StudyOptions {
  std::string spec;
  PanelOptions panel;
  std::string out = "out";
  std::string language;
  std::vector<std::string> formats;  // --format: replaces the spec's formats
  std::string dataset;  // a stored dataset instead of --data: the study runs in the workspace
  std::string workspace = "127.0.0.1:50054";
  bool async = false;   // with --dataset: print the operation's name and return
  bool validate = false;  // check the spec against the data (ValidateStudy), run nothing
  ConnectionOptions connection;
};

// --format words: the file extension of each document format.
const ChoiceTable<rv1::Format>& FormatWords() {
  static const auto* table = new ChoiceTable<rv1::Format>{
      {"html", rv1::FORMAT_HTML}, {"md", rv1::FORMAT_MARKDOWN}, {"tex", rv1::FORMAT_LATEX},
      {"csv", rv1::FORMAT_CSV},   {"json", rv1::FORMAT_JSON},   {"xlsx", rv1::FORMAT_XLSX},
      {"docx", rv1::FORMAT_DOCX}, {"pdf", rv1::FORMAT_PDF}};
  return *table;
}

absl::Status SetFormats(const std::vector<std::string>& words, rv1::StudySpec* spec) {
  if (words.empty()) return absl::OkStatus();
  spec->clear_formats();
  for (const std::string& word : words) {
    const auto& table = FormatWords();
    const bool known = std::any_of(table.begin(), table.end(), [&](const auto& entry) { return entry.first == word; });
    if (!known) {
      return absl::InvalidArgumentError(absl::StrCat("--format: unknown format \"", word, "\" (choose from ",
                                                     absl::StrJoin(Names(table), ", "), ")"));
    }
    spec->add_formats(ValueOf(table, word));
  }
  return absl::OkStatus();
}

absl::StatusOr<rv1::StreamStudyRequest> ReadSpec(const StudyOptions& options) {
  std::ifstream spec_file(options.spec);
  if (!spec_file) return absl::NotFoundError(absl::StrCat("--spec: cannot open ", options.spec));
  std::stringstream spec_text;
  spec_text << spec_file.rdbuf();
  rv1::StreamStudyRequest request;
  auto parsed = google::protobuf::util::JsonStringToMessage(spec_text.str(), request.mutable_spec());
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(options.spec, ": ", parsed.ToString()));
  }
  if (!options.language.empty()) {
    request.mutable_spec()->set_language(options.language == "zh" ? rv1::LANGUAGE_ZH : rv1::LANGUAGE_EN);
  }
  if (auto formats = SetFormats(options.formats, request.mutable_spec()); !formats.ok()) return formats;
  return request;
}

absl::StatusOr<rv1::StreamStudyRequest> BuildRequest(const StudyOptions& options) {
  auto request = ReadSpec(options);
  if (!request.ok()) return request.status();
  auto panel = LoadPanel(options.panel);
  if (!panel.ok()) return panel.status();
  *request->mutable_panel() = std::move(*panel);
  return request;
}

// --dataset: CreateStudy on the workspace at --workspace (TLS and token options as for
// --target); --async prints the operation's name, otherwise the study is waited for and
// written like a direct one.
int RunStudyInWorkspace(const CLI::App& command, StudyOptions options) {
  auto spec = ReadSpec(options);
  if (!spec.ok()) return UsageError(command, std::string(spec.status().message()));
  options.connection.target = options.workspace;
  auto connection = Connection::Open(options.connection);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  workspace::v1::CreateStudyRequest request;
  request.set_dataset(options.dataset);
  *request.mutable_spec() = spec->spec();
  google::longrunning::Operation operation;
  grpc::ClientContext context;
  connection->Prepare(&context);
  grpc::Status status = workspace::v1::WorkspaceService::NewStub(connection->channel())
                            ->CreateStudy(&context, request, &operation);
  if (!status.ok()) return PrintRpcError(status);
  if (options.async) {
    std::printf("%s\n", operation.name().c_str());
    return 0;
  }
  std::fprintf(stderr, "%s started; waiting for it\n", operation.name().c_str());
  return WaitForStudy(*connection, operation.name(), options.out);
}

// --validate: ReportingService.ValidateStudy on --data or --dataset. Every problem is
// printed (spec entry path: reason) and the exit status is non-zero; a valid spec prints
// what running it would do.
int ValidateStudy(const CLI::App& command, const StudyOptions& options) {
  auto spec = ReadSpec(options);
  if (!spec.ok()) return UsageError(command, std::string(spec.status().message()));
  rv1::ValidateStudyRequest request;
  *request.mutable_spec() = spec->spec();
  if (options.dataset.empty()) {
    auto panel = LoadPanel(options.panel);
    if (!panel.ok()) return UsageError(command, std::string(panel.status().message()));
    *request.mutable_panel() = std::move(*panel);
  } else {
    request.set_dataset(options.dataset);
  }
  auto connection = Connection::Open(options.connection);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  grpc::ClientContext context;
  connection->Prepare(&context);
  rv1::ValidateStudyResponse response;
  grpc::Status status =
      rv1::ReportingService::NewStub(connection->channel())->ValidateStudy(&context, request, &response);
  if (!status.ok()) return PrintRpcError(status);
  std::printf("%s: valid; running it sends %d requests (sections: %s)\n", options.spec.c_str(),
              response.planned_requests(), absl::StrJoin(response.sections(), ", ").c_str());
  return 0;
}

void DrawProgress(const rv1::Progress& p) {
  constexpr int kWidth = 30;
  const int filled = p.total() > 0 ? kWidth * p.completed() / p.total() : 0;
  std::string bar(filled, '#');
  bar.resize(kWidth, '.');
  std::fprintf(stderr, "\r[%s] %d/%d %-40s", bar.c_str(), p.completed(), p.total(), p.message().c_str());
  if (p.completed() == p.total()) std::fprintf(stderr, "\n");
  std::fflush(stderr);
}

// Streams the study, drawing progress; the final result, or the failed call's status.
grpc::Status StreamStudy(const Connection& connection, const rv1::StreamStudyRequest& request,
                         rv1::RunStudyResponse* result, bool* have_result) {
  auto stub = rv1::ReportingService::NewStub(connection.channel());
  grpc::ClientContext context;
  connection.Prepare(&context);
  auto reader = stub->StreamStudy(&context, request);
  rv1::StreamStudyResponse event;
  while (reader->Read(&event)) {
    if (event.has_progress()) DrawProgress(event.progress());
    if (event.has_result()) {
      *result = std::move(*event.mutable_result());
      *have_result = true;
    }
  }
  return reader->Finish();
}

int RunStudy(const CLI::App& command, const StudyOptions& options) {
  if (options.panel.data.empty() == options.dataset.empty()) {
    return UsageError(command, "give either --data (a CSV file) or --dataset (a stored dataset)");
  }
  if (options.validate) {
    if (options.async) return UsageError(command, "--validate runs nothing: drop --async");
    return ValidateStudy(command, options);
  }
  if (options.async && options.dataset.empty()) {
    return UsageError(command, "--async needs --dataset (only the workspace keeps a study)");
  }
  if (!options.dataset.empty()) return RunStudyInWorkspace(command, options);
  auto request = BuildRequest(options);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  auto connection = Connection::Open(options.connection);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  rv1::RunStudyResponse result;
  bool have_result = false;
  grpc::Status status = StreamStudy(*connection, *request, &result, &have_result);
  if (!status.ok()) {
    std::fprintf(stderr, "\n");
    return PrintRpcError(status);
  }
  if (!have_result) {
    std::fprintf(stderr, "error: the stream ended without a result\n");
    return 1;
  }
  if (auto written = WriteDocuments(result, options.out); !written.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(written.message()).c_str());
    return kExitFailure;
  }
  PrintHeadlines(result, options.out);
  return 0;
}

}  // namespace

void AddStudyCommand(CLI::App& root) {
  auto o = std::make_shared<StudyOptions>();
  CLI::App* command = root.add_subcommand(
      "study", "a whole study (indices, baseline, robustness, mediation, groups) -> report");
  command->add_option("--spec", o->spec,
                      "govmetrics.reporting.v1.StudySpec in protobuf JSON (see data/demo/)")
      ->type_name("SPEC.json")->required();
  AddPanelOptions(command, &o->panel);
  command->get_option("--data")->required(false);
  command->add_option("--dataset", o->dataset,
                      "a stored dataset (datasets/ID) instead of --data: the study runs in the "
                      "workspace service as a long-running operation")
      ->type_name("NAME");
  command->add_flag("--async", o->async,
                    "with --dataset: print the operation's name and return at once "
                    "(then: govmetrics operations wait NAME)");
  command->add_flag("--validate", o->validate,
                    "check the spec against the data without running it: every problem is "
                    "printed (spec entry: reason) and the exit status is 1");
  command->add_option("--out", o->out, "directory for the report and tables")->type_name("DIR");
  AddChoice(command, "--language", &o->language, {"en", "zh"},
            "report language (default: the spec's language)");
  AddList(command, "--format", &o->formats, "FORMAT,...",
          absl::StrCat("documents to write, instead of the spec's formats: ",
                       absl::StrJoin(Names(FormatWords()), ", ")));
  command->add_option("--workspace", o->workspace, "WorkspaceService address (with --dataset)")
      ->type_name("HOST:PORT");
  AddConnectionOptions(command, &o->connection, "127.0.0.1:50053", 600);
  SetRun(command, [command, o] { return RunStudy(*command, *o); });
}

}  // namespace govmetrics::cli

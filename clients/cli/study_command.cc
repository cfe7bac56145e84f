#include "clients/cli/study_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/csv_table.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/rpc_client.h"
#include "google/protobuf/util/json_util.h"
#include "govmetrics/reporting/v1/reporting_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace rv1 = govmetrics::reporting::v1;

struct StudyOptions {
  std::string spec;
  PanelOptions panel;
  std::string out = "out";
  std::string language;
  ConnectionOptions connection;
};

absl::StatusOr<rv1::StreamStudyRequest> BuildRequest(const StudyOptions& options) {
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
  auto panel = LoadPanel(options.panel);
  if (!panel.ok()) return panel.status();
  *request.mutable_panel() = std::move(*panel);
  return request;
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

absl::Status WriteDocuments(const rv1::RunStudyResponse& response, const std::string& out) {
  for (const auto& document : response.documents()) {
    const std::filesystem::path path = std::filesystem::path(out) / document.file_name();
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) return absl::PermissionDeniedError(absl::StrCat("cannot create ", path.parent_path().string()));
    if (auto status = WriteTextFile(path.string(), document.content()); !status.ok()) return status;
  }
  return absl::OkStatus();
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

int RunStudy(const CLI::App& command, const StudyOptions& options) {
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
  command->add_option("--out", o->out, "directory for the report and tables")->type_name("DIR");
  AddChoice(command, "--language", &o->language, {"en", "zh"},
            "report language (default: the spec's language)");
  AddConnectionOptions(command, &o->connection, "127.0.0.1:50053", 600);
  SetRun(command, [command, o] { return RunStudy(*command, *o); });
}

}  // namespace govmetrics::cli

#include "clients/cli/study_command.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "clients/cli/args.h"
#include "clients/cli/csv_table.h"
#include "clients/cli/panel_csv.h"
#include "clients/cli/connection.h"
#include "clients/cli/rpc_client.h"
#include "google/protobuf/util/json_util.h"
#include "govmetrics/reporting/v1/reporting_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace rv1 = govmetrics::reporting::v1;

constexpr char kUsage[] =
    "usage: govmetrics study --spec SPEC.json --data PANEL.csv [--entity entity] [--period year]\n"
    "         [--out DIR] [--language en|zh]\n"
    "SPEC.json is a govmetrics.reporting.v1.StudySpec in protobuf JSON (see data/demo/).\n";

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

}  // namespace

int RunStudyCommand(const std::vector<std::string>& argv) {
  auto args = Args::Parse(argv, WithConnectionKeys({"spec", "data", "entity", "period", "out", "language"}));
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n%s%s", std::string(args.status().message()).c_str(), kUsage, kConnectionUsage);
    return 2;
  }
  auto spec_path = args->Require("spec");
  auto data = args->Require("data");
  if (!spec_path.ok() || !data.ok()) {
    std::fprintf(stderr, "error: --spec and --data are required\n%s%s", kUsage, kConnectionUsage);
    return 2;
  }
  std::ifstream spec_file(*spec_path);
  if (!spec_file) {
    std::fprintf(stderr, "error: cannot open %s\n", spec_path->c_str());
    return 2;
  }
  std::stringstream spec_text;
  spec_text << spec_file.rdbuf();
  rv1::StreamStudyRequest request;
  auto parsed = google::protobuf::util::JsonStringToMessage(spec_text.str(), request.mutable_spec());
  if (!parsed.ok()) {
    std::fprintf(stderr, "error: %s: %s\n", spec_path->c_str(), parsed.ToString().c_str());
    return 2;
  }
  if (args->Has("language")) {
    request.mutable_spec()->set_language(args->Get("language") == "zh" ? rv1::LANGUAGE_ZH : rv1::LANGUAGE_EN);
  }
  auto table = ReadCsvFile(*data);
  if (!table.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(table.status().message()).c_str());
    return 2;
  }
  auto panel = PanelFromCsv(*table, args->Get("entity", "entity"), args->Get("period", "year"));
  if (!panel.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(panel.status().message()).c_str());
    return 2;
  }
  *request.mutable_panel() = std::move(*panel);

  auto connection = Connection::FromArgs(*args, "127.0.0.1:50053", 600);
  if (!connection.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(connection.status().message()).c_str());
    return 2;
  }
  auto stub = rv1::ReportingService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  auto reader = stub->StreamStudy(&context, request);
  rv1::StreamStudyResponse event;
  rv1::RunStudyResponse result;
  bool have_result = false;
  while (reader->Read(&event)) {
    if (event.has_progress()) DrawProgress(event.progress());
    if (event.has_result()) {
      result = std::move(*event.mutable_result());
      have_result = true;
    }
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    std::fprintf(stderr, "\n");
    return PrintRpcError(status);
  }
  if (!have_result) {
    std::fprintf(stderr, "error: the stream ended without a result\n");
    return 1;
  }
  const std::string out = args->Get("out", "out");
  if (auto written = WriteDocuments(result, out); !written.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(written.message()).c_str());
    return 1;
  }
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
  return 0;
}

}  // namespace govmetrics::cli

#include "clients/cli/table_output.h"

#include <cstdio>
#include <filesystem>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "clients/cli/command_line.h"
#include "clients/cli/output_file.h"
#include "services/reporting/render/media_types.h"
#include "services/reporting/render/render_documents.h"

namespace govmetrics::cli {
namespace {

namespace rv1 = govmetrics::reporting::v1;

// Every document format, in the order the help lists them.
const std::vector<rv1::Format>& OutputFormats() {
  static const auto* formats = new std::vector<rv1::Format>{
      rv1::FORMAT_XLSX, rv1::FORMAT_DOCX,     rv1::FORMAT_PDF,  rv1::FORMAT_CSV,
      rv1::FORMAT_LATEX, rv1::FORMAT_MARKDOWN, rv1::FORMAT_HTML, rv1::FORMAT_JSON};
  return *formats;
}

std::string KnownExtensions() {
  std::vector<std::string> names;
  for (rv1::Format f : OutputFormats()) names.push_back(absl::StrCat(".", reporting::FileExtension(f)));
  return absl::StrJoin(names, " ");
}

// Where the k-th document of a format goes: the path itself, or for the second and later
// CSV tables `<stem>-<table id>.csv` beside it (the renderer names them tables/<id>.csv).
std::string PathFor(const std::filesystem::path& path, const rv1::Document& document, int k) {
  if (k == 0) return path.string();
  const std::string id = std::filesystem::path(document.file_name()).stem().string();
  std::filesystem::path sibling = path;
  sibling.replace_filename(absl::StrCat(path.stem().string(), "-", id, path.extension().string()));
  return sibling.string();
}

}  // namespace

absl::StatusOr<rv1::Format> FormatForPath(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  if (!extension.empty()) extension = absl::AsciiStrToLower(extension.substr(1));
  for (rv1::Format f : OutputFormats()) {
    if (extension == reporting::FileExtension(f)) return f;
  }
  return absl::InvalidArgumentError(absl::StrCat("--out ", path, ": the extension picks the format; use one of ",
                                                 KnownExtensions()));
}

TableOutput::TableOutput(std::string title) {
  report_.set_title(title);
  report_.set_language(rv1::LANGUAGE_EN);
  rv1::Section* section = report_.add_sections();
  section->set_id("results");
  section->set_title(std::move(title));
}

void TableOutput::Add(const ResultTable& table) {
  *report_.add_tables() = table.table();
  report_.mutable_sections(0)->add_table_ids(table.table().id());
}

void TableOutput::AddNote(std::string note) { report_.add_notes(std::move(note)); }

absl::StatusOr<std::vector<std::string>> TableOutput::Write(const std::string& path) const {
  auto format = FormatForPath(path);
  if (!format.ok()) return format.status();
  auto documents = reporting::RenderDocuments(report_, {*format});
  if (!documents.ok()) return documents.status();
  std::vector<std::string> written;
  for (const rv1::Document& document : *documents) {
    // LaTeX figures (none here: the CLI's tables have no charts) would follow report.tex.
    if (*format == rv1::FORMAT_LATEX && document.file_name() != "report.tex") continue;
    const std::string target = PathFor(path, document, static_cast<int>(written.size()));
    const std::string& bytes = document.binary_content().empty() ? document.content() : document.binary_content();
    if (auto status = WriteOutputFile(target, bytes); !status.ok()) return status;
    written.push_back(target);
  }
  return written;
}

CLI::Option* AddOutOption(CLI::App* command, std::string* out) {
  return command->add_option("--out", *out, absl::StrCat("also write the tables to FILE; the extension picks the format (",
                                                          KnownExtensions(), ")"))
      ->type_name("FILE")
      ->check(CLI::Validator(
          [](std::string& path) {
            auto format = FormatForPath(path);
            return format.ok() ? std::string() : std::string(format.status().message());
          },
          "FILE"));
}

int WriteTableOutput(const TableOutput& tables, const std::string& path) {
  if (path.empty()) return 0;
  auto written = tables.Write(path);
  if (!written.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(written.status().message()).c_str());
    return kExitFailure;
  }
  std::printf("tables written to %s\n", absl::StrJoin(*written, ", ").c_str());
  return 0;
}

}  // namespace govmetrics::cli

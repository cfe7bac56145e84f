#ifndef GOVMETRICS_CLIENTS_CLI_TABLE_OUTPUT_H_
#define GOVMETRICS_CLIENTS_CLI_TABLE_OUTPUT_H_

// `--out FILE` of the subcommands that print tables (index, fit, mediate, compare, gmm,
// spatial-fit): the printed tables, collected as a reporting Report and written by the
// study's own renderers, the file's extension choosing the format (.xlsx .docx .pdf .csv
// .tex .md .html .json). Excel gets numbers as numeric cells; Word and PDF get numbered
// three-line tables with the notes; CSV gets one file per table.

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/cli/result_table.h"
#include "govmetrics/reporting/v1/report.pb.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::cli {

// The format named by the path's extension (case-insensitive); INVALID_ARGUMENT naming
// the extensions known otherwise.
absl::StatusOr<reporting::v1::Format> FormatForPath(const std::string& path);

class TableOutput {
 public:
  explicit TableOutput(std::string title);
  void Add(const ResultTable& table);
  void AddNote(std::string note);
  const reporting::v1::Report& report() const { return report_; }

  // Writes the tables to `path` and returns the files written. CSV: the first table goes
  // to `path`, each further one beside it as `<stem>-<table id>.csv`.
  absl::StatusOr<std::vector<std::string>> Write(const std::string& path) const;

 private:
  reporting::v1::Report report_;
};

// Adds `--out FILE` with the format list in its help.
CLI::Option* AddOutOption(CLI::App* command, std::string* out);

// Writes `tables` to `path` when `path` is not empty and says where on stdout: 0, or
// kExitFailure with the reason on stderr.
int WriteTableOutput(const TableOutput& tables, const std::string& path);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_TABLE_OUTPUT_H_

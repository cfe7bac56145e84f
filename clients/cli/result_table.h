#ifndef GOVMETRICS_CLIENTS_CLI_RESULT_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_RESULT_TABLE_H_

// A table a subcommand prints. One definition serves both outputs: the aligned terminal
// text (TextTable) and, for `--out FILE`, a reporting Table that the study's renderers
// write as Excel, Word, PDF, CSV, LaTeX, Markdown, HTML or JSON (table_output.h).

#include <string>
#include <vector>

#include "clients/cli/text_table.h"
#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::cli {

class ResultTable {
 public:
  // `header[0]` heads the row labels (the stub); the others head the value columns.
  ResultTable(std::string id, std::string title, std::vector<std::string> header);

  // `row[0]` is the row label. A field that is a plain finite number ("0.1234", "-3e-05",
  // "217") is kept as a number too, so Excel gets a numeric cell; anything else ("-",
  // "0.12***", "[0.1, 0.3]") stays text.
  // `kind` marks paper-style coefficient / standard-error rows (documents style them);
  // unspecified rows below a rule are statistics (ROW_KIND_INFO).
  void AddRow(std::vector<std::string> row,
              reporting::v1::RowKind kind = reporting::v1::ROW_KIND_UNSPECIFIED);
  // A horizontal line: on the terminal here, in documents above the rows that follow.
  void AddRule();
  void AddNote(std::string note) { table_.add_notes(std::move(note)); }

  std::string Render() const { return text_.Render(); }
  const reporting::v1::Table& table() const { return table_; }

 private:
  TextTable text_;
  reporting::v1::Table table_;
  bool after_rule_ = false;
};

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_RESULT_TABLE_H_

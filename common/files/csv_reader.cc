#include "common/files/csv_reader.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/files/column_types.h"
#include "common/files/csv_tokenizer.h"
#include "common/files/file_error.h"
#include "common/files/header_names.h"

namespace govmetrics::files {
namespace {

struct CsvScan {
  DataTable table;
  std::vector<ColumnTally> tallies;
  std::vector<bool> forced_text;
};

absl::Status StartColumns(const std::vector<absl::string_view>& header, const ReadOptions& options,
                          CsvScan* scan) {
  for (size_t c = 0; c < header.size(); ++c) {
    DataColumn column;
    column.name = std::string(header[c]);
    scan->table.columns.push_back(std::move(column));
    const bool text = std::find(options.text_columns.begin(), options.text_columns.end(),
                                scan->table.columns.back().name) != options.text_columns.end();
    scan->forced_text.push_back(text);
  }
  scan->tallies.resize(header.size());
  return CheckHeaderNames(scan->table);
}

// Pass 1: numbers into numeric candidates, raw text into forced-text columns, tallies.
absl::Status ScanValues(absl::string_view text, const ReadOptions& options, CsvScan* scan) {
  const MissingTokens missing(options);
  bool header_seen = false;
  return ForEachCsvRecord(text, scan->table.file, [&](int line, const std::vector<absl::string_view>& fields) {
    if (!header_seen) {
      header_seen = true;
      scan->table.first_row_number = line + 1 + options.data_line_offset;
      return StartColumns(fields, options, scan);
    }
    const size_t row = scan->table.rows;
    if (fields.size() != scan->table.columns.size()) {
      return FileError({scan->table.file, "", line + options.data_line_offset, "", ""},
                       absl::StrCat("row has ", fields.size(), " fields, header has ", scan->table.columns.size()));
    }
    for (size_t c = 0; c < fields.size(); ++c) {
      DataColumn& column = scan->table.columns[c];
      if (scan->forced_text[c]) {
        column.texts.emplace_back(fields[c]);
        continue;
      }
      double number;
      const CellKind kind = ClassifyCell(fields[c], missing, &number);
      column.numbers.push_back(number);
      scan->tallies[c].Count(kind, row, fields[c]);
    }
    ++scan->table.rows;
    return absl::OkStatus();
  });
}

// Pass 2, only for columns that turned out to be text (labels): their raw fields.
absl::Status CollectTexts(absl::string_view text, const std::vector<size_t>& text_columns, DataTable* table) {
  bool header_seen = false;
  for (size_t c : text_columns) {
    table->columns[c].numbers.clear();
    table->columns[c].numbers.shrink_to_fit();
    table->columns[c].texts.reserve(table->rows);
  }
  return ForEachCsvRecord(text, table->file, [&](int, const std::vector<absl::string_view>& fields) {
    if (!header_seen) {
      header_seen = true;
      return absl::OkStatus();
    }
    for (size_t c : text_columns) table->columns[c].texts.emplace_back(fields[c]);
    return absl::OkStatus();
  });
}

}  // namespace

absl::StatusOr<DataTable> ReadCsv(absl::string_view text, const std::string& file, const ReadOptions& options) {
  CsvScan scan;
  scan.table.file = file;
  if (auto status = ScanValues(text, options, &scan); !status.ok()) return status;
  if (scan.table.columns.empty()) return FileError({file, "", 0, "", ""}, "the file is empty (no header row)");
  std::vector<size_t> text_columns;
  for (size_t c = 0; c < scan.table.columns.size(); ++c) {
    if (scan.forced_text[c]) {
      scan.table.columns[c].numeric = false;
      continue;
    }
    switch (DecideColumnType(scan.tallies[c])) {
      case ColumnType::kNumeric:
        break;
      case ColumnType::kText:
        scan.table.columns[c].numeric = false;
        text_columns.push_back(c);
        break;
      case ColumnType::kMixed:
        // CSV keeps the rule every govmetrics client shares (tests/clients/
        // csv_conformance): any cell that is not a number makes the column a label.
        // Typed spreadsheets refuse the mix instead (xlsx_reader.cc).
        scan.table.columns[c].numeric = false;
        text_columns.push_back(c);
        break;
    }
  }
  if (!text_columns.empty()) {
    if (auto status = CollectTexts(text, text_columns, &scan.table); !status.ok()) return status;
  }
  return std::move(scan.table);
}

}  // namespace govmetrics::files

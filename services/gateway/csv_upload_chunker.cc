#include "services/gateway/csv_upload_chunker.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/files/column_types.h"
#include "common/files/file_error.h"
#include "common/files/panel_from_table.h"
#include "common/files/read_panel.h"

namespace govmetrics::gateway {
namespace {

int LinesIn(absl::string_view text) { return static_cast<int>(std::count(text.begin(), text.end(), '\n')); }

// The refusal for a column the first piece read as numbers and a later piece as text.
absl::Status LateTextError(const files::DataTable& table, const files::DataColumn& column,
                           const files::ReadOptions& options) {
  const files::MissingTokens missing(options);
  for (size_t row = 0; row < column.texts.size(); ++row) {
    double number;
    if (files::ClassifyCell(column.texts[row], missing, &number) != files::CellKind::kText) continue;
    return files::FileError(
        {table.file, "", table.RowNumber(row), column.name, ""},
        absl::StrCat("text '", column.texts[row], "' in a column the first MiB of the upload read as "
                     "numbers (an uploaded CSV's column types are decided on its first MiB: fix "
                     "the cell, or put a row with text in this column first to make it a label)"));
  }
  return absl::InvalidArgumentError(absl::StrCat(table.file, ": column '", column.name, "' changed type"));
}

}  // namespace

absl::Status CsvUploadChunker::Feed(absl::string_view bytes) {
  buffer_.append(bytes.data(), bytes.size());
  for (size_t i = scanned_; i < buffer_.size(); ++i) {
    if (buffer_[i] == '"') in_quotes_ = !in_quotes_;
    if (buffer_[i] != '\n' || in_quotes_) continue;
    if (header_.empty() || absl::StripAsciiWhitespace(header_).empty()) {
      // The header record (with any blank lines before it, which the reader skips).
      header_.append(buffer_, 0, i + 1);
      buffer_.erase(0, i + 1);
      i = static_cast<size_t>(-1);  // rescan the rest from its start
      continue;
    }
    last_record_end_ = i + 1;
    if (last_record_end_ < piece_bytes_) continue;
    if (absl::Status emitted = EmitRecords(last_record_end_); !emitted.ok()) return emitted;
    i = static_cast<size_t>(-1);  // buffer_ now starts after the emitted records
  }
  scanned_ = buffer_.size();
  return absl::OkStatus();
}

absl::Status CsvUploadChunker::Finish() {
  if (header_.empty() && buffer_.empty()) {
    return absl::InvalidArgumentError("the request body is empty: send the file's bytes as the body");
  }
  if (pieces_ > 0 && absl::StripAsciiWhitespace(buffer_).empty()) return absl::OkStatus();
  return EmitRecords(buffer_.size());
}

absl::Status CsvUploadChunker::EmitRecords(size_t end) {
  const std::string text = absl::StrCat(header_, absl::string_view(buffer_).substr(0, end));
  files::ReadOptions read = params_.options.read;
  read.text_columns.push_back(params_.options.entity);  // identifiers keep their spelling
  read.data_line_offset = lines_emitted_;
  for (const std::string& name : first_texts_) read.text_columns.push_back(name);
  auto table = files::ReadDataTable(text, params_.file_name, read);
  if (!table.ok()) return table.status();
  if (pieces_ == 0) {
    for (const files::DataColumn& column : table->columns) {
      if (!column.numeric) first_texts_.push_back(column.name);
    }
  } else {
    for (const files::DataColumn& column : table->columns) {
      const bool was_text = std::find(first_texts_.begin(), first_texts_.end(), column.name) != first_texts_.end();
      if (!column.numeric && !was_text) return LateTextError(*table, column, read);
    }
  }
  auto panel = files::PanelFromTable(*table, params_.options.entity, params_.options.period);
  if (!panel.ok()) return panel.status();
  lines_emitted_ += LinesIn(absl::string_view(buffer_).substr(0, end));
  buffer_.erase(0, end);
  last_record_end_ = 0;
  ++pieces_;
  return emit_(*std::move(panel));
}

}  // namespace govmetrics::gateway

#include "common/files/xlsx_reader.h"

#include <algorithm>
#include <limits>
#include <map>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/files/column_types.h"
#include "common/files/file_error.h"
#include "common/files/file_format.h"
#include "common/files/header_names.h"
#include "common/files/xlsx_sheet.h"
#include "common/files/xlsx_workbook.h"
#include "common/files/zip_archive.h"

namespace govmetrics::files {
namespace {

constexpr long kExcelOrigin = -25569;      // 1899-12-30 (serial 0 in the 1900 system)
constexpr long kExcel1904Origin = -24107;  // 1904-01-01

absl::StatusOr<XlsxSheetRef> ChooseSheet(const XlsxWorkbook& book, const std::string& file, const std::string& wanted) {
  if (book.sheets.empty()) return FileError({file, "", 0, "", ""}, "the workbook has no sheets");
  if (wanted.empty()) return book.sheets.front();
  std::vector<std::string> names;
  for (const auto& sheet : book.sheets) {
    if (sheet.name == wanted) return sheet;
    names.push_back("'" + sheet.name + "'");
  }
  return FileError({file, "", 0, "", ""},
                   absl::StrCat("no sheet '", wanted, "'; the workbook has ", absl::StrJoin(names, ", ")));
}

// Text of a number in a text column ("2015", "0.5"), as Excel's General format shows it.
std::string NumberText(double value) { return absl::StrFormat("%.15g", value); }

absl::Status CheckMerged(const SheetData& sheet, const DataTable& table) {
  for (const MergedRange& range : sheet.merged) {
    const bool header = range.first_row <= table.first_row_number - 1 && range.last_row >= table.first_row_number - 1;
    return FileError({table.file, table.sheet, range.first_row, "", ""},
                     header ? absl::StrCat("merged header cells ", range.ref,
                                           ": unmerge them so that every column has its own name")
                            : absl::StrCat("merged cells ", range.ref,
                                           ": unmerge them and fill each cell with its value"));
  }
  return absl::OkStatus();
}

// Header row -> columns (by sheet column index). A number in the header becomes its text
// ("2015": yearbook layouts name columns by year).
absl::Status StartColumns(const SheetRow& header, const SheetData& sheet, DataTable* table,
                          std::map<int, size_t>* slot) {
  int last = -1;
  for (const SheetCell& cell : header.cells) last = std::max(last, cell.column);
  for (const SheetRow& row : sheet.rows) {
    for (const SheetCell& cell : row.cells) last = std::max(last, cell.column);
  }
  std::map<int, std::string> names;
  for (const SheetCell& cell : header.cells) {
    names[cell.column] = cell.type == SheetCell::Type::kNumber ? NumberText(cell.number) : cell.text;
  }
  std::vector<bool> used(last + 1, false);
  for (const SheetRow& row : sheet.rows) {
    for (const SheetCell& cell : row.cells) used[cell.column] = true;
  }
  for (int c = 0; c <= last; ++c) {
    if (!used[c]) continue;  // a wholly empty column between tables is no column
    DataColumn column;
    column.name = names.count(c) ? names[c] : "";
    column.letter = ColumnLetters(c);
    (*slot)[c] = table->columns.size();
    table->columns.push_back(std::move(column));
  }
  return CheckHeaderNames(*table);
}

struct CellSink {
  DataTable* table;
  const ReadOptions& options;
  MissingTokens missing;
  std::vector<ColumnTally> tallies;
  std::vector<bool> forced_text;
  std::vector<std::vector<std::string>> texts;  // raw text cells per column (empty = not text)
  std::vector<bool> has_date;
};

absl::Status AddCell(const SheetCell& cell, size_t column, size_t row, CellSink* sink) {
  DataColumn& target = sink->table->columns[column];
  double& number = target.numbers[row];
  switch (cell.type) {
    case SheetCell::Type::kNumber:
      number = cell.number;
      sink->tallies[column].Count(CellKind::kNumber, row, "");
      if (cell.date) sink->has_date[column] = true;
      sink->texts[column][row] = NumberText(cell.number);
      return absl::OkStatus();
    case SheetCell::Type::kError:
      if (cell.text == "#N/A") return absl::OkStatus();  // Excel's own "not available"
      return FileError(CellLocation(*sink->table, static_cast<int>(column), row),
                       absl::StrCat("the cell holds the Excel error ", cell.text, "; fix the formula or clear the cell"));
    case SheetCell::Type::kText: {
      const CellKind kind = ClassifyCell(cell.text, sink->missing, &number);
      sink->tallies[column].Count(kind, row, cell.text);
      sink->texts[column][row] = cell.text;
      return absl::OkStatus();
    }
  }
  return absl::OkStatus();
}

absl::Status FillColumns(const SheetData& sheet, const std::map<int, size_t>& slot, CellSink* sink) {
  DataTable& table = *sink->table;
  const size_t rows = sheet.rows.size() - 1;
  table.rows = rows;
  for (auto& column : table.columns) column.numbers.assign(rows, std::numeric_limits<double>::quiet_NaN());
  sink->texts.assign(table.columns.size(), std::vector<std::string>(rows));
  for (size_t r = 0; r < rows; ++r) {
    const SheetRow& row = sheet.rows[r + 1];
    table.row_numbers.push_back(row.number);
    for (const SheetCell& cell : row.cells) {
      if (auto status = AddCell(cell, slot.at(cell.column), r, sink); !status.ok()) return status;
    }
  }
  return absl::OkStatus();
}

absl::Status DecideTypes(CellSink* sink, long date_origin) {
  DataTable& table = *sink->table;
  for (size_t c = 0; c < table.columns.size(); ++c) {
    DataColumn& column = table.columns[c];
    ColumnType type = sink->forced_text[c] ? ColumnType::kText : DecideColumnType(sink->tallies[c]);
    if (type == ColumnType::kMixed) return MixedColumnError(table, static_cast<int>(c), sink->tallies[c]);
    if (type == ColumnType::kText) {
      column.numeric = false;
      column.texts = std::move(sink->texts[c]);
      column.numbers.clear();
    } else if (sink->has_date[c]) {
      column.date_kind = DateKind::kDays;
      column.date_origin_days = date_origin;
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DataTable> ReadXlsx(absl::string_view bytes, const std::string& file, const ReadOptions& options) {
  if (auto magic = CheckMagic(FileFormat::kXlsx, bytes, file); !magic.ok()) return magic;
  auto zip = ZipArchive::Open(bytes, file);
  if (!zip.ok()) return zip.status();
  auto book = LoadXlsxWorkbook(*zip, file, options.max_bytes);
  if (!book.ok()) return book.status();
  auto ref = ChooseSheet(*book, file, options.sheet);
  if (!ref.ok()) return ref.status();
  auto xml = zip->Read(ref->part, options.max_bytes);
  if (!xml.ok()) return xml.status();
  auto sheet = ParseSheet(*xml, *book, absl::StrCat(file, ", sheet '", ref->name, "'"));
  if (!sheet.ok()) return sheet.status();
  DataTable table;
  table.file = file;
  table.sheet = ref->name;
  if (sheet->rows.empty()) return FileError({file, ref->name, 0, "", ""}, "the sheet is empty (no header row)");
  table.first_row_number = sheet->rows.front().number + 1;
  if (auto status = CheckMerged(*sheet, table); !status.ok()) return status;
  std::map<int, size_t> slot;
  if (auto status = StartColumns(sheet->rows.front(), *sheet, &table, &slot); !status.ok()) return status;
  CellSink sink{&table, options, MissingTokens(options), std::vector<ColumnTally>(table.columns.size()), {}, {},
                std::vector<bool>(table.columns.size(), false)};
  for (const auto& column : table.columns) {
    sink.forced_text.push_back(std::find(options.text_columns.begin(), options.text_columns.end(), column.name) !=
                               options.text_columns.end());
  }
  if (auto status = FillColumns(*sheet, slot, &sink); !status.ok()) return status;
  if (auto status = DecideTypes(&sink, book->date1904 ? kExcel1904Origin : kExcelOrigin); !status.ok()) return status;
  return table;
}

}  // namespace govmetrics::files

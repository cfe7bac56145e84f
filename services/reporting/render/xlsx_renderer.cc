#include "services/reporting/render/xlsx_renderer.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/stats/significance_stars.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/report_layout.h"
#include "services/reporting/render/svg_charts.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

// Decimals shown in a cell's text ("0.123***" -> 3, "(0.04)" -> 2, "816" -> 0).
int DecimalsOf(const std::string& text) {
  const size_t dot = text.find('.');
  if (dot == std::string::npos) return 0;
  int n = 0;
  for (size_t i = dot + 1; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) ++n;
  return std::min(n, 10);
}

// Number formats by (decimals, in parentheses), created once per workbook.
class Formats {
 public:
  explicit Formats(lxw_workbook* book) : book_(book) {
    bold_ = workbook_add_format(book_);
    format_set_bold(bold_);
    header_ = workbook_add_format(book_);
    format_set_bold(header_);
    format_set_top(header_, LXW_BORDER_THIN);
    format_set_bottom(header_, LXW_BORDER_THIN);
    format_set_align(header_, LXW_ALIGN_CENTER);
  }
  lxw_format* bold() const { return bold_; }
  lxw_format* header() const { return header_; }
  lxw_format* Number(int decimals, bool parentheses) {
    auto key = std::make_pair(decimals, parentheses);
    auto it = numbers_.find(key);
    if (it != numbers_.end()) return it->second;
    std::string code = decimals > 0 ? "0." + std::string(decimals, '0') : "0";
    if (parentheses) code = "(" + code + ")";
    lxw_format* format = workbook_add_format(book_);
    format_set_num_format(format, code.c_str());
    return numbers_[key] = format;
  }

 private:
  lxw_workbook* book_;
  lxw_format* bold_;
  lxw_format* header_;
  std::map<std::pair<int, bool>, lxw_format*> numbers_;
};

void WriteCell(lxw_worksheet* sheet, int row, int column, const rv1::TableRow& table_row, int c, Formats* formats) {
  if (c >= table_row.cells_size()) return;
  const rv1::Cell& cell = table_row.cells(c);
  if (cell.has_value() && std::isfinite(cell.value())) {
    const bool se = table_row.kind() == rv1::ROW_KIND_STD_ERROR;
    worksheet_write_number(sheet, row, column, cell.value(), formats->Number(DecimalsOf(cell.text()), se));
  } else if (!cell.text().empty()) {
    worksheet_write_string(sheet, row, column, cell.text().c_str(), nullptr);
  }
  if (cell.has_p_value()) {
    const std::string stars = stats::SignificanceStars(cell.p_value());
    if (!stars.empty()) worksheet_write_string(sheet, row, column + 1, stars.c_str(), nullptr);
  }
}

// Sheet names must be unique: a repeated table id (same number) gets "Table 3 (2)".
lxw_worksheet* AddSheet(lxw_workbook* book, const std::string& name) {
  lxw_worksheet* sheet = workbook_add_worksheet(book, name.c_str());
  for (int k = 2; sheet == nullptr && k < 1000; ++k) {
    sheet = workbook_add_worksheet(book, absl::StrCat(name, " (", k, ")").c_str());
  }
  return sheet;
}

void WriteTable(lxw_workbook* book, const rv1::Table& table, int number, rv1::Language language, Formats* formats) {
  const std::string name = TableLabel(language, number);
  lxw_worksheet* sheet = AddSheet(book, name);
  if (sheet == nullptr) return;
  const std::string caption = table.title().empty() ? name : absl::StrCat(name, "  ", table.title());
  worksheet_write_string(sheet, 0, 0, caption.c_str(), formats->bold());
  const int columns = ColumnCount(table);
  // Column 0: row labels; each data column c takes 1 + 2c (value) and 2 + 2c (stars).
  worksheet_write_string(sheet, 1, 0, table.stub_header().c_str(), formats->header());
  for (int c = 0; c < columns; ++c) {
    const std::string header = c < table.columns_size() ? table.columns(c) : "";
    worksheet_write_string(sheet, 1, 1 + 2 * c, header.c_str(), formats->header());
    worksheet_write_blank(sheet, 1, 2 + 2 * c, formats->header());
  }
  int row = 2;
  for (const auto& table_row : table.rows()) {
    worksheet_write_string(sheet, row, 0, table_row.label().c_str(), nullptr);
    for (int c = 0; c < columns; ++c) WriteCell(sheet, row, 1 + 2 * c, table_row, c, formats);
    ++row;
  }
  for (const std::string& note : TableNotes(table, language)) {
    worksheet_write_string(sheet, ++row, 0, note.c_str(), nullptr);
  }
  worksheet_set_column(sheet, 0, 0, 30, nullptr);
  for (int c = 0; c < columns; ++c) {
    worksheet_set_column(sheet, 1 + 2 * c, 1 + 2 * c, 12, nullptr);
    worksheet_set_column(sheet, 2 + 2 * c, 2 + 2 * c, 4, nullptr);
  }
}

// libxlsxwriter 1.1.4 (Debian 12) writes only to a path: a private temporary file.
std::string TemporaryPath() {
  std::string pattern = (std::filesystem::temp_directory_path() / "govmetrics-xlsx-XXXXXX").string();
  const int fd = mkstemp(pattern.data());
  if (fd < 0) return "";
  close(fd);
  return pattern;
}

std::string ReadAndRemove(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  std::filesystem::remove(path);
  return bytes.str();
}

}  // namespace

// 2000-01-01T00:00:00Z; 0 would mean "now" to libxlsxwriter.
constexpr time_t kFixedCreationTime = 946684800;

std::string RenderXlsx(const rv1::Report& report) {
  const std::string path = TemporaryPath();
  if (path.empty()) return "";
  lxw_workbook_options options = {};
  options.constant_memory = LXW_FALSE;
  options.tmpdir = nullptr;
  lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
  if (book == nullptr) {
    std::filesystem::remove(path);
    return "";
  }
  // libxlsxwriter stamps the current time into docProps/core.xml unless told otherwise: a
  // fixed stamp makes the same report the same bytes, like every other document format.
  lxw_doc_properties properties = {};
  properties.created = kFixedCreationTime;
  workbook_set_properties(book, &properties);
  Formats formats(book);
  const ReportLayout layout = LayOutReport(report);
  // Sheets in the order the tables are numbered (reading order), as in the documents.
  std::vector<std::pair<int, const rv1::Table*>> ordered;
  for (const auto& table : report.tables()) {
    auto it = layout.table_number.find(table.id());
    ordered.emplace_back(it != layout.table_number.end() ? it->second : 0, &table);
  }
  std::stable_sort(ordered.begin(), ordered.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [number, table] : ordered) WriteTable(book, *table, number, report.language(), &formats);
  if (report.tables_size() == 0) workbook_add_worksheet(book, nullptr);  // a workbook needs a sheet
  if (workbook_close(book) != LXW_NO_ERROR) {
    std::filesystem::remove(path);
    return "";
  }
  return ReadAndRemove(path);
}

}  // namespace govmetrics::reporting

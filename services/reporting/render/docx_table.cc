#include "services/reporting/render/docx_table.h"

#include <algorithm>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/render/docx_xml.h"
#include "services/reporting/render/report_layout.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

constexpr int kTableHalfPoints = 18;  // 9 pt (小五), the usual size of journal tables
constexpr const char* kHeavyRule = "w:val=\"single\" w:sz=\"12\" w:space=\"0\" w:color=\"000000\"";
constexpr const char* kLightRule = "w:val=\"single\" w:sz=\"6\" w:space=\"0\" w:color=\"000000\"";

enum class Rule { kNone, kBelow, kAbove };

std::string Cell(const std::string& text, int width, DocxAlign align, Rule rule) {
  std::string borders;
  if (rule == Rule::kBelow) borders = absl::StrCat("<w:tcBorders><w:bottom ", kLightRule, "/></w:tcBorders>");
  if (rule == Rule::kAbove) borders = absl::StrCat("<w:tcBorders><w:top ", kLightRule, "/></w:tcBorders>");
  DocxRunStyle run;
  run.half_points = kTableHalfPoints;
  DocxParagraphStyle paragraph;
  paragraph.align = align;
  paragraph.space_after_twips = 0;
  return absl::StrCat("<w:tc><w:tcPr><w:tcW w:w=\"", width, "\" w:type=\"dxa\"/>", borders,
                      "<w:vAlign w:val=\"center\"/></w:tcPr>",
                      DocxParagraph(DocxRunsWithStars(text, run), paragraph), "</w:tc>");
}

std::string Properties(int width) {
  return absl::StrCat(
      "<w:tblPr><w:tblW w:w=\"", width, "\" w:type=\"dxa\"/><w:jc w:val=\"center\"/><w:tblBorders>",
      "<w:top ", kHeavyRule, "/><w:left w:val=\"nil\"/><w:bottom ", kHeavyRule,
      "/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/>",
      "</w:tblBorders><w:tblLayout w:type=\"fixed\"/><w:tblCellMar><w:left w:w=\"85\" w:type=\"dxa\"/>",
      "<w:right w:w=\"85\" w:type=\"dxa\"/></w:tblCellMar><w:tblLook w:val=\"0000\"/></w:tblPr>");
}

std::vector<int> ColumnWidths(int columns, int text_width) {
  const int stub = columns == 0 ? text_width : text_width / 3;
  std::vector<int> widths = {stub};
  for (int c = 0; c < columns; ++c) widths.push_back((text_width - stub) / columns);
  return widths;
}

std::string HeaderRow(const rv1::Table& table, const std::vector<int>& widths) {
  std::string row = "<w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>";
  row += Cell(table.stub_header(), widths[0], DocxAlign::kLeft, Rule::kBelow);
  for (size_t c = 1; c < widths.size(); ++c) {
    const int i = static_cast<int>(c) - 1;
    row += Cell(i < table.columns_size() ? table.columns(i) : "", widths[c], DocxAlign::kCenter,
                Rule::kBelow);
  }
  return row + "</w:tr>";
}

std::string BodyRow(const rv1::TableRow& table_row, const std::vector<int>& widths, bool rule_above) {
  const Rule rule = rule_above ? Rule::kAbove : Rule::kNone;
  std::string row = "<w:tr><w:trPr><w:cantSplit/></w:trPr>";
  row += Cell(table_row.label(), widths[0], DocxAlign::kLeft, rule);
  for (size_t c = 1; c < widths.size(); ++c) {
    const int i = static_cast<int>(c) - 1;
    row += Cell(i < table_row.cells_size() ? table_row.cells(i).text() : "", widths[c],
                DocxAlign::kCenter, rule);
  }
  return row + "</w:tr>";
}

}  // namespace

std::string DocxThreeLineTable(const rv1::Table& table, int text_width_twips) {
  const std::vector<int> widths = ColumnWidths(ColumnCount(table), text_width_twips);
  int total = 0;
  for (int w : widths) total += w;
  std::string out = absl::StrCat("<w:tbl>", Properties(total), "<w:tblGrid>");
  for (int w : widths) absl::StrAppend(&out, "<w:gridCol w:w=\"", w, "\"/>");
  out += "</w:tblGrid>";
  out += HeaderRow(table, widths);
  const int rule_row = FirstInfoRow(table);
  for (int r = 0; r < table.rows_size(); ++r) out += BodyRow(table.rows(r), widths, r == rule_row);
  return out + "</w:tbl>";
}

}  // namespace govmetrics::reporting

#include "services/reporting/render/html_renderer.h"

#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/report_layout.h"
#include "services/reporting/render/svg_charts.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

// Latin faces first (so digits and Latin text keep their shapes), then CJK faces
// available on Linux (fonts-noto-cjk, fonts-wqy-*, Droid fallback), macOS and Windows.
constexpr const char* kCss = R"css(
:root { color-scheme: light; }
html { background: #ffffff; }
body { margin: 0; color: #1a1a1a; font-size: 16px; line-height: 1.6;
  font-family: "Noto Serif", "Liberation Serif", "DejaVu Serif", "Times New Roman",
    "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC", "SimSun",
    "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", serif; }
html:lang(zh-CN) body { font-family: "Noto Serif CJK SC", "Source Han Serif SC", "Songti SC",
    "SimSun", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", serif; }
main { max-width: 58rem; margin: 0 auto; padding: 2rem 2.5rem 3rem; }
h1 { font-size: 1.85rem; line-height: 1.3; text-align: center; margin: .6rem 0 .3rem; }
.byline { text-align: center; color: #555; font-size: .9rem; margin: 0 0 1.6rem; }
h2 { font-size: 1.35rem; line-height: 1.35; margin: 2.4rem 0 .8rem; padding-bottom: .25rem;
  border-bottom: 1px solid #bbbbbb; }
h2 .sec-num { margin-right: .45em; }
html:lang(zh-CN) h2 .sec-num { margin-right: 0; }
.headlines { margin: 0 0 1.6rem; padding: .8rem 1.3rem .7rem; background: #f4f8fb;
  border: 1px solid #cbd9e6; border-left: 4px solid #0072B2; }
.headlines h2 { font-size: 1.1rem; margin: 0 0 .35rem; padding: 0; border: 0; }
.headlines ul { margin: 0; padding-left: 1.2rem; }
.headlines li { margin: .15rem 0; }
.toc { margin: 0 0 1rem; }
.toc h2 { font-size: 1.1rem; margin: 0 0 .3rem; border: 0; }
.toc ol { list-style: none; margin: 0; padding-left: .2rem; columns: 2; column-gap: 2.5rem; }
.toc li { margin: .1rem 0; break-inside: avoid; }
.toc a { color: #0b4f8a; text-decoration: none; }
.toc .toc-num { display: inline-block; min-width: 1.6em; }
.summary p { margin: .5rem 0 1rem; text-align: justify; }
.claim[data-cell-refs] { cursor: help; }
.claim[data-cell-refs]:hover { background: #fff4cc; }
figure { margin: 1.8rem 0; break-inside: avoid; page-break-inside: avoid; }
figure.table { width: fit-content; min-width: min(100%, 34rem); max-width: 100%; margin-left: auto;
  margin-right: auto; }
figcaption { text-align: center; font-weight: 600; margin: 0 0 .55rem; }
figcaption .fig-label { margin-right: .5em; }
.table-wrap { overflow-x: auto; }
.table-wrap:focus-visible { outline: 2px solid #0b4f8a; outline-offset: 2px; }
table.academic { border-collapse: collapse; margin: 0 auto; font-size: .9rem; line-height: 1.35;
  font-variant-numeric: tabular-nums; border-top: 2px solid #000; border-bottom: 2px solid #000; }
table.academic thead th { padding: .4rem .8rem; border-bottom: 1px solid #000; font-weight: 600;
  text-align: center; vertical-align: bottom; }
table.academic thead th.stub { text-align: left; }
table.academic tbody th, table.academic tbody tr > td:first-child {
  padding: .18rem 1.4rem .18rem .3rem; text-align: left; font-weight: normal; }
table.academic td { padding: .18rem .8rem; text-align: center; white-space: nowrap; }
table.academic tr.coef > * { padding-top: .42rem; }
table.academic tr.se > * { padding-top: 0; color: #333; }
table.academic tr.rule-above > * { border-top: 1px solid #000; }
table.academic tbody tr:first-child > * { padding-top: .45rem; }
table.academic tbody tr:last-child > * { padding-bottom: .4rem; }
table.academic td.cited:target { background: #ffe38a; }
.table-notes { margin: .5rem 0 0; font-size: .8rem; line-height: 1.45; color: #333; }
.table-notes p { margin: .12rem 0; }
.table-notes .notes-label { font-style: italic; }
figure.chart svg { display: block; margin: 0 auto; max-width: 100%; height: auto;
  font-family: "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, "Noto Sans CJK SC",
    "Source Han Sans SC", "WenQuanYi Micro Hei", "Droid Sans Fallback", sans-serif; }
figure.chart .path-grid { display: flex; flex-wrap: wrap; justify-content: center; gap: .4rem 1.2rem; }
figure.chart .path-grid svg { flex: 0 1 25rem; margin: 0; }
.report-notes ul { padding-left: 1.2rem; font-size: .92rem; }
footer { margin-top: 3rem; padding-top: .5rem; border-top: 1px solid #cccccc; color: #666;
  font-size: .8rem; text-align: center; }
@page { size: A4; margin: 18mm 16mm; }
@media print {
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .headlines { background: none; }
  .toc a { color: inherit; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .claim[data-cell-refs]:hover { background: none; }
  .table-wrap { overflow: visible; }
}
)css";

// A header cell, or an empty data cell where there is no header text (a standard-error
// row has no label): an empty <th> announces nothing to screen readers (axe
// empty-table-header).
std::string HeaderCell(const std::string& text, const char* scope, const char* css_class) {
  const std::string class_attribute =
      *css_class == '\0' ? "" : absl::StrCat(" class=\"", css_class, "\"");
  if (text.empty()) return absl::StrCat("<td", class_attribute, "></td>");
  return absl::StrCat("<th", class_attribute, " scope=\"", scope, "\">", HtmlEscape(text), "</th>");
}

std::string CellAnchor(const std::string& table_id, int row, int col) {
  return absl::StrCat("cell-", SafeId(table_id), "-", row, "-", col);
}

class HtmlWriter {
 public:
  explicit HtmlWriter(const rv1::Report& report)
      : report_(report), words_(StringsFor(report.language())), layout_(LayOutReport(report)) {
    for (const auto& s : report.sections()) {
      for (const auto& sentence : s.summary()) {
        for (const auto& ref : sentence.cell_refs()) cited_.insert(ref);
      }
    }
  }

  std::string Render() {
    Head();
    out_ += "<body>\n<main class=\"report\">\n<header>\n";
    absl::StrAppend(&out_, "<h1>", HtmlEscape(report_.title()), "</h1>\n<p class=\"byline\">",
                    HtmlEscape(words_.generated_by), "</p>\n</header>\n");
    Headlines();
    Contents();
    for (const auto& section : layout_.sections) Section(section);
    ReportNotes();
    absl::StrAppend(&out_, "<footer>", HtmlEscape(words_.generated_by),
                    "</footer>\n</main>\n</body>\n</html>\n");
    return std::move(out_);
  }

 private:
  void Head() {
    absl::StrAppend(&out_, "<!DOCTYPE html>\n<html lang=\"", words_.html_lang, "\">\n<head>\n",
                    "<meta charset=\"utf-8\">\n",
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
                    "<meta name=\"generator\" content=\"govmetrics\">\n<title>",
                    HtmlEscape(report_.title()), "</title>\n<style>", kCss, "</style>\n</head>\n");
  }

  void Headlines() {
    if (report_.headlines_size() == 0) return;
    absl::StrAppend(&out_, "<section class=\"headlines\">\n<h2>", HtmlEscape(words_.key_results),
                    "</h2>\n<ul>\n");
    for (const auto& h : report_.headlines()) {
      absl::StrAppend(&out_, "<li data-headline=\"", HtmlEscape(h.id()), "\">",
                      HtmlEscape(h.text()), "</li>\n");
    }
    out_ += "</ul>\n</section>\n";
  }

  void Contents() {
    if (layout_.sections.empty()) return;
    absl::StrAppend(&out_, "<nav class=\"toc\">\n<h2>", HtmlEscape(words_.contents),
                    "</h2>\n<ol>\n");
    for (const auto& s : layout_.sections) {
      absl::StrAppend(&out_, "<li><a href=\"#", s.anchor, "\"><span class=\"toc-num\">",
                      HtmlEscape(s.number), "</span>", HtmlEscape(s.title), "</a></li>\n");
    }
    out_ += "</ol>\n</nav>\n";
  }

  void Section(const LaidOutSection& s) {
    absl::StrAppend(&out_, "<section class=\"report-section\" id=\"", s.anchor, "\">\n<h2>");
    if (!s.number.empty())
      absl::StrAppend(&out_, "<span class=\"sec-num\">", HtmlEscape(s.number), "</span>");
    absl::StrAppend(&out_, HtmlEscape(s.title), "</h2>\n");
    if (s.section != nullptr && s.section->summary_size() > 0) {
      // One paragraph; each sentence carries the cells it rests on, so every claim in
      // the prose can be traced to a number in a table.
      out_ += "<div class=\"summary\"><p>";
      const bool zh = report_.language() == rv1::LANGUAGE_ZH;
      for (int i = 0; i < s.section->summary_size(); ++i) {
        const auto& sentence = s.section->summary(i);
        if (i > 0 && !zh) out_ += ' ';
        if (sentence.cell_refs_size() == 0) {
          absl::StrAppend(&out_, "<span class=\"claim\">", HtmlEscape(sentence.text()), "</span>");
          continue;
        }
        const std::string refs = absl::StrJoin(sentence.cell_refs(), ", ");
        absl::StrAppend(&out_, "<span class=\"claim\" data-cell-refs=\"",
                        HtmlEscape(absl::StrJoin(sentence.cell_refs(), " ")), "\" title=\"",
                        HtmlEscape(absl::StrCat(words_.sources, refs)), "\">",
                        HtmlEscape(sentence.text()), "</span>");
      }
      out_ += "</p></div>\n";
    }
    for (const auto* table : s.tables) Table(*table);
    for (const auto* chart : s.charts) Chart(*chart);
    out_ += "</section>\n";
  }

  void Table(const rv1::Table& table) {
    const int number = layout_.table_number.at(table.id());
    const int columns = ColumnCount(table);
    const int rule_row = FirstInfoRow(table);
    absl::StrAppend(
        &out_, "<figure class=\"table\" id=\"tbl-", SafeId(table.id()), "\">\n<figcaption id=\"tbl-",
        SafeId(table.id()), "-caption\"><span ",
        "class=\"fig-label\">", HtmlEscape(TableLabel(report_.language(), number)), "</span>",
        HtmlEscape(table.title()), "</figcaption>\n",
        // A wide table scrolls inside its wrapper; keyboard users must be able to reach
        // it (focusable region named by the caption: axe scrollable-region-focusable).
        "<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"tbl-",
        SafeId(table.id()), "-caption\">\n",
        "<table class=\"academic\" data-table-id=\"", HtmlEscape(table.id()), "\">\n<thead><tr>",
        HeaderCell(table.stub_header(), "col", "stub"));
    for (int c = 0; c < columns; ++c) {
      out_ += HeaderCell(c < table.columns_size() ? table.columns(c) : "", "col", "");
    }
    out_ += "</tr></thead>\n<tbody>\n";
    for (int r = 0; r < table.rows_size(); ++r) {
      const auto& row = table.rows(r);
      std::string classes;
      switch (row.kind()) {
        case rv1::ROW_KIND_COEFFICIENT:
          classes = "coef";
          break;
        case rv1::ROW_KIND_STD_ERROR:
          classes = "se";
          break;
        case rv1::ROW_KIND_INFO:
          classes = "info";
          break;
        default:
          classes = "plain";
          break;
      }
      if (r == rule_row) classes += " rule-above";
      absl::StrAppend(&out_, "<tr class=\"", classes, "\">", HeaderCell(row.label(), "row", ""));
      for (int c = 0; c < columns; ++c) {
        const std::string text = c < row.cells_size() ? row.cells(c).text() : "";
        const std::string ref = absl::StrCat(table.id(), "/", r, "/", c);
        if (cited_.count(ref) > 0) {
          absl::StrAppend(&out_, "<td class=\"cited\" id=\"", CellAnchor(table.id(), r, c), "\">",
                          HtmlEscape(text), "</td>");
        } else {
          absl::StrAppend(&out_, "<td>", HtmlEscape(text), "</td>");
        }
      }
      out_ += "</tr>\n";
    }
    out_ += "</tbody>\n</table>\n</div>\n";
    const auto notes = TableNotes(table, report_.language());
    if (!notes.empty()) {
      out_ += "<div class=\"table-notes\">";
      for (size_t i = 0; i < notes.size(); ++i) {
        out_ += "<p>";
        if (i == 0)
          absl::StrAppend(&out_, "<span class=\"notes-label\">", HtmlEscape(words_.notes_prefix),
                          "</span>");
        absl::StrAppend(&out_, HtmlEscape(notes[i]), "</p>");
      }
      out_ += "</div>\n";
    }
    out_ += "</figure>\n";
  }

  void Chart(const rv1::Chart& chart) {
    const int number = layout_.figure_number.at(chart.id());
    absl::StrAppend(&out_, "<figure class=\"chart\" id=\"fig-", SafeId(chart.id()),
                    "\">\n<figcaption><span ", "class=\"fig-label\">",
                    HtmlEscape(FigureLabel(report_.language(), number)), "</span>",
                    HtmlEscape(chart.title()), "</figcaption>\n");
    const std::string svg = RenderChartSvg(chart, report_.language());
    if (chart.kind() == rv1::CHART_KIND_PATH) {
      absl::StrAppend(&out_, "<div class=\"path-grid\">\n", svg, "</div>\n");
    } else {
      out_ += svg;
    }
    out_ += "</figure>\n";
  }

  void ReportNotes() {
    if (report_.notes_size() == 0) return;
    absl::StrAppend(&out_, "<section class=\"report-notes\" id=\"notes\">\n<h2>",
                    HtmlEscape(words_.notes), "</h2>\n<ul>\n");
    for (const auto& note : report_.notes())
      absl::StrAppend(&out_, "<li>", HtmlEscape(note), "</li>\n");
    out_ += "</ul>\n</section>\n";
  }

  const rv1::Report& report_;
  const RenderStrings& words_;
  ReportLayout layout_;
  std::set<std::string> cited_;
  std::string out_;
};

}  // namespace

std::string RenderHtml(const rv1::Report& report) { return HtmlWriter(report).Render(); }

}  // namespace govmetrics::reporting

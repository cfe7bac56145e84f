#include "services/reporting/render/markdown_renderer.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/reporting/render/chart_data_table.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/report_layout.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

std::string MarkdownTable(const rv1::Table& table) {
  const int columns = ColumnCount(table);
  std::string out = absl::StrCat("| ", MarkdownEscape(table.stub_header()), " |");
  for (int c = 0; c < columns; ++c) {
    absl::StrAppend(&out, " ", c < table.columns_size() ? MarkdownEscape(table.columns(c)) : "",
                    " |");
  }
  out += "\n| :--- |";
  for (int c = 0; c < columns; ++c) out += " :---: |";
  out += "\n";
  for (const auto& row : table.rows()) {
    absl::StrAppend(&out, "| ", MarkdownEscape(row.label()), " |");
    for (int c = 0; c < columns; ++c) {
      absl::StrAppend(&out, " ", c < row.cells_size() ? MarkdownEscape(row.cells(c).text()) : "",
                      " |");
    }
    out += "\n";
  }
  return out;
}

std::string RenderMarkdown(const rv1::Report& report) {
  const RenderStrings& words = StringsFor(report.language());
  const ReportLayout layout = LayOutReport(report);
  const bool zh = report.language() == rv1::LANGUAGE_ZH;
  std::string out = absl::StrCat("# ", MarkdownEscape(report.title()), "\n\n*",
                                 MarkdownEscape(words.generated_by), "*\n\n");
  if (report.headlines_size() > 0) {
    absl::StrAppend(&out, "## ", MarkdownEscape(words.key_results), "\n\n");
    for (const auto& h : report.headlines())
      absl::StrAppend(&out, "- ", MarkdownEscape(h.text()), "\n");
    out += "\n";
  }
  if (!layout.sections.empty()) {
    absl::StrAppend(&out, "## ", MarkdownEscape(words.contents), "\n\n");
    for (const auto& s : layout.sections) {
      absl::StrAppend(&out, "- [", MarkdownEscape(s.number), s.number.empty() || zh ? "" : " ",
                      MarkdownEscape(s.title), "](#", s.anchor, ")\n");
    }
    out += "\n";
  }
  for (const auto& s : layout.sections) {
    // Explicit anchors: GitHub's heading slugs drop or mangle CJK and punctuation.
    absl::StrAppend(&out, "<a id=\"", s.anchor, "\"></a>\n\n## ", MarkdownEscape(s.number),
                    s.number.empty() || zh ? "" : " ", MarkdownEscape(s.title), "\n\n");
    if (s.section != nullptr && s.section->summary_size() > 0) {
      for (int i = 0; i < s.section->summary_size(); ++i) {
        if (i > 0 && !zh) out += ' ';
        out += MarkdownEscape(s.section->summary(i).text());
      }
      out += "\n\n";
    }
    for (const auto* table : s.tables) {
      absl::StrAppend(
          &out, "**",
          MarkdownEscape(TableLabel(report.language(), layout.table_number.at(table->id()))), "**",
          zh ? "　" : ". ", MarkdownEscape(table->title()), "\n\n", MarkdownTable(*table), "\n");
      const auto notes = TableNotes(*table, report.language());
      for (size_t i = 0; i < notes.size(); ++i) {
        absl::StrAppend(
            &out,
            i == 0
                ? absl::StrCat(
                      "*", MarkdownEscape(absl::StripTrailingAsciiWhitespace(words.notes_prefix)),
                      "* ")
                : "",
            MarkdownEscape(notes[i]), "\n\n");
      }
    }
    for (const auto* chart : s.charts) {
      absl::StrAppend(
          &out, "**",
          MarkdownEscape(FigureLabel(report.language(), layout.figure_number.at(chart->id()))),
          "**", zh ? "　" : ". ", MarkdownEscape(chart->title()), "\n\n*",
          MarkdownEscape(words.figure_data_note), "*\n\n",
          MarkdownTable(ChartDataTable(*chart, report.language())), "\n");
    }
  }
  if (report.notes_size() > 0) {
    absl::StrAppend(&out, "## ", MarkdownEscape(words.notes), "\n\n");
    for (const auto& note : report.notes()) absl::StrAppend(&out, "- ", MarkdownEscape(note), "\n");
    out += "\n";
  }
  return out;
}

}  // namespace govmetrics::reporting

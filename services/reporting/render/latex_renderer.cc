#include "services/reporting/render/latex_renderer.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/render/chart_image.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/report_layout.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

namespace {

// Every text field of the report, to decide whether CJK support is needed.
bool ReportHasCjk(const rv1::Report& report) {
  std::string all = report.title();
  for (const auto& h : report.headlines()) all += h.text();
  for (const auto& n : report.notes()) all += n;
  for (const auto& s : report.sections()) {
    all += s.title();
    for (const auto& sentence : s.summary()) all += sentence.text();
  }
  for (const auto& t : report.tables()) {
    all += t.title() + t.stub_header();
    for (const auto& c : t.columns()) all += c;
    for (const auto& n : t.notes()) all += n;
    for (const auto& r : t.rows()) {
      all += r.label();
      for (const auto& c : r.cells()) all += c.text();
    }
  }
  return ContainsCjk(all);
}

// Where figure `number`'s panel `panel` (1-based) lives, relative to the .tex file.
std::string FigurePath(int number, int panel) {
  return absl::StrCat("figures/figure-", number, "-", panel, ".pdf");
}

// A figure float: one panel at most the text width (and 40% of the page height), several
// panels (mediation paths) side by side, two to a row; caption below, as journals set it.
std::string LatexFigure(const rv1::Chart& chart, int number, rv1::Language language) {
  const size_t panels = ChartSvgDocuments(chart, language).size();
  std::string out = "\\begin{figure}[htbp]\n\\centering\n";
  for (size_t k = 1; k <= panels; ++k) {
    const char* size = panels == 1 ? "width=\\linewidth,height=0.4\\textheight,keepaspectratio"
                                   : "width=0.48\\linewidth";
    absl::StrAppend(&out, "\\includegraphics[", size, "]{", FigurePath(number, static_cast<int>(k)), "}",
                    k % 2 == 0 ? "\n\n" : (k < panels ? "\\hfill\n" : "\n"));
  }
  absl::StrAppend(&out, "\\caption{", LatexEscape(chart.title()), "}\n\\label{fig:", SafeId(chart.id()),
                  "}\n\\end{figure}\n");
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> LatexFigureFiles(const rv1::Report& report) {
  const ReportLayout layout = LayOutReport(report);
  const std::vector<const rv1::Chart*> charts = ChartsInReadingOrder(layout);
  std::vector<std::vector<ChartImage>> images = ChartImagesConcurrently(charts, report.language(), ImageType::kPdf);
  std::vector<std::pair<std::string, std::string>> files;
  for (size_t i = 0; i < charts.size(); ++i) {
    const int number = layout.figure_number.at(charts[i]->id());
    int panel = 0;
    for (auto& image : images[i]) files.emplace_back(FigurePath(number, ++panel), std::move(image.bytes));
  }
  return files;
}

std::string LatexPreambleForTables() {
  // Tables wider than the text block are scaled down to fit; narrower ones keep their
  // natural size (unlike a bare \resizebox, which would blow small tables up).
  return "\\usepackage{booktabs}\n"
         "\\usepackage{longtable}\n"
         "\\usepackage{graphicx}\n"
         "\\newsavebox{\\gmtablebox}\n"
         "\\newcommand{\\gmfitbox}{\\ifdim\\wd\\gmtablebox>\\linewidth"
         "\\resizebox{\\linewidth}{!}{\\usebox{\\gmtablebox}}\\else\\usebox{\\gmtablebox}\\fi}\n"
         // Notes as wide as the table (at least half the text width, at most all of it).
         "\\newlength{\\gmnotewidth}\n"
         "\\newcommand{\\gmsetnotewidth}{\\setlength{\\gmnotewidth}{\\wd\\gmtablebox}"
         "\\ifdim\\gmnotewidth>\\linewidth\\setlength{\\gmnotewidth}{\\linewidth}\\fi"
         "\\ifdim\\gmnotewidth<0.5\\linewidth\\setlength{\\gmnotewidth}{0.5\\linewidth}\\fi}\n";
}

namespace {

// A table float is never broken across pages: one taller than the text block runs off
// the page and its last rows are lost from the PDF (a score table of 31 provinces x 7
// years has 217 rows). Tables above this many rows become a longtable instead, which
// breaks across pages and repeats its header; 35 rows of 11pt fill an A4 text block
// with 2.5 cm margins.
constexpr int kMaxRowsInFloat = 35;

// "stub & col 1 & ... \\\n": the header row.
std::string LatexHeaderRow(const rv1::Table& table, int columns) {
  std::string out = LatexEscape(table.stub_header());
  for (int c = 0; c < columns; ++c) {
    absl::StrAppend(&out, " & ", c < table.columns_size() ? LatexEscape(table.columns(c)) : "");
  }
  return out + " \\\\\n";
}

// The body rows, with a rule before the information rows (N, R², fixed effects).
std::string LatexBodyRows(const rv1::Table& table, int columns) {
  const int rule_row = FirstInfoRow(table);
  std::string out;
  for (int r = 0; r < table.rows_size(); ++r) {
    const auto& row = table.rows(r);
    if (r == rule_row) out += "\\midrule\n";
    out += LatexEscape(row.label());
    for (int c = 0; c < columns; ++c) {
      absl::StrAppend(&out, " & ", c < row.cells_size() ? LatexCell(row.cells(c).text()) : "");
    }
    out += " \\\\\n";
  }
  return out;
}

// The notes under a table, in a block `width` wide ("\\gmnotewidth" or "\\linewidth").
std::string LatexTableNotes(const rv1::Table& table, rv1::Language language, const std::string& width) {
  const auto notes = TableNotes(table, language);
  if (notes.empty()) return "";
  std::string out = absl::StrCat("\\begin{minipage}{", width, "}\n\\footnotesize\n");
  for (size_t i = 0; i < notes.size(); ++i) {
    if (i == 0) absl::StrAppend(&out, "\\textit{", LatexEscape(StringsFor(language).notes_prefix), "}");
    absl::StrAppend(&out, LatexEscape(notes[i]), "\\par\n");
  }
  return out + "\\end{minipage}\n";
}

std::string LatexFloatTable(const rv1::Table& table, rv1::Language language) {
  const int columns = ColumnCount(table);
  std::string out =
      absl::StrCat("\\begin{table}[htbp]\n\\centering\n\\caption{", LatexEscape(table.title()),
                   "}\n\\label{tab:", SafeId(table.id()), "}\n\\begin{lrbox}{\\gmtablebox}\n",
                   "\\begin{tabular}{l", std::string(static_cast<size_t>(columns), 'c'), "}\n",
                   "\\toprule\n", LatexHeaderRow(table, columns), "\\midrule\n", LatexBodyRows(table, columns),
                   "\\bottomrule\n\\end{tabular}\n\\end{lrbox}\n\\gmfitbox\n");
  const std::string notes = LatexTableNotes(table, language, "\\gmnotewidth");
  if (!notes.empty()) absl::StrAppend(&out, "\\par\\smallskip\n\\gmsetnotewidth\n", notes);
  return out + "\\end{table}\n";
}

// Display width of a cell's text in ems: a CJK character is one em, anything else
// about half (LaTeX markup such as \\textsuperscript is not counted: close enough to
// choose a font size).
double TextEms(const std::string& text) {
  double ems = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char lead = static_cast<unsigned char>(text[i]);
    const size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
    ems += length >= 3 ? 1.0 : 0.5;
    i += length;
  }
  return ems;
}

// The largest font switch under which the table's natural width (widest text of each
// column plus the 4pt column gaps) fits the 16 cm (455pt) text block of an A4 page with
// 2.5 cm margins; \\tiny when even that does not.
std::string LatexLongTableFontSize(const rv1::Table& table) {
  const int columns = ColumnCount(table);
  std::vector<double> widest(static_cast<size_t>(columns) + 1, 0.0);
  widest[0] = TextEms(table.stub_header());
  for (int c = 0; c < columns && c < table.columns_size(); ++c) widest[c + 1] = TextEms(table.columns(c));
  for (const auto& row : table.rows()) {
    widest[0] = std::max(widest[0], TextEms(row.label()));
    for (int c = 0; c < columns && c < row.cells_size(); ++c) {
      widest[c + 1] = std::max(widest[c + 1], TextEms(row.cells(c).text()));
    }
  }
  double ems = 0;
  for (double w : widest) ems += w;
  const double gaps_pt = 8.0 * (columns + 1);
  for (const auto& [points, command] : {std::pair{11.0, ""}, {10.0, "\\small"}, {9.0, "\\footnotesize"},
                                        {8.0, "\\scriptsize"}}) {
    if (ems * points + gaps_pt <= 455.0) return command;
  }
  return "\\tiny";
}

std::string LatexLongTable(const rv1::Table& table, rv1::Language language) {
  const int columns = ColumnCount(table);
  const std::string header = LatexHeaderRow(table, columns);
  const std::string title = LatexEscape(table.title());
  std::string out = absl::StrCat("\\begingroup", LatexLongTableFontSize(table),
                                 "\\setlength{\\tabcolsep}{4pt}\n\\begin{longtable}{l",
                                 std::string(static_cast<size_t>(columns), 'c'), "}\n");
  absl::StrAppend(&out, "\\caption{", title, "}\\label{tab:", SafeId(table.id()), "}\\\\\n\\toprule\n", header,
                  "\\midrule\n\\endfirsthead\n");
  // Later pages: the caption again (no second list-of-tables entry) and the header.
  absl::StrAppend(&out, "\\caption[]{", title, LatexEscape(StringsFor(language).continued),
                  "}\\\\\n\\toprule\n", header, "\\midrule\n\\endhead\n\\bottomrule\n\\endlastfoot\n");
  absl::StrAppend(&out, LatexBodyRows(table, columns), "\\end{longtable}\n");
  absl::StrAppend(&out, LatexTableNotes(table, language, "\\linewidth"), "\\endgroup\n");
  return out;
}

}  // namespace

std::string LatexTable(const rv1::Table& table, rv1::Language language) {
  return table.rows_size() > kMaxRowsInFloat ? LatexLongTable(table, language) : LatexFloatTable(table, language);
}

std::string RenderLatex(const rv1::Report& report) {
  const RenderStrings& words = StringsFor(report.language());
  const bool zh = report.language() == rv1::LANGUAGE_ZH;
  const bool cjk = zh || ReportHasCjk(report);
  const ReportLayout layout = LayOutReport(report);
  std::string out = "% Generated by govmetrics.\n";
  if (cjk) {
    out += "% Contains Chinese text: compile with xelatex (ctex).\n";
  } else {
    out += "% Compile with pdflatex or xelatex.\n";
  }
  absl::StrAppend(&out, "% ", LatexEscape(words.latex_figures_note), "\n");
  if (zh) {
    out += "\\documentclass[UTF8,a4paper,11pt]{ctexart}\n";
  } else {
    out += "\\documentclass[a4paper,11pt]{article}\n";
    // pdflatex needs input and font encodings; XeTeX and LuaTeX read UTF-8 natively.
    out +=
        "\\ifdefined\\XeTeXversion\\else\\ifdefined\\directlua\\else\n"
        "\\usepackage[utf8]{inputenc}\n\\usepackage[T1]{fontenc}\n\\usepackage{lmodern}"
        "\n\\fi\\fi\n";
    if (cjk) out += "\\usepackage[UTF8,scheme=plain]{ctex}\n";
  }
  out += "\\usepackage[margin=2.5cm]{geometry}\n";
  out += LatexPreambleForTables();
  absl::StrAppend(&out, "\\title{", LatexEscape(report.title()), "}\n\\author{",
                  LatexEscape(words.generated_by),
                  "}\n\\date{}\n\n\\begin{document}\n\\maketitle\n\n");
  if (report.headlines_size() > 0) {
    absl::StrAppend(&out, "\\section*{", LatexEscape(words.key_results), "}\n\\begin{itemize}\n");
    for (const auto& h : report.headlines())
      absl::StrAppend(&out, "\\item ", LatexEscape(h.text()), "\n");
    out += "\\end{itemize}\n\n";
  }
  out += "\\tableofcontents\n\n";
  for (const auto& s : layout.sections) {
    absl::StrAppend(&out, s.section != nullptr ? "\\section{" : "\\section*{", LatexEscape(s.title),
                    "}\n\\label{", s.anchor, "}\n");
    if (s.section != nullptr && s.section->summary_size() > 0) {
      for (int i = 0; i < s.section->summary_size(); ++i) {
        if (i > 0 && !zh) out += ' ';
        out += LatexEscape(s.section->summary(i).text());
      }
      out += "\n\n";
    }
    for (const auto* table : s.tables)
      absl::StrAppend(&out, LatexTable(*table, report.language()), "\n");
    for (const auto* chart : s.charts) {
      absl::StrAppend(&out, LatexFigure(*chart, layout.figure_number.at(chart->id()), report.language()), "\n");
    }
    out += "\n";
  }
  if (report.notes_size() > 0) {
    absl::StrAppend(&out, "\\section*{", LatexEscape(words.notes), "}\n\\begin{itemize}\n");
    for (const auto& note : report.notes())
      absl::StrAppend(&out, "\\item ", LatexEscape(note), "\n");
    out += "\\end{itemize}\n";
  }
  out += "\\end{document}\n";
  return out;
}

}  // namespace govmetrics::reporting

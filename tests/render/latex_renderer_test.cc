#include "services/reporting/render/latex_renderer.h"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"
#include "tests/render/tag_balance.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::CountOf;
using testing::FixtureReport;

bool OnPath(const std::string& program) {
  return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0;
}

std::string MakeTempDir() {
  char pattern[] = "/tmp/govmetrics_latex_XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir == nullptr ? "" : dir;
}

// Compiles `source` with `engine` in a fresh directory; returns the exit status and
// leaves the log in *log.
int Compile(const std::string& engine, const rv1::Report& report, std::string* log) {
  const std::string dir = MakeTempDir();
  if (dir.empty()) return -1;
  std::ofstream(dir + "/report.tex") << RenderLatex(report);
  std::system(("mkdir -p " + dir + "/figures").c_str());
  for (const auto& [name, pdf] : LatexFigureFiles(report)) std::ofstream(dir + "/" + name, std::ios::binary) << pdf;
  const std::string command = "cd " + dir + " && timeout 300 " + engine +
                              " -interaction=nonstopmode -halt-on-error report.tex >build.log 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream in(dir + "/build.log");
  log->assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  std::ifstream pdf(dir + "/report.pdf");
  if (status == 0 && !pdf.good()) return -2;
  std::system(("rm -rf " + dir).c_str());
  return status;
}

TEST(LatexRenderer, EnglishIsAFullArticleWithBooktabsTables) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const std::string tex = RenderLatex(report);
  EXPECT_NE(tex.find("\\documentclass[a4paper,11pt]{article}"), std::string::npos);
  EXPECT_NE(tex.find("\\usepackage{booktabs}"), std::string::npos);
  EXPECT_NE(tex.find("\\begin{document}"), std::string::npos);
  EXPECT_NE(tex.rfind("\\end{document}\n"), std::string::npos);
  EXPECT_EQ(CountOf(tex, "\\begin{table}"), report.tables_size());
  EXPECT_EQ(CountOf(tex, "\\toprule"), report.tables_size());
  EXPECT_EQ(CountOf(tex, "\\bottomrule"), report.tables_size());
  for (const auto& t : report.tables())
    EXPECT_NE(tex.find("\\label{tab:" + t.id() + "}"), std::string::npos);
  EXPECT_EQ(CountOf(tex, "\\section{"), report.sections_size());
}

TEST(LatexRenderer, EscapesSpecialCharacters) {
  const std::string tex = RenderLatex(FixtureReport(rv1::LANGUAGE_EN));
  EXPECT_NE(tex.find("R\\&D\\_share (\\%)"), std::string::npos);
  EXPECT_EQ(tex.find("R&D_share"), std::string::npos);
  EXPECT_NE(tex.find("N \\textless{} 3 \\& gaps \\textgreater{} 2"), std::string::npos);
  EXPECT_NE(tex.find("Within R\\textsuperscript{2}"), std::string::npos);
  EXPECT_NE(tex.find("a (X\\ensuremath{\\rightarrow}M)"), std::string::npos);
}

TEST(LatexRenderer, SetsStarsAsSuperscriptsAndSeparatesInfoRows) {
  const std::string tex = RenderLatex(FixtureReport(rv1::LANGUAGE_EN));
  EXPECT_NE(tex.find("0.298\\textsuperscript{***}"), std::string::npos);
  EXPECT_NE(tex.find(" & (0.061) & (0.072) \\\\"), std::string::npos);
  // Header rule, then a \midrule before the first info row in baseline and robustness.
  EXPECT_EQ(CountOf(tex, "\\midrule"), 6 + 2);
  EXPECT_NE(tex.find("\\midrule\nControls & No & Yes \\\\"), std::string::npos);
}

TEST(LatexRenderer, IncludesEveryChartPanelAsAFigure) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const std::string tex = RenderLatex(report);
  const auto files = LatexFigureFiles(report);
  ASSERT_EQ(files.size(), 7u);  // five charts; the path diagram has three mediators
  for (const auto& [name, pdf] : files) {
    EXPECT_NE(tex.find("\\includegraphics[" ), std::string::npos);
    EXPECT_NE(tex.find("]{" + name + "}"), std::string::npos) << name;
    EXPECT_EQ(pdf.rfind("%PDF-", 0), 0u) << name;
  }
  EXPECT_EQ(CountOf(tex, "\\begin{figure}"), 5);
  EXPECT_NE(tex.find("\\caption{Mediation paths}"), std::string::npos);
}

TEST(LatexRenderer, ChineseUsesCtexartAndKeepsTextByteExact) {
  const std::string tex = RenderLatex(FixtureReport(rv1::LANGUAGE_ZH));
  EXPECT_NE(tex.find("\\documentclass[UTF8,a4paper,11pt]{ctexart}"), std::string::npos);
  EXPECT_NE(tex.find("compile with xelatex"), std::string::npos);
  for (const char* text : {"北京", "内蒙古", "\\section{基准回归}", "\\textit{注：}"}) {
    EXPECT_NE(tex.find(text), std::string::npos) << text;
  }
}

TEST(LatexRenderer, EnglishWithChineseLabelsLoadsCtexPlainScheme) {
  rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  report.mutable_tables(0)->mutable_rows(0)->set_label("北京");
  const std::string tex = RenderLatex(report);
  EXPECT_NE(tex.find("\\usepackage[UTF8,scheme=plain]{ctex}"), std::string::npos);
  EXPECT_NE(tex.find("{article}"), std::string::npos);
}

TEST(LatexRenderer, StandaloneTableNeedsOnlyThePublishedPreamble) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const std::string table = LatexTable(report.tables(2), rv1::LANGUAGE_EN);  // baseline
  EXPECT_EQ(table.rfind("\\begin{table}[htbp]", 0), 0u);
  EXPECT_NE(table.find("\\gmfitbox"), std::string::npos);
  EXPECT_NE(LatexPreambleForTables().find("\\newcommand{\\gmfitbox}"), std::string::npos);
}

TEST(LatexRenderer, TallTableIsALongtableWithItsHeaderOnEveryPage) {
  rv1::Table table = FixtureReport(rv1::LANGUAGE_ZH).tables(2);  // baseline
  while (table.rows_size() <= 35) *table.add_rows() = table.rows(0);
  const std::string tex = LatexTable(table, rv1::LANGUAGE_ZH);
  EXPECT_EQ(tex.find("\\begin{table}"), std::string::npos);
  EXPECT_NE(tex.find("\\begin{longtable}"), std::string::npos);
  EXPECT_NE(tex.find("\\endfirsthead"), std::string::npos);
  EXPECT_NE(tex.find("\\endhead"), std::string::npos);
  EXPECT_NE(tex.find("（续）}"), std::string::npos);
  EXPECT_EQ(CountOf(tex, "\\toprule"), 2);  // first page and later pages
  EXPECT_NE(LatexPreambleForTables().find("\\usepackage{longtable}"), std::string::npos);
}

// pdflatex, the other engine a user may pick for an English report, with the figures.
// (xelatex, English and Chinese, is the PDF format's engine: pdf_renderer_test.cc.)
TEST(LatexCompile, EnglishCompilesWithPdflatex) {
  if (!OnPath("pdflatex")) GTEST_SKIP() << "pdflatex not on PATH";
  std::string log;
  const int status = Compile("pdflatex", FixtureReport(rv1::LANGUAGE_EN), &log);
  EXPECT_EQ(status, 0) << log.substr(log.size() > 4000 ? log.size() - 4000 : 0);
}

}  // namespace
}  // namespace govmetrics::reporting

// The PDF report: RenderLatex with its figures, compiled by xelatex from Debian's TeX Live
// (setup.sh installs it), then read with poppler (pdftotext, pdftoppm) as a reader would
// see it. One compile per language; the failure paths use stand-ins that fail fast.

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "gtest/gtest.h"
#include "services/reporting/render/chart_image.h"
#include "services/reporting/render/latex_compiler.h"
#include "services/reporting/render/render_documents.h"
#include "tests/render/readback_util.h"
#include "tests/render/report_fixture.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::FixtureReport;
using testing::MakeTempDir;
using testing::ReadWholeFile;

struct ReadBack {
  std::string text;      // pdftotext of the whole document
  int pages = 0;         // pages pdftoppm rendered to PNG
  int first_page_check;  // png_nonblank.py on page 1 (0: something is drawn)
};

// The PDF as a reader sees it: its text, and every page rendered to PNG at 40 dpi.
ReadBack Read(const std::string& pdf) {
  const std::string dir = MakeTempDir("govmetrics_pdf");
  std::ofstream(dir + "/report.pdf", std::ios::binary) << pdf;
  ReadBack out;
  std::system(("pdftotext -layout " + dir + "/report.pdf " + dir + "/report.txt").c_str());
  out.text = ReadWholeFile(dir + "/report.txt");
  std::system(("pdftoppm -r 40 -png " + dir + "/report.pdf " + dir + "/page").c_str());
  for (int page = 1; page < 100; ++page) {
    char name[32];
    std::snprintf(name, sizeof name, "/page-%02d.png", page);
    if (!std::ifstream(dir + name).good()) std::snprintf(name, sizeof name, "/page-%d.png", page);
    if (!std::ifstream(dir + name).good()) break;
    out.pages = page;
  }
  const std::string first = dir + (std::ifstream(dir + "/page-01.png").good() ? "/page-01.png" : "/page-1.png");
  out.first_page_check = std::system(
      ("/usr/bin/python3 " GOVMETRICS_SOURCE_DIR "/tests/render/png_nonblank.py " + first + " >/dev/null").c_str());
  std::system(("rm -rf " + dir).c_str());
  return out;
}

TEST(PdfReport, EnglishShowsTheTableNumbersAndTheFigures) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const auto documents = RenderDocuments(report, {rv1::FORMAT_PDF});
  ASSERT_TRUE(documents.ok()) << documents.status();
  ASSERT_EQ(documents->size(), 1u);
  const rv1::Document& document = documents->front();
  EXPECT_EQ(document.file_name(), "report.pdf");
  EXPECT_EQ(document.media_type(), "application/pdf");
  ASSERT_EQ(document.binary_content().rfind("%PDF-", 0), 0u);
  const ReadBack read = Read(document.binary_content());
  EXPECT_GE(read.pages, 3);
  EXPECT_EQ(read.first_page_check, 0);
  // (Part of the title: pdftotext reports the "ff" of "efficiency" as one ligature.)
  EXPECT_NE(read.text.find("evidence from 31 provinces"), std::string::npos) << read.text.substr(0, 400);
  // Every number of the baseline table, as printed (stars are superscripts: digits only).
  const rv1::Table* baseline = nullptr;
  for (const auto& table : report.tables()) {
    if (table.id() == "baseline") baseline = &table;
  }
  ASSERT_NE(baseline, nullptr);
  int numbers = 0;
  for (const auto& row : baseline->rows()) {
    for (const auto& cell : row.cells()) {
      if (!cell.has_value()) continue;
      std::string digits = cell.text().substr(0, cell.text().find('*'));
      if (!digits.empty() && digits.front() == '(') digits = digits.substr(1, digits.size() - 2);
      EXPECT_NE(read.text.find(digits), std::string::npos) << digits;
      ++numbers;
    }
  }
  EXPECT_GT(numbers, 5);
  // The figures are vector PDFs with real text: the coefficient plot's axis label and the
  // path diagram's box labels are in the document's text.
  EXPECT_NE(read.text.find("Estimate with 95% CI"), std::string::npos);
  EXPECT_NE(read.text.find("Figure 4: Mediation paths"), std::string::npos);
}

// A score table of 31 provinces x 7 years has 217 rows: as a float it ran off its page
// and the PDF silently lost every row after the first page. It must break across pages
// with its header repeated, and keep every row.
TEST(PdfReport, TableLongerThanAPageKeepsEveryRow) {
  rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  rv1::Table* table = report.add_tables();
  table->set_id("scores_long");
  table->set_title("Scores and ranks");
  table->set_stub_header("Entity");
  for (const char* column : {"Period", "Score", "Rank"}) table->add_columns(column);
  for (int r = 1; r <= 217; ++r) {
    rv1::TableRow* row = table->add_rows();
    row->set_label("Province" + std::to_string(r));
    for (const std::string& text : {std::to_string(2015 + r % 7), std::to_string(1000 + r), std::to_string(r)}) {
      row->add_cells()->set_text(text);
    }
  }
  report.mutable_sections(0)->add_table_ids("scores_long");
  auto pdf = RenderPdf(report);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const ReadBack read = Read(*pdf);
  for (int r = 1; r <= 217; ++r) {
    const std::string row = "Province" + std::to_string(r) + " ";
    EXPECT_NE(read.text.find(row), std::string::npos) << row;
  }
  EXPECT_NE(read.text.find("Scores and ranks (continued)"), std::string::npos);
}

TEST(PdfReport, ChineseShowsChineseText) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_ZH);
  auto pdf = RenderPdf(report);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  const ReadBack read = Read(*pdf);
  EXPECT_GE(read.pages, 3);
  EXPECT_EQ(read.first_page_check, 0);
  for (const char* text : {"北京", "内蒙古", "基准回归", "估计值及 95% 置信区间", "中介路径图"}) {
    EXPECT_NE(read.text.find(text), std::string::npos) << text;
  }
}

TEST(LatexCompiler, MissingToolchainIsAClearFailedPrecondition) {
  LatexCompileOptions options;
  options.engine = "no-such-latex-engine";
  auto pdf = CompileLatex("\\documentclass{article}\\begin{document}x\\end{document}", {}, options);
  ASSERT_EQ(pdf.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(pdf.status().message().find("no-such-latex-engine"), std::string::npos);
  EXPECT_NE(pdf.status().message().find("texlive-xetex"), std::string::npos);
}

// A stand-in engine that never finishes: the compile is killed at the deadline.
TEST(LatexCompiler, HangingEngineIsKilledAtTheTimeout) {
  const std::string dir = MakeTempDir("govmetrics_fake_tex");
  std::ofstream(dir + "/hanging-tex") << "#!/bin/sh\nsleep 600\n";
  std::system(("chmod +x " + dir + "/hanging-tex").c_str());
  const std::string path = std::getenv("PATH") == nullptr ? "" : std::getenv("PATH");
  setenv("PATH", (dir + ":" + path).c_str(), 1);
  LatexCompileOptions options;
  options.engine = "hanging-tex";
  options.timeout = absl::Milliseconds(500);
  auto pdf = CompileLatex("x", {}, options);
  setenv("PATH", path.c_str(), 1);
  std::system(("rm -rf " + dir).c_str());
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kDeadlineExceeded);
}

TEST(LatexCompiler, TexErrorIsReportedWithItsMessage) {
  auto pdf = CompileLatex("\\documentclass{article}\\begin{document}\\nosuchmacro\\end{document}", {});
  ASSERT_EQ(pdf.status().code(), absl::StatusCode::kInternal);
  EXPECT_NE(pdf.status().message().find("Undefined control sequence"), std::string::npos) << pdf.status();
}

// The same report must give the same bytes (the gateway compares HTTP and gRPC answers;
// clients cache by content): no compile time in the PDF, even from a different caller env.
TEST(LatexCompiler, SameSourceGivesTheSameBytes) {
  const std::string tex = "\\documentclass{article}\\begin{document}x \\today\\end{document}";
  auto first = CompileLatex(tex, {});
  setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
  auto second = CompileLatex(tex, {});
  unsetenv("SOURCE_DATE_EPOCH");
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(*first, *second);
}

// The figure PDFs (separate documents, and embedded in the PDF report) carry no drawing
// time either: drawn in two different seconds, the bytes are the same.
TEST(ChartImage, PdfFigureBytesDoNotDependOnWhenTheyAreDrawn) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  ASSERT_GT(report.charts_size(), 0);
  const auto first = ChartImages(report.charts(0), rv1::LANGUAGE_EN, ImageType::kPdf);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  const auto second = ChartImages(report.charts(0), rv1::LANGUAGE_EN, ImageType::kPdf);
  ASSERT_FALSE(first.empty());
  ASSERT_EQ(first.size(), second.size());
  for (size_t i = 0; i < first.size(); ++i) EXPECT_EQ(first[i].bytes, second[i].bytes) << "panel " << i;
}

}  // namespace
}  // namespace govmetrics::reporting

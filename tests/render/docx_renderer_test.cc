#include "services/reporting/render/docx_renderer.h"

#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
#include "services/reporting/render/chart_image.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/report_layout.h"
#include "tests/render/readback_util.h"
#include "tests/render/report_fixture.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::FixtureReport;
using testing::MakeTempDir;
using testing::RunChecker;
using testing::TablesInNumberOrder;
using testing::WriteJson;

// What the layout says the document shows (docx_readback.py's EXPECTED.tsv).
std::string ExpectedItems(const rv1::Report& report) {
  const ReportLayout layout = LayOutReport(report);
  std::string out;
  for (const auto& section : layout.sections) {
    out += "heading\t" + section.number + "\t" + section.title + "\n";
    if (section.section != nullptr) {
      for (const auto& sentence : section.section->summary()) out += "sentence\t" + sentence.text() + "\n";
    }
  }
  const auto [ordered, numbers] = TablesInNumberOrder(report);
  for (size_t i = 0; i < numbers.size(); ++i) {
    out += "table\t" + TableLabel(report.language(), numbers[i]) + "\t" + ordered.tables(static_cast<int>(i)).title() + "\n";
  }
  for (const auto& chart : report.charts()) {
    const size_t panels = ChartSvgDocuments(chart, report.language()).size();
    out += "figure\t" + FigureLabel(report.language(), layout.figure_number.at(chart.id())) + "\t" + chart.title() +
           "\t" + std::to_string(panels) + "\n";
  }
  for (const auto& h : report.headlines()) out += "headline\t" + h.text() + "\n";
  for (const auto& note : report.notes()) out += "note\t" + note + "\n";
  return out;
}

// Writes the document, the report (tables in number order) and the expected layout, and
// reads the document back with python-docx (tests/render/docx_readback.py).
void ExpectReadsBackAsTheReport(const rv1::Report& report) {
  const std::string bytes = RenderDocx(report);
  ASSERT_GT(bytes.size(), 1000u);
  ASSERT_EQ(bytes.substr(0, 2), "PK");
  const std::string dir = MakeTempDir("govmetrics_docx");
  ASSERT_FALSE(dir.empty());
  std::ofstream(dir + "/report.docx", std::ios::binary) << bytes;
  ASSERT_TRUE(WriteJson(TablesInNumberOrder(report).first, dir + "/report.json"));
  std::ofstream(dir + "/expected.tsv") << ExpectedItems(report);
  const auto [status, log] = RunChecker(
      "docx_readback.py", dir + "/report.docx " + dir + "/report.json " + dir + "/expected.tsv", dir);
  EXPECT_EQ(status, 0) << log;
  if (status == 0 && std::getenv("GOVMETRICS_KEEP_DOCX") == nullptr) std::system(("rm -rf " + dir).c_str());
}

TEST(DocxRenderer, EnglishReportReadsBackWithTablesFiguresAndNotes) {
  ExpectReadsBackAsTheReport(FixtureReport(rv1::LANGUAGE_EN));
}

TEST(DocxRenderer, ChineseReportReadsBackWithEastAsianFonts) {
  ExpectReadsBackAsTheReport(FixtureReport(rv1::LANGUAGE_ZH));
}

TEST(DocxRenderer, SameReportSameBytes) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  EXPECT_EQ(RenderDocx(report), RenderDocx(report));
}

TEST(DocxRenderer, EmptyReportIsStillAValidDocument) {
  const std::string bytes = RenderDocx(rv1::Report());
  ASSERT_EQ(bytes.substr(0, 2), "PK");
  const std::string dir = MakeTempDir("govmetrics_docx_empty");
  std::ofstream(dir + "/empty.docx", std::ios::binary) << bytes;
  const int status = std::system(("/usr/bin/python3 -c 'import docx,sys; docx.Document(sys.argv[1])' " + dir +
                                  "/empty.docx").c_str());
  EXPECT_EQ(status, 0);
  std::system(("rm -rf " + dir).c_str());
}

// Control characters in user labels would make the XML ill-formed (Word refuses the
// whole file): they are dropped, the rest of the label kept.
TEST(DocxRenderer, ControlCharactersInLabelsAreDropped) {
  rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  report.set_title(std::string("Tit\x01le\x1f"));
  report.mutable_tables(0)->mutable_rows(0)->set_label(std::string("lab\x02" "el"));
  const std::string bytes = RenderDocx(report);
  const std::string dir = MakeTempDir("govmetrics_docx_ctrl");
  std::ofstream(dir + "/c.docx", std::ios::binary) << bytes;
  const std::string check =
      "import docx,sys; d=docx.Document(sys.argv[1]); assert d.paragraphs[0].text=='Title', d.paragraphs[0].text; "
      "assert any(r.cells[0].text=='label' for t in d.tables for r in t.rows)";
  const int status = std::system(("/usr/bin/python3 -c \"" + check + "\" " + dir + "/c.docx").c_str());
  EXPECT_EQ(status, 0);
  std::system(("rm -rf " + dir).c_str());
}

}  // namespace
}  // namespace govmetrics::reporting

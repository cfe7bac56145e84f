#include "services/reporting/render/render_documents.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::FixtureReport;

// RenderDocuments for formats that cannot fail (everything but PDF).
std::vector<rv1::Document> Rendered(const rv1::Report& report, const std::vector<rv1::Format>& formats) {
  auto documents = RenderDocuments(report, formats);
  EXPECT_TRUE(documents.ok()) << documents.status();
  return documents.ok() ? *std::move(documents) : std::vector<rv1::Document>();
}

TEST(RenderDocuments, GivesOneDocumentPerFormatAndOneCsvPerTable) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const auto documents =
      Rendered(report, {rv1::FORMAT_HTML, rv1::FORMAT_MARKDOWN, rv1::FORMAT_CSV, rv1::FORMAT_JSON});
  ASSERT_EQ(documents.size(), 3u + static_cast<size_t>(report.tables_size()));
  EXPECT_EQ(documents[0].file_name(), "report.html");
  EXPECT_EQ(documents[0].media_type(), "text/html; charset=utf-8");
  EXPECT_EQ(documents[1].file_name(), "report.md");
  for (int i = 0; i < report.tables_size(); ++i) {
    const auto& d = documents[2 + static_cast<size_t>(i)];
    EXPECT_EQ(d.format(), rv1::FORMAT_CSV);
    EXPECT_EQ(d.file_name(), "tables/" + report.tables(i).id() + ".csv");
    EXPECT_EQ(d.media_type(), "text/csv; charset=utf-8");
  }
  EXPECT_EQ(documents.back().file_name(), "report.json");
  EXPECT_EQ(documents.back().media_type(), "application/json");
  for (const auto& d : documents) EXPECT_FALSE(d.content().empty()) << d.file_name();
}

// The fixture's five charts, the path diagram with three mediators: seven figure files.
TEST(RenderDocuments, LatexComesWithItsFiguresAsPdfFiles) {
  const auto documents = Rendered(FixtureReport(rv1::LANGUAGE_EN), {rv1::FORMAT_LATEX});
  ASSERT_EQ(documents.size(), 8u);
  EXPECT_EQ(documents[0].file_name(), "report.tex");
  for (size_t i = 1; i < documents.size(); ++i) {
    const auto& figure = documents[i];
    EXPECT_EQ(figure.format(), rv1::FORMAT_LATEX);
    EXPECT_EQ(figure.media_type(), "application/pdf");
    EXPECT_EQ(figure.binary_content().rfind("%PDF-", 0), 0u) << figure.file_name();
    EXPECT_NE(documents[0].content().find("{" + figure.file_name() + "}"), std::string::npos)
        << figure.file_name() << " is not included by report.tex";
  }
}

TEST(RenderDocuments, BinaryFormatsCarryBytesNotText) {
  const auto documents =
      Rendered(FixtureReport(rv1::LANGUAGE_ZH), {rv1::FORMAT_XLSX, rv1::FORMAT_DOCX});
  ASSERT_EQ(documents.size(), 2u);
  EXPECT_EQ(documents[0].file_name(), "tables.xlsx");
  EXPECT_EQ(documents[1].file_name(), "report.docx");
  EXPECT_EQ(documents[1].media_type(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document");
  for (const auto& d : documents) {
    EXPECT_TRUE(d.content().empty()) << d.file_name();
    EXPECT_EQ(d.binary_content().substr(0, 2), "PK") << d.file_name();
  }
}

TEST(RenderDocuments, IgnoresUnspecifiedAndRepeatedFormats) {
  const auto documents =
      Rendered(FixtureReport(rv1::LANGUAGE_ZH),
                      {rv1::FORMAT_UNSPECIFIED, rv1::FORMAT_JSON, rv1::FORMAT_JSON});
  ASSERT_EQ(documents.size(), 1u);
  EXPECT_EQ(documents[0].format(), rv1::FORMAT_JSON);
}

TEST(RenderDocuments, CsvFileNamesCannotEscapeTheTablesFolder) {
  rv1::Report report;
  report.add_tables()->set_id("../../etc/passwd");
  report.add_tables()->set_id("a/b");
  report.add_tables()->set_id("a-b");
  const auto documents = Rendered(report, {rv1::FORMAT_CSV});
  ASSERT_EQ(documents.size(), 3u);
  EXPECT_EQ(documents[0].file_name(), "tables/------etc-passwd.csv");
  EXPECT_EQ(documents[1].file_name(), "tables/a-b.csv");
  EXPECT_EQ(documents[2].file_name(), "tables/a-b-2.csv");
}

TEST(RenderDocuments, EmptyReportRendersEveryFormat) {
  const auto documents =
      Rendered(rv1::Report(), {rv1::FORMAT_HTML, rv1::FORMAT_MARKDOWN, rv1::FORMAT_LATEX,
                                      rv1::FORMAT_CSV, rv1::FORMAT_JSON});
  EXPECT_EQ(documents.size(), 4u);  // no tables, so no CSV; no charts, so no figures
}

}  // namespace
}  // namespace govmetrics::reporting

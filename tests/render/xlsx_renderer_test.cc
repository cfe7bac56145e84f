#include "services/reporting/render/xlsx_renderer.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include "gtest/gtest.h"
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

// Writes the workbook and the report (JSON, tables in number order), then reads the
// workbook back with openpyxl (tests/render/xlsx_readback.py) against the report: sheet
// per table in number order, numbers as numeric cells, stars in their own column.
void ExpectReadsBackAsTheReport(const rv1::Report& report) {
  const std::string bytes = RenderXlsx(report);
  ASSERT_GT(bytes.size(), 1000u);
  ASSERT_EQ(bytes.substr(0, 2), "PK");
  const std::string dir = MakeTempDir("govmetrics_xlsx");
  ASSERT_FALSE(dir.empty());
  std::ofstream(dir + "/tables.xlsx", std::ios::binary) << bytes;
  const auto [ordered, numbers] = TablesInNumberOrder(report);
  ASSERT_TRUE(WriteJson(ordered, dir + "/report.json"));
  std::string names = "[";
  for (int number : numbers) {
    names += (names.size() > 1 ? ",\"" : "\"") + TableLabel(report.language(), number) + "\"";
  }
  names += "]";
  const auto [status, log] =
      RunChecker("xlsx_readback.py", dir + "/tables.xlsx " + dir + "/report.json '" + names + "'", dir);
  EXPECT_EQ(status, 0) << log;
  std::system(("rm -rf " + dir).c_str());
}

TEST(XlsxRenderer, EnglishWorkbookReadsBackWithNumbersAsNumbers) {
  ExpectReadsBackAsTheReport(FixtureReport(rv1::LANGUAGE_EN));
}

TEST(XlsxRenderer, ChineseWorkbookReadsBackWithChineseSheetNames) {
  ExpectReadsBackAsTheReport(FixtureReport(rv1::LANGUAGE_ZH));
}

TEST(XlsxRenderer, EmptyReportIsStillAValidWorkbook) {
  const std::string bytes = RenderXlsx(rv1::Report());
  EXPECT_EQ(bytes.substr(0, 2), "PK");
}

}  // namespace
}  // namespace govmetrics::reporting

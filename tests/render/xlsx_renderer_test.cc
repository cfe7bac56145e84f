#include "services/reporting/render/xlsx_renderer.h"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <string>

#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/report_layout.h"
#include "tests/render/report_fixture.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::FixtureReport;

std::string MakeTempDir() {
  char pattern[] = "/tmp/govmetrics_xlsx_XXXXXX";
  const char* dir = mkdtemp(pattern);
  return dir == nullptr ? "" : dir;
}

// Writes the workbook and the report (JSON), then reads the workbook back with openpyxl
// (tests/render/xlsx_readback.py) against the report: sheet per table in number order,
// numbers as numeric cells, stars in their own column.
void ExpectReadsBackAsTheReport(const rv1::Report& report) {
  const std::string bytes = RenderXlsx(report);
  ASSERT_GT(bytes.size(), 1000u);
  ASSERT_EQ(bytes.substr(0, 2), "PK");
  const std::string dir = MakeTempDir();
  ASSERT_FALSE(dir.empty());
  std::ofstream(dir + "/tables.xlsx", std::ios::binary) << bytes;
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(report, &json).ok());
  std::ofstream(dir + "/report.json") << json;
  // Sheet names in the order the tables should appear: by table number.
  const ReportLayout layout = LayOutReport(report);
  std::vector<std::pair<int, int>> order;
  for (int i = 0; i < report.tables_size(); ++i) order.emplace_back(layout.table_number.at(report.tables(i).id()), i);
  std::sort(order.begin(), order.end());
  rv1::Report ordered = report;
  ordered.clear_tables();
  std::string names = "[";
  for (const auto& [number, i] : order) {
    *ordered.add_tables() = report.tables(i);
    names += (names.size() > 1 ? ",\"" : "\"") + TableLabel(report.language(), number) + "\"";
  }
  names += "]";
  json.clear();
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(ordered, &json).ok());
  std::ofstream(dir + "/report.json") << json;
  const std::string command = "/usr/bin/python3 " GOVMETRICS_SOURCE_DIR "/tests/render/xlsx_readback.py " + dir +
                              "/tables.xlsx " + dir + "/report.json '" + names + "' >" + dir + "/check.log 2>&1";
  const int status = std::system(command.c_str());
  std::ifstream log(dir + "/check.log");
  const std::string text((std::istreambuf_iterator<char>(log)), std::istreambuf_iterator<char>());
  EXPECT_EQ(status, 0) << text;
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

#include "services/reporting/render/csv_renderer.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"
#include "tests/render/tag_balance.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::CountOf;
using testing::FixtureReport;

const rv1::Table& TableById(const rv1::Report& report, const std::string& id) {
  for (const auto& t : report.tables()) {
    if (t.id() == id) return t;
  }
  ADD_FAILURE() << "no table " << id;
  return report.tables(0);
}

TEST(CsvRenderer, HeaderIsStubPlusColumnsAndOneLinePerRow) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const rv1::Table& t = TableById(report, "robustness");
  const std::string csv = RenderCsv(t);
  EXPECT_EQ(
      csv.rfind(
          "Variable,Lagged regressor,Winsorised 1%/99%,CRITIC weights,Without municipalities\r\n",
          0),
      0u);
  EXPECT_EQ(CountOf(csv, "\r\n"), 1 + t.rows_size());
  EXPECT_NE(csv.find("Digital empowerment,0.281***,0.305***,0.276***,0.318***\r\n"),
            std::string::npos);
  EXPECT_NE(csv.find(",(0.079),(0.070),(0.083),(0.091)\r\n"), std::string::npos);
}

TEST(CsvRenderer, AsciiTablesHaveNoByteOrderMark) {
  const std::string csv = RenderCsv(TableById(FixtureReport(rv1::LANGUAGE_EN), "robustness"));
  EXPECT_NE(csv.rfind(kUtf8Bom, 0), 0u);
}

TEST(CsvRenderer, NonAsciiTablesStartWithAByteOrderMarkForExcel) {
  const std::string en = RenderCsv(TableById(FixtureReport(rv1::LANGUAGE_EN), "baseline"));  // "R²"
  EXPECT_EQ(en.rfind(kUtf8Bom, 0), 0u);
  const std::string zh = RenderCsv(TableById(FixtureReport(rv1::LANGUAGE_ZH), "province_scores"));
  EXPECT_EQ(zh.rfind("\xEF\xBB\xBF省份,2015,2021\r\n", 0), 0u);
  EXPECT_NE(zh.find("内蒙古,0.184,0.301\r\n"), std::string::npos);
  EXPECT_NE(zh.find("西藏,-,0.221\r\n"), std::string::npos);
}

TEST(CsvRenderer, QuotesFieldsThatNeedIt) {
  const std::string csv =
      RenderCsv(TableById(FixtureReport(rv1::LANGUAGE_EN), "variable_definitions"));
  EXPECT_NE(csv.find("R&D_share (%),\"R&D spending / GDP, in % (\"\"share\"\")\"\r\n"),
            std::string::npos);
  const std::string mediation = RenderCsv(TableById(FixtureReport(rv1::LANGUAGE_EN), "mediation"));
  EXPECT_NE(mediation.find(",\"[0.0402, 0.1871]\","), std::string::npos);
}

}  // namespace
}  // namespace govmetrics::reporting

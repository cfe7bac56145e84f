#include "services/reporting/render/markdown_renderer.h"

#include <sstream>
#include <string>

#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"
#include "tests/render/tag_balance.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::CountOf;
using testing::FixtureReport;

TEST(MarkdownRenderer, HasTitleHeadlinesContentsAndNumberedSections) {
  const std::string md = RenderMarkdown(FixtureReport(rv1::LANGUAGE_EN));
  EXPECT_EQ(md.rfind("# Digital empowerment", 0), 0u);
  EXPECT_NE(md.find("## Key results\n\n- Baseline effect 0.298"), std::string::npos);
  EXPECT_NE(md.find("- [2 Baseline regression](#sec-baseline)"), std::string::npos);
  EXPECT_NE(md.find("<a id=\"sec-baseline\"></a>\n\n## 2 Baseline regression"), std::string::npos);
}

TEST(MarkdownRenderer, TablesAreWellFormedPipeTables) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const std::string md = RenderMarkdown(report);
  // Every line that starts a table row has as many unescaped pipes as its header.
  std::istringstream lines(md);
  std::string line;
  int expected = -1;
  int tables = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("| ", 0) != 0) {
      expected = -1;
      continue;
    }
    int pipes = 0;
    for (size_t i = 0; i < line.size(); ++i) {
      if (line[i] == '|' && (i == 0 || line[i - 1] != '\\')) ++pipes;
    }
    if (expected < 0) {
      expected = pipes;
      ++tables;
    }
    EXPECT_EQ(pipes, expected) << line;
  }
  EXPECT_EQ(tables, report.tables_size() + report.charts_size());
}

TEST(MarkdownRenderer, EscapesStarsSoCoefficientsDoNotTurnItalic) {
  const std::string md = RenderMarkdown(FixtureReport(rv1::LANGUAGE_EN));
  EXPECT_NE(md.find("| 0.298\\*\\*\\* |"), std::string::npos);
  EXPECT_NE(md.find("| (0.061) |"), std::string::npos);
  EXPECT_NE(md.find("R&D\\_share (%)"), std::string::npos);
}

TEST(MarkdownRenderer, PrintsNotesUnderTablesAndChartDataForFigures) {
  const std::string md = RenderMarkdown(FixtureReport(rv1::LANGUAGE_EN));
  EXPECT_NE(md.find("*Notes:* Standard errors clustered by province in parentheses."),
            std::string::npos);
  EXPECT_NE(md.find("**Figure 1**. Digital empowerment: mean by region and year"),
            std::string::npos);
  EXPECT_NE(md.find("| Year | East | Central | West | Northeast |"), std::string::npos);
  EXPECT_NE(md.find("| 2017 | 0.5020 | 0.3560 | 0.2640 | – |"),
            std::string::npos);  // NaN shown as a dash
  EXPECT_NE(md.find("| Digital infrastructure | 0.512\\*\\*\\* |"), std::string::npos);
}

TEST(MarkdownRenderer, ChineseIsByteExactWithChineseNumbering) {
  const std::string md = RenderMarkdown(FixtureReport(rv1::LANGUAGE_ZH));
  for (const char* text :
       {"## 二、基准回归", "| 内蒙古 |", "**表 1**　分省份数字赋能指数", "## 目录", "*注：*"}) {
    EXPECT_NE(md.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace govmetrics::reporting

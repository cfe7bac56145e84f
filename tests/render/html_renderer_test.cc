#include "services/reporting/render/html_renderer.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"
#include "tests/render/tag_balance.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::CheckTagBalance;
using testing::CountOf;
using testing::FixtureReport;

class HtmlRendererTest : public ::testing::TestWithParam<rv1::Language> {
 protected:
  HtmlRendererTest() : report_(FixtureReport(GetParam())), html_(RenderHtml(report_)) {}
  rv1::Report report_;
  std::string html_;
};

TEST_P(HtmlRendererTest, IsOneBalancedDocumentWithCharsetAndLanguage) {
  EXPECT_EQ(html_.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(html_.find("<meta charset=\"utf-8\">"), std::string::npos);
  const std::string lang =
      GetParam() == rv1::LANGUAGE_ZH ? "<html lang=\"zh-CN\">" : "<html lang=\"en\">";
  EXPECT_NE(html_.find(lang), std::string::npos);
  EXPECT_EQ(CheckTagBalance(html_), "");
}

TEST_P(HtmlRendererTest, IsSelfContained) {
  EXPECT_EQ(html_.find("http"), std::string::npos);
  EXPECT_EQ(html_.find("<script"), std::string::npos);
  EXPECT_EQ(html_.find("<link"), std::string::npos);
  EXPECT_EQ(html_.find("<img"), std::string::npos);
  EXPECT_EQ(html_.find("url("), std::string::npos);
  EXPECT_EQ(html_.find("@import"), std::string::npos);
  EXPECT_NE(html_.find("<style>"), std::string::npos);
}

TEST_P(HtmlRendererTest, ShowsEveryTableAndChartOnce) {
  for (const auto& t : report_.tables()) {
    EXPECT_EQ(CountOf(html_, "data-table-id=\"" + t.id() + "\""), 1) << t.id();
  }
  for (const auto& c : report_.charts())
    EXPECT_EQ(CountOf(html_, "id=\"fig-" + c.id() + "\""), 1) << c.id();
  // trend, weights, robustness, conditional effect + one per mediator
  EXPECT_EQ(CountOf(html_, "<svg"), 4 + 3);
}

TEST_P(HtmlRendererTest, GathersTablesNoSectionListsAtTheEnd) {
  const size_t orphan = html_.find("data-table-id=\"variable_definitions\"");
  ASSERT_NE(orphan, std::string::npos);
  EXPECT_GT(orphan, html_.find("data-table-id=\"mediation\""));
}

TEST_P(HtmlRendererTest, PrintsCoefficientsWithStarsAndStandardErrorsInParentheses) {
  EXPECT_NE(html_.find("<tr class=\"coef\">"), std::string::npos);
  EXPECT_NE(html_.find("0.298***"), std::string::npos);
  EXPECT_NE(html_.find("<tr class=\"se\"><td></td><td>(0.061)</td><td"),
            std::string::npos);
}

TEST_P(HtmlRendererTest, SeparatesInfoRowsWithARuleOncePerTable) {
  EXPECT_EQ(CountOf(html_, "class=\"info rule-above\""), 2);  // baseline and robustness tables
  EXPECT_NE(html_.find(".rule-above > * { border-top"), std::string::npos);
}

TEST_P(HtmlRendererTest, AddsTheStarLegendOnlyWhereNoNoteExplainsStars) {
  const bool zh = GetParam() == rv1::LANGUAGE_ZH;
  const std::string legend =
      zh ? "* p&lt;0.1，** p&lt;0.05，*** p&lt;0.01" : "* p&lt;0.1, ** p&lt;0.05, *** p&lt;0.01";
  // Baseline (no legend of its own) and mediation get one; robustness has its own.
  EXPECT_EQ(CountOf(html_, legend), 3) << legend;
}

TEST_P(HtmlRendererTest, EscapesMarkupInLabelsAndNotes) {
  EXPECT_NE(html_.find("Entities with N &lt; 3 &amp; gaps &gt; 2 years are dropped."),
            std::string::npos);
  EXPECT_EQ(html_.find("N < 3 & gaps"), std::string::npos);
  EXPECT_NE(html_.find("R&amp;D_share (%)"), std::string::npos);
}

TEST_P(HtmlRendererTest, HasHeadlinesAndATableOfContentsLinkingEverySection) {
  EXPECT_NE(html_.find("class=\"headlines\""), std::string::npos);
  EXPECT_LT(html_.find("class=\"headlines\""), html_.find("<nav class=\"toc\">"));
  for (const auto& s : report_.sections()) {
    EXPECT_NE(html_.find("<a href=\"#sec-" + s.id() + "\">"), std::string::npos) << s.id();
    EXPECT_NE(html_.find("id=\"sec-" + s.id() + "\""), std::string::npos) << s.id();
  }
}

TEST_P(HtmlRendererTest, EverySentenceCarriesItsCellReferences) {
  for (const auto& s : report_.sections()) {
    for (const auto& sentence : s.summary()) {
      std::string refs;
      for (const auto& r : sentence.cell_refs()) refs += (refs.empty() ? "" : " ") + r;
      EXPECT_NE(html_.find("data-cell-refs=\"" + refs + "\""), std::string::npos) << refs;
      // The cited cells are anchors.
      for (const auto& r : sentence.cell_refs()) {
        std::string anchor = "cell-" + r;
        for (char& c : anchor) c = c == '/' ? '-' : c;
        EXPECT_NE(html_.find("id=\"" + anchor + "\""), std::string::npos) << anchor;
      }
    }
  }
}

TEST_P(HtmlRendererTest, HasPrintStylesAndCjkFonts) {
  EXPECT_NE(html_.find("@media print"), std::string::npos);
  EXPECT_NE(html_.find("\"Noto Sans CJK SC\""), std::string::npos);
  EXPECT_NE(html_.find("\"WenQuanYi Micro Hei\""), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Languages, HtmlRendererTest,
                         ::testing::Values(rv1::LANGUAGE_EN, rv1::LANGUAGE_ZH),
                         [](const auto& info) {
                           return info.param == rv1::LANGUAGE_ZH ? "zh" : "en";
                         });

TEST(HtmlRendererChinese, KeepsChineseTextByteExact) {
  const std::string html = RenderHtml(FixtureReport(rv1::LANGUAGE_ZH));
  for (const char* text :
       {"北京", "内蒙古", "<h1>数字赋能与政府治理效能：来自 31 个省份的证据</h1>",
        "<span class=\"sec-num\">一、</span>描述性统计与指数构建", "表 1", "图 1", "目录",
        "主要结论", "由 govmetrics 生成", "注："}) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
  // Chinese sentences are joined without spaces.
  EXPECT_NE(html.find("权重最大。</span><span"), std::string::npos);
}

TEST(HtmlRendererChinese, HandlesAMissingCellAsDisplayed) {
  const std::string html = RenderHtml(FixtureReport(rv1::LANGUAGE_ZH));
  EXPECT_NE(html.find("<th scope=\"row\">西藏</th><td>-</td><td>0.221</td>"), std::string::npos);
}

TEST(HtmlRendererEdgeCases, EmptyReportStillRendersAValidPage) {
  rv1::Report empty;
  const std::string html = RenderHtml(empty);
  EXPECT_EQ(CheckTagBalance(html), "");
  EXPECT_NE(html.find("<html lang=\"en\">"), std::string::npos);
}

TEST(HtmlRendererEdgeCases, DanglingIdsAndRaggedRowsAreTolerated) {
  rv1::Report report;
  auto* s = report.add_sections();
  s->set_id("x");
  s->add_table_ids("missing");
  s->add_chart_ids("missing");
  auto* t = report.add_tables();
  t->set_id("ragged");
  t->add_columns("one");
  auto* row = t->add_rows();
  row->set_label("r");
  row->add_cells()->set_text("1");
  row->add_cells()->set_text("2");  // more cells than columns: shown, not dropped
  s->add_table_ids("ragged");
  const std::string html = RenderHtml(report);
  EXPECT_EQ(CheckTagBalance(html), "");
  EXPECT_NE(html.find("<td>2</td>"), std::string::npos);
}

}  // namespace
}  // namespace govmetrics::reporting

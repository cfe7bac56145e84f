#include "services/reporting/render/svg_charts.h"

#include <regex>
#include <string>

#include "common/stats/significance_stars.h"
#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"
#include "tests/render/tag_balance.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::CheckTagBalance;
using testing::CountOf;
using testing::FixtureReport;
using testing::kNaN;

const rv1::Chart& ChartById(const rv1::Report& report, const std::string& id) {
  for (const auto& c : report.charts()) {
    if (c.id() == id) return c;
  }
  ADD_FAILURE() << "no chart " << id;
  return report.charts(0);
}

// "nan" / "inf" as a word (coordinates printed from a NaN), not inside "infrastructure".
const std::regex kNonFinite("(^|[^A-Za-z])-?(nan|inf)([^A-Za-z]|$)", std::regex::icase);

TEST(SvgCharts, EveryFixtureChartIsBalancedSvgWithoutScriptsOrUrls) {
  for (auto language : {rv1::LANGUAGE_EN, rv1::LANGUAGE_ZH}) {
    const rv1::Report report = FixtureReport(language);
    for (const auto& chart : report.charts()) {
      const std::string svg = RenderChartSvg(chart, language);
      EXPECT_EQ(CheckTagBalance(svg), "") << chart.id();
      EXPECT_GE(CountOf(svg, "<svg"), 1) << chart.id();
      EXPECT_EQ(svg.find("<script"), std::string::npos);
      EXPECT_EQ(svg.find("http"), std::string::npos);
      EXPECT_FALSE(std::regex_search(svg, kNonFinite)) << chart.id();
    }
  }
}

TEST(LineChart, DrawsOnePathPerSeriesWithALegendEntryEach) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const std::string svg = RenderLineChartSvg(ChartById(report, "trend_de"), rv1::LANGUAGE_EN);
  EXPECT_EQ(CountOf(svg, "<path "), 4);
  for (const char* region : {">East<", ">Central<", ">West<", ">Northeast<"}) {
    EXPECT_NE(svg.find(region), std::string::npos) << region;
  }
  for (int year = 2015; year <= 2021; ++year)
    EXPECT_NE(svg.find(">" + std::to_string(year) + "<"), std::string::npos);
}

TEST(LineChart, BreaksTheLineAtAMissingValueInsteadOfInterpolating) {
  rv1::Chart chart;
  chart.set_kind(rv1::CHART_KIND_LINE);
  for (const char* c : {"2015", "2016", "2017", "2018"}) chart.add_categories(c);
  auto* s = chart.add_series();
  s->set_name("Northeast");
  for (double v : {0.2, 0.25, kNaN, 0.3}) s->add_values(v);
  const std::string svg = RenderLineChartSvg(chart, rv1::LANGUAGE_EN);
  EXPECT_FALSE(std::regex_search(svg, kNonFinite));
  const size_t d = svg.find("<path d=\"");
  ASSERT_NE(d, std::string::npos);
  const std::string path = svg.substr(d, svg.find('"', d + 9) - d);
  EXPECT_EQ(CountOf(path, "M"), 2) << path;  // two segments: 2015-2016 and 2018
  EXPECT_EQ(CountOf(path, "L"), 1) << path;
  EXPECT_EQ(CountOf(svg, "<circle"), 3 + 1);  // markers at the 3 finite points + legend
  EXPECT_EQ(CheckTagBalance(svg), "");
}

TEST(Charts, EmptyOrAllMissingDataGivesANoDataPanel) {
  for (auto kind : {rv1::CHART_KIND_LINE, rv1::CHART_KIND_BAR, rv1::CHART_KIND_COEFFICIENT,
                    rv1::CHART_KIND_PATH, rv1::CHART_KIND_RIDGELINE, rv1::CHART_KIND_XY}) {
    rv1::Chart empty;
    empty.set_kind(kind);
    empty.set_title("Empty");
    const std::string svg = RenderChartSvg(empty, rv1::LANGUAGE_EN);
    EXPECT_NE(svg.find("No data to plot"), std::string::npos) << kind;
    EXPECT_EQ(CheckTagBalance(svg), "");

    rv1::Chart missing = empty;
    missing.add_categories("x");
    missing.add_series()->add_values(kNaN);
    const std::string svg2 = RenderChartSvg(missing, rv1::LANGUAGE_ZH);
    EXPECT_EQ(CheckTagBalance(svg2), "") << kind;
    if (kind != rv1::CHART_KIND_PATH) {
      EXPECT_NE(svg2.find("无可绘制的数据"), std::string::npos) << kind;
    }
  }
}

TEST(Charts, SeriesShorterThanCategoriesAreTolerated) {
  rv1::Chart chart;
  for (const char* c : {"a", "b", "c"}) chart.add_categories(c);
  auto* s = chart.add_series();
  s->add_values(0.5);
  s->add_lower(0.1);  // no upper at all
  for (auto kind : {rv1::CHART_KIND_LINE, rv1::CHART_KIND_BAR, rv1::CHART_KIND_COEFFICIENT,
                    rv1::CHART_KIND_PATH, rv1::CHART_KIND_RIDGELINE, rv1::CHART_KIND_XY}) {
    chart.set_kind(kind);
    EXPECT_EQ(CheckTagBalance(RenderChartSvg(chart, rv1::LANGUAGE_EN)), "") << kind;
  }
  chart.set_kind(rv1::CHART_KIND_CONDITIONAL_EFFECT);
  for (int with_x = 0; with_x < 2; ++with_x) {  // no x_values: nothing to place
    if (with_x) chart.add_x_values(1.0);
    const std::string svg = RenderChartSvg(chart, rv1::LANGUAGE_EN);
    EXPECT_EQ(CheckTagBalance(svg), "");
    EXPECT_EQ(svg.find("chart-empty") == std::string::npos, with_x == 1) << svg;
  }
}

TEST(BarChart, DrawsOneBarPerFiniteValueWithItsValueLabel) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_ZH);
  const rv1::Chart& chart = ChartById(report, "weights_chart_de");
  const std::string svg = RenderBarChartSvg(chart, rv1::LANGUAGE_ZH);
  EXPECT_EQ(CountOf(svg, "<rect"), chart.categories_size());
  EXPECT_NE(svg.find(">0.2659<"), std::string::npos) << svg;
  EXPECT_NE(svg.find("网上政务服务能力得分"), std::string::npos);
  EXPECT_NE(svg.find("R&amp;D_share (%)"), std::string::npos);
}

TEST(CoefficientChart, DrawsWhiskersAZeroLineAndStarredEstimates) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const rv1::Chart& chart = ChartById(report, "robustness_coefficients");
  const std::string svg = RenderCoefficientChartSvg(chart, rv1::LANGUAGE_EN);
  EXPECT_EQ(CountOf(svg, "stroke-dasharray=\"5 4\""), 1);  // the zero line
  // Each point: one whisker line and two caps.
  EXPECT_GE(CountOf(svg, "stroke-width=\"1.6\""), 3 * chart.categories_size());
  EXPECT_NE(svg.find(">0.298***<"), std::string::npos);
  EXPECT_NE(svg.find("95% confidence interval"), std::string::npos);
}

TEST(ConditionalEffectChart, DrawsBandLineSlopesZeroLineAndJohnsonNeymanBound) {
  for (auto language : {rv1::LANGUAGE_EN, rv1::LANGUAGE_ZH}) {
    const rv1::Report report = FixtureReport(language);
    const rv1::Chart& chart = ChartById(report, "moderation_effect_1");
    const std::string svg = RenderChartSvg(chart, language);
    EXPECT_EQ(CountOf(svg, "class=\"band\""), 1);
    EXPECT_EQ(CountOf(svg, "stroke-dasharray=\"5 4\""), 1);  // zero line
    // One Johnson-Neyman line plus its legend sample.
    EXPECT_EQ(CountOf(svg, "stroke-dasharray=\"3 3\""), 2);
    // Each marked slope: a whisker and two caps.
    EXPECT_EQ(CountOf(svg, "stroke-width=\"1.6\""), 3 * 3);
    EXPECT_NE(svg.find(language == rv1::LANGUAGE_ZH ? "Johnson-Neyman 界值" : "Johnson-Neyman bound"),
              std::string::npos);
    EXPECT_NE(svg.find(chart.x_label()), std::string::npos);
  }
}

TEST(ConditionalEffectChart, BoundOutsideThePlottedRangeIsNotDrawn) {
  rv1::Chart chart = ChartById(FixtureReport(rv1::LANGUAGE_EN), "moderation_effect_1");
  chart.clear_x_reference_lines();
  chart.add_x_reference_lines(50.0);
  const std::string svg = RenderChartSvg(chart, rv1::LANGUAGE_EN);
  EXPECT_EQ(CountOf(svg, "stroke-dasharray=\"3 3\""), 0);
  EXPECT_EQ(svg.find("Johnson-Neyman"), std::string::npos);
}

TEST(CoefficientChart, ZeroLineStaysInsideWhenAllEstimatesArePositive) {
  rv1::Chart chart;
  chart.set_kind(rv1::CHART_KIND_COEFFICIENT);
  chart.add_categories("only");
  auto* s = chart.add_series();
  s->add_values(5);
  s->add_lower(4);
  s->add_upper(6);
  const std::string svg = RenderCoefficientChartSvg(chart, rv1::LANGUAGE_EN);
  EXPECT_NE(svg.find(">0<"), std::string::npos);  // the axis reaches zero
}

TEST(PathDiagram, DrawsOneDiagramPerMediatorWithLabelledPaths) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_EN);
  const rv1::Chart& chart = ChartById(report, "mediation_paths");
  const std::string svg = RenderChartSvg(chart, rv1::LANGUAGE_EN);
  EXPECT_EQ(CountOf(svg, "<svg"), 3);
  EXPECT_EQ(CountOf(svg, "empowerment</text>"), 3);  // X box (label may wrap)
  EXPECT_EQ(CountOf(svg, "<polygon"), 9);            // three arrowheads each
  EXPECT_NE(svg.find("a = 0.512***"), std::string::npos);
  EXPECT_NE(svg.find("b = 0.214***"), std::string::npos);
  EXPECT_NE(svg.find("c&#39; = 0.188**"), std::string::npos);
  EXPECT_NE(svg.find("total effect c = 0.298***; indirect effect a×b = 0.1096***"),
            std::string::npos);
  // E-service quality: a and b not significant -> dashed arrows.
  const size_t third = svg.rfind("<svg");
  EXPECT_GE(CountOf(svg.substr(third), "stroke-dasharray=\"5 4\""), 2);
}

TEST(PathDiagram, ChineseNoteUsesChineseWordsAndPunctuation) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_ZH);
  const std::string svg = RenderChartSvg(ChartById(report, "mediation_paths"), rv1::LANGUAGE_ZH);
  EXPECT_NE(svg.find("总效应 c = 0.298***；间接效应 a×b = 0.1096***"), std::string::npos);
  EXPECT_NE(svg.find("电子政务服务质量"), std::string::npos);
}

TEST(SignificanceStars, FollowsTheTenFiveOnePercentConvention) {
  EXPECT_EQ(stats::SignificanceStars(0.005), "***");
  EXPECT_EQ(stats::SignificanceStars(0.03), "**");
  EXPECT_EQ(stats::SignificanceStars(0.07), "*");
  EXPECT_EQ(stats::SignificanceStars(0.2), "");
  EXPECT_EQ(stats::SignificanceStars(kNaN), "");
}

}  // namespace
}  // namespace govmetrics::reporting

// The charts over a numeric x axis (ridgeline of densities, XY lines): SVG geometry, the
// data table behind them, and the PNG / PDF figures Word and PDF reports embed.
#include <cmath>
#include <regex>
#include <string>

#include "gtest/gtest.h"
#include "services/reporting/render/chart_data_table.h"
#include "services/reporting/render/chart_image.h"
#include "services/reporting/render/chart_scale.h"
#include "services/reporting/render/svg_charts.h"
#include "tests/render/report_fixture.h"
#include "tests/render/tag_balance.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::CheckTagBalance;
using testing::CountOf;
using testing::kNaN;

const std::regex kNonFinite("(^|[^A-Za-z])-?(nan|inf)([^A-Za-z]|$)", std::regex::icase);

// Three normal densities on one grid, the middle one with a missing point.
rv1::Chart Ridgeline() {
  rv1::Chart chart;
  chart.set_id("density_de");
  chart.set_title("Digital empowerment: kernel density by period");
  chart.set_kind(rv1::CHART_KIND_RIDGELINE);
  chart.set_x_label("Digital empowerment");
  for (int i = 0; i <= 40; ++i) {
    chart.add_x_values(0.05 * i);
    chart.add_categories(std::to_string(0.05 * i));
  }
  for (int t = 0; t < 3; ++t) {
    auto* s = chart.add_series();
    s->set_name(std::to_string(2015 + 3 * t));
    for (int i = 0; i <= 40; ++i) {
      const double z = (0.05 * i - (0.6 + 0.3 * t)) / 0.2;
      s->add_values(t == 1 && i == 20 ? kNaN : std::exp(-0.5 * z * z) / (0.2 * std::sqrt(2 * M_PI)));
    }
  }
  return chart;
}

// The y coordinate where the series' outline starts (its first point).
double FirstY(const std::string& svg, const std::string& series) {
  const size_t g = svg.find("data-series=\"" + series + "\"");
  const size_t d = svg.find("<path d=\"M", g);
  const size_t space = svg.find(' ', d + 10);
  return std::stod(svg.substr(space + 1, svg.find_first_of(" \"", space + 1) - space - 1));
}

TEST(RidgelineChart, StacksOneFilledCurvePerSeriesBottomToTop) {
  const rv1::Chart chart = Ridgeline();
  const std::string svg = RenderChartSvg(chart, rv1::LANGUAGE_EN);
  EXPECT_EQ(CheckTagBalance(svg), "");
  EXPECT_FALSE(std::regex_search(svg, kNonFinite));
  EXPECT_NE(svg.find("chart-ridgeline"), std::string::npos);
  EXPECT_EQ(CountOf(svg, "fill-opacity=\"0.35\""), 3);  // one fill per period
  // Series 0 sits lowest (largest y); each later period one band higher.
  EXPECT_GT(FirstY(svg, "2015"), FirstY(svg, "2018"));
  EXPECT_GT(FirstY(svg, "2018"), FirstY(svg, "2021"));
  for (const char* label : {">2015<", ">2018<", ">2021<", ">Digital empowerment<"}) {
    EXPECT_NE(svg.find(label), std::string::npos) << label;
  }
}

TEST(XyChart, DrawsEachSeriesOverTheNumericAxisWithALegend) {
  rv1::Chart chart;
  chart.set_kind(rv1::CHART_KIND_XY);
  chart.set_title("LR statistic");
  chart.set_y_label("LR");
  auto* lr = chart.add_series();
  lr->set_name("LR");
  auto* critical = chart.add_series();
  critical->set_name("95% critical value");
  for (int i = 0; i < 50; ++i) {
    chart.add_x_values(1.0 + 0.1 * i);
    lr->add_values(std::fabs(i - 20) * 0.8);
    critical->add_values(7.35);
  }
  const std::string svg = RenderChartSvg(chart, rv1::LANGUAGE_EN);
  EXPECT_EQ(CheckTagBalance(svg), "");
  EXPECT_EQ(CountOf(svg, "<path d=\"M"), 2);
  EXPECT_NE(svg.find(">95% critical value<"), std::string::npos);
  EXPECT_NE(svg.find("stroke-dasharray"), std::string::npos);  // the second series is dashed
}

TEST(NumericCharts, NoXValuesOrNoFiniteValuesGiveANoDataPanel) {
  for (auto kind : {rv1::CHART_KIND_RIDGELINE, rv1::CHART_KIND_XY}) {
    rv1::Chart chart;
    chart.set_kind(kind);
    chart.add_series()->add_values(1.0);
    EXPECT_NE(RenderChartSvg(chart, rv1::LANGUAGE_EN).find("No data to plot"), std::string::npos) << kind;
    chart.add_x_values(0.5);
    chart.mutable_series(0)->set_values(0, kNaN);
    EXPECT_NE(RenderChartSvg(chart, rv1::LANGUAGE_ZH).find("无可绘制的数据"), std::string::npos) << kind;
  }
}

TEST(RidgelineChart, DataTableHasARowPerGridPointAndAColumnPerPeriod) {
  const rv1::Chart chart = Ridgeline();
  const rv1::Table table = ChartDataTable(chart, rv1::LANGUAGE_EN);
  EXPECT_EQ(table.stub_header(), "Digital empowerment");
  ASSERT_EQ(table.columns_size(), 3);
  EXPECT_EQ(table.columns(2), "2021");
  ASSERT_EQ(table.rows_size(), chart.x_values_size());
  EXPECT_EQ(table.rows(12).cells(0).text(), FormatFixed(chart.series(0).values(12), 4));
}

TEST(RidgelineChart, IsDrawnAsPngAndPdfFigures) {
  const rv1::Chart chart = Ridgeline();
  const auto png = ChartImages(chart, rv1::LANGUAGE_ZH, ImageType::kPng);
  ASSERT_EQ(png.size(), 1u);
  EXPECT_EQ(png[0].bytes.substr(1, 3), "PNG");
  EXPECT_GT(png[0].height_px, 100);
  const auto pdf = ChartImages(chart, rv1::LANGUAGE_EN, ImageType::kPdf);
  ASSERT_EQ(pdf.size(), 1u);
  EXPECT_EQ(pdf[0].bytes.rfind("%PDF-", 0), 0u);
}

}  // namespace
}  // namespace govmetrics::reporting

// Charts drawn concurrently give the images of the one-at-a-time path, in order.
#include "services/reporting/render/chart_image.h"

#include <vector>

#include "gtest/gtest.h"
#include "tests/render/report_fixture.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using testing::FixtureReport;

TEST(ChartImagesConcurrently, SameImagesInTheSameOrderAsOneChartAtATime) {
  const rv1::Report report = FixtureReport(rv1::LANGUAGE_ZH);
  ASSERT_GE(report.charts_size(), 3);  // several charts, one of them a 3-panel path diagram
  std::vector<const rv1::Chart*> charts;
  for (const auto& chart : report.charts()) charts.push_back(&chart);
  const auto together = ChartImagesConcurrently(charts, rv1::LANGUAGE_ZH, ImageType::kPng);
  ASSERT_EQ(together.size(), charts.size());
  size_t panels = 0;
  for (size_t c = 0; c < charts.size(); ++c) {
    const auto alone = ChartImages(*charts[c], rv1::LANGUAGE_ZH, ImageType::kPng);
    ASSERT_EQ(together[c].size(), alone.size()) << "chart " << c;
    ASSERT_FALSE(alone.empty()) << "chart " << c;
    for (size_t p = 0; p < alone.size(); ++p) {
      EXPECT_EQ(together[c][p].bytes, alone[p].bytes) << "chart " << c << " panel " << p;
      EXPECT_EQ(together[c][p].width_px, alone[p].width_px);
    }
    panels += alone.size();
  }
  EXPECT_GT(panels, charts.size());  // the path diagram's panels were split and regrouped
}

TEST(ChartImagesConcurrently, NoChartsNoImages) {
  EXPECT_TRUE(ChartImagesConcurrently({}, rv1::LANGUAGE_EN, ImageType::kPng).empty());
}

}  // namespace
}  // namespace govmetrics::reporting

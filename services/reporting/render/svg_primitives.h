#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_SVG_PRIMITIVES_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_SVG_PRIMITIVES_H_

// SVG building blocks of the charts: text, lines, markers, legends, the "no data"
// panel, and the layout constants every chart shares (svg_charts.h).

#include <string>
#include <vector>

#include "govmetrics/reporting/v1/report.pb.h"
#include "services/reporting/render/chart_scale.h"

namespace govmetrics::reporting::svg {

inline constexpr double kWidth = 680;
inline constexpr double kTickFont = 12;
inline constexpr double kLabelFont = 13;
inline constexpr const char* kAxisColor = "#333333";
inline constexpr const char* kGridColor = "#e3e3e3";
inline constexpr int kMarkerShapes = 4;
inline constexpr double kLegendRow = 20;

// A coordinate with one decimal.
std::string N(double v);
// Series colour and dash pattern (they vary together, so series stay apart in greyscale).
std::string Color(int i);
const char* Dash(int i);

std::string OpenSvg(double width, double height, const std::string& title, const std::string& css_class);
std::string Text(double x, double y, const std::string& text, double size, const char* anchor,
                 const std::string& extra = "");
std::string Line(double x1, double y1, double x2, double y2, const std::string& stroke, double width,
                 const std::string& dash = "");
std::string Marker(int shape, double x, double y, const std::string& color, double r = 3.6);

// A panel that says there is nothing to draw: charts never fail.
std::string NoData(const reporting::v1::Chart& chart, reporting::v1::Language language);

struct LegendItem {
  std::string label;
  std::string color;
  std::string dash;
  int marker = -1;       // -1: none
  bool whisker = false;  // draw a CI whisker instead of a line
  bool line = true;
  bool bar = false;
};

// Rows needed for the legend laid out left to right within `width`.
int LegendRows(const std::vector<LegendItem>& items, double width);
std::string Legend(const std::vector<LegendItem>& items, double left, double top, double width);

// Width of the widest tick label of `scale`.
double MaxTickWidth(const NiceScale& scale);

}  // namespace govmetrics::reporting::svg

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_SVG_PRIMITIVES_H_

// The SVG building blocks shared by the chart renderers (svg_charts.cc,
// svg_numeric_charts.cc).
#include "services/reporting/render/svg_primitives.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting::svg {

namespace rv1 = govmetrics::reporting::v1;

// Dash patterns and marker shapes vary with the series so that lines stay apart in
// greyscale print and for readers who do not see the colours.
constexpr const char* kDashes[] = {"", "6 3", "2 3", "8 3 2 3", "4 2 4 2 1 2"};

std::string N(double v) { return absl::StrFormat("%.1f", v); }

std::string Color(int i) {
  const auto& palette = SeriesPalette();
  return palette[static_cast<size_t>(i) % palette.size()];
}

const char* Dash(int i) {
  return kDashes[static_cast<size_t>(i) % (sizeof(kDashes) / sizeof(kDashes[0]))];
}

std::string OpenSvg(double width, double height, const std::string& title,
                    const std::string& css_class) {
  return absl::StrCat("<svg class=\"", css_class, "\" width=\"", N(width), "\" height=\"",
                      N(height), "\" viewBox=\"0 0 ", N(width), " ", N(height),
                      "\" role=\"img\" aria-label=\"", HtmlEscape(title), "\"><title>",
                      HtmlEscape(title), "</title>\n");
}

std::string Text(double x, double y, const std::string& text, double size, const char* anchor,
                 const std::string& extra) {
  return absl::StrCat("<text x=\"", N(x), "\" y=\"", N(y), "\" font-size=\"", N(size),
                      "\" text-anchor=\"", anchor, "\"", extra.empty() ? "" : " ", extra, ">",
                      HtmlEscape(text), "</text>\n");
}

std::string Line(double x1, double y1, double x2, double y2, const std::string& stroke,
                 double width, const std::string& dash) {
  return absl::StrCat("<line x1=\"", N(x1), "\" y1=\"", N(y1), "\" x2=\"", N(x2), "\" y2=\"", N(y2),
                      "\" stroke=\"", stroke, "\" stroke-width=\"", N(width), "\"",
                      dash.empty() ? "" : absl::StrCat(" stroke-dasharray=\"", dash, "\""), "/>\n");
}

std::string Marker(int shape, double x, double y, const std::string& color, double r) {
  switch (shape % kMarkerShapes) {
    case 0:
      return absl::StrCat("<circle cx=\"", N(x), "\" cy=\"", N(y), "\" r=\"", N(r), "\" fill=\"",
                          color, "\"/>\n");
    case 1:
      return absl::StrCat("<rect x=\"", N(x - r), "\" y=\"", N(y - r), "\" width=\"", N(2 * r),
                          "\" height=\"", N(2 * r), "\" fill=\"", color, "\"/>\n");
    case 2:
      return absl::StrCat("<polygon points=\"", N(x), ",", N(y - r * 1.2), " ", N(x + r * 1.15),
                          ",", N(y + r * 0.9), " ", N(x - r * 1.15), ",", N(y + r * 0.9),
                          "\" fill=\"", color, "\"/>\n");
    default:
      return absl::StrCat("<polygon points=\"", N(x), ",", N(y - r * 1.3), " ", N(x + r * 1.3), ",",
                          N(y), " ", N(x), ",", N(y + r * 1.3), " ", N(x - r * 1.3), ",", N(y),
                          "\" fill=\"", color, "\"/>\n");
  }
}

// A panel that says there is nothing to draw: charts never fail.
std::string NoData(const rv1::Chart& chart, rv1::Language language) {
  const double height = 80;
  std::string svg = OpenSvg(kWidth, height, chart.title(), "chart chart-empty");
  svg += absl::StrCat("<rect x=\"0.5\" y=\"0.5\" width=\"", N(kWidth - 1), "\" height=\"",
                      N(height - 1), "\" fill=\"#fafafa\" stroke=\"#cccccc\"/>\n");
  svg += Text(kWidth / 2, height / 2 + 5, StringsFor(language).no_data, kLabelFont, "middle",
              "fill=\"#666666\"");
  svg += "</svg>\n";
  return svg;
}



namespace {

double LegendItemWidth(const LegendItem& item) {
  return 34 + ApproxTextWidth(item.label, kTickFont) + 18;
}

}  // namespace

// Rows needed for the legend laid out left to right within `width`.
int LegendRows(const std::vector<LegendItem>& items, double width) {
  if (items.empty()) return 0;
  int rows = 1;
  double x = 0;
  for (const auto& item : items) {
    const double w = LegendItemWidth(item);
    if (x > 0 && x + w > width) {
      ++rows;
      x = 0;
    }
    x += w;
  }
  return rows;
}

std::string Legend(const std::vector<LegendItem>& items, double left, double top, double width) {
  std::string svg = "<g class=\"legend\">\n";
  double x = 0;
  double y = top;
  for (const auto& item : items) {
    const double w = LegendItemWidth(item);
    if (x > 0 && x + w > width) {
      x = 0;
      y += kLegendRow;
    }
    const double cx = left + x;
    const double cy = y + kLegendRow / 2;
    if (item.bar) {
      svg += absl::StrCat("<rect x=\"", N(cx), "\" y=\"", N(cy - 5),
                          "\" width=\"26\" height=\"10\" fill=\"", item.color, "\"/>\n");
    } else if (item.whisker) {
      svg += Line(cx, cy, cx + 26, cy, item.color, 1.5);
      svg += Line(cx, cy - 4, cx, cy + 4, item.color, 1.5);
      svg += Line(cx + 26, cy - 4, cx + 26, cy + 4, item.color, 1.5);
    } else if (item.line) {
      svg += Line(cx, cy, cx + 26, cy, item.color, 2, item.dash);
    }
    if (item.marker >= 0) svg += Marker(item.marker, cx + 13, cy, item.color);
    svg += Text(cx + 32, cy + 4, item.label, kTickFont, "start");
    x += w;
  }
  svg += "</g>\n";
  return svg;
}

double MaxTickWidth(const NiceScale& scale) {
  double w = 0;
  for (double t : scale.ticks)
    w = std::max(w, ApproxTextWidth(FormatFixed(t, scale.decimals), kTickFont));
  return w;
}

}  // namespace govmetrics::reporting::svg

// Charts over a numeric x axis (Chart.x_values): the ridgeline of densities and the XY
// line chart. Like svg_charts.cc, pure functions of the Chart message that never fail.
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/render/chart_scale.h"
#include "services/reporting/render/svg_charts.h"
#include "services/reporting/render/svg_primitives.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;
using svg::Color;
using svg::Dash;
using svg::kAxisColor;
using svg::kGridColor;
using svg::kLabelFont;
using svg::kLegendRow;
using svg::kTickFont;
using svg::kWidth;
using svg::Line;
using svg::N;
using svg::Text;

struct Range {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void Add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  bool empty() const { return !(lo <= hi); }
};

Range XRange(const rv1::Chart& chart) {
  Range r;
  for (double x : chart.x_values()) r.Add(x);
  return r;
}

// The x axis under the plot: grid lines up to `top`, ticks and the axis label.
std::string XAxis(const NiceScale& scale, double left, double plot_w, double top, double bottom,
                  const std::string& label) {
  std::string out;
  for (double t : scale.ticks) {
    const double x = left + plot_w * (t - scale.min) / (scale.max - scale.min);
    out += Line(x, top, x, bottom, kGridColor, 1);
    out += Text(x, bottom + 18, FormatFixed(t, scale.decimals), kTickFont, "middle");
  }
  out += Line(left, bottom, left + plot_w, bottom, kAxisColor, 1);
  if (!label.empty()) out += Text(left + plot_w / 2, bottom + 38, label, kLabelFont, "middle");
  return out;
}

// "M x y L x y ..." over the finite points; a NaN lifts the pen.
template <typename XPos, typename YPos>
std::string PathData(const rv1::Chart& chart, const rv1::Series& s, XPos xpos, YPos ypos) {
  std::string d;
  bool pen_down = false;
  for (int i = 0; i < chart.x_values_size() && i < s.values_size(); ++i) {
    const double x = chart.x_values(i), v = s.values(i);
    if (!std::isfinite(x) || !std::isfinite(v)) {
      pen_down = false;
      continue;
    }
    absl::StrAppend(&d, pen_down ? " L" : (d.empty() ? "M" : " M"), N(xpos(x)), " ", N(ypos(v)));
    pen_down = true;
  }
  return d;
}

double LabelWidth(const rv1::Chart& chart) {
  double w = 0;
  for (const auto& s : chart.series()) w = std::max(w, ApproxTextWidth(s.name(), kTickFont));
  return w;
}

}  // namespace

// ---------------------------------------------------------------------------------
// Ridgeline: series 0 at the bottom, each next one a band higher; curves scaled by the
// largest value of any series, so heights compare across series; later (upper) ridges
// are drawn first, so each lower ridge's fill covers the one behind it.

std::string RenderRidgelineChartSvg(const rv1::Chart& chart, rv1::Language language) {
  const Range xr = XRange(chart);
  double peak = 0;
  for (const auto& s : chart.series()) {
    for (double v : s.values()) {
      if (std::isfinite(v)) peak = std::max(peak, v);
    }
  }
  const int n = chart.series_size();
  if (n == 0 || xr.empty() || !(peak > 0)) return svg::NoData(chart, language);
  const NiceScale scale = MakeNiceScale(xr.lo, xr.hi, 6);
  const double band = n > 12 ? 18 : 26;
  const double ridge = 3 * band;  // the tallest curve overlaps about two bands above it
  const double left = 16 + LabelWidth(chart);
  const double plot_w = kWidth - left - 20;
  const double top = 14;
  const double bottom = top + ridge + band * (n - 1);
  const double height = bottom + 26 + (chart.x_label().empty() ? 0 : 22) + 6;
  auto xpos = [&](double x) { return left + plot_w * (x - scale.min) / (scale.max - scale.min); };

  std::string out = svg::OpenSvg(kWidth, height, chart.title(), "chart chart-ridgeline");
  out += XAxis(scale, left, plot_w, top, bottom, chart.x_label());
  for (int k = n - 1; k >= 0; --k) {
    const auto& s = chart.series(k);
    const double base = bottom - band * k;
    auto ypos = [&](double v) { return base - ridge * std::max(v, 0.0) / peak; };
    const std::string d = PathData(chart, s, xpos, ypos);
    out += absl::StrCat("<g class=\"series\" data-series=\"", HtmlEscape(s.name()), "\">\n");
    if (!d.empty()) {
      // The fill closes the curve down to its baseline; the outline is drawn over it.
      out += absl::StrCat("<path d=\"", d, " L", N(xpos(xr.hi)), " ", N(base), " L", N(xpos(xr.lo)), " ",
                          N(base), " Z\" fill=\"", Color(k), "\" fill-opacity=\"0.35\" stroke=\"none\"/>\n");
      out += absl::StrCat("<path d=\"", d, "\" fill=\"none\" stroke=\"", Color(k), "\" stroke-width=\"1.6\"/>\n");
    }
    out += Line(left, base, left + plot_w, base, kGridColor, 1);
    out += Text(left - 6, base + 4, s.name(), kTickFont, "end");
    out += "</g>\n";
  }
  out += "</svg>\n";
  return out;
}

// ---------------------------------------------------------------------------------
// XY lines: every series over the numeric x axis, no markers (curves have many points).

std::string RenderXyChartSvg(const rv1::Chart& chart, rv1::Language language) {
  const Range xr = XRange(chart);
  Range yr;
  for (const auto& s : chart.series()) {
    for (int i = 0; i < s.values_size() && i < chart.x_values_size(); ++i) yr.Add(s.values(i));
  }
  if (xr.empty() || yr.empty()) return svg::NoData(chart, language);
  const NiceScale xs = MakeNiceScale(xr.lo, xr.hi, 6);
  const NiceScale ys = MakeNiceScale(yr.lo, yr.hi, 6);
  std::vector<svg::LegendItem> legend;
  for (int k = 0; k < chart.series_size(); ++k) legend.push_back({chart.series(k).name(), Color(k), Dash(k)});
  const bool has_y_label = !chart.y_label().empty();
  const double left = 12 + (has_y_label ? 22 : 0) + svg::MaxTickWidth(ys);
  const double plot_w = kWidth - left - 20;
  const double top = 14, plot_h = 250;
  const int legend_rows = chart.series_size() > 1 ? svg::LegendRows(legend, plot_w) : 0;
  const double x_label_h = chart.x_label().empty() ? 0 : 22;
  const double height = top + plot_h + 26 + x_label_h + (legend_rows > 0 ? 8 + legend_rows * kLegendRow : 0) + 6;
  auto xpos = [&](double x) { return left + plot_w * (x - xs.min) / (xs.max - xs.min); };
  auto ypos = [&](double v) { return top + plot_h * (ys.max - v) / (ys.max - ys.min); };

  std::string out = svg::OpenSvg(kWidth, height, chart.title(), "chart chart-xy");
  for (double t : ys.ticks) {
    out += Line(left, ypos(t), left + plot_w, ypos(t), kGridColor, 1);
    out += Text(left - 6, ypos(t) + 4, FormatFixed(t, ys.decimals), kTickFont, "end");
  }
  out += XAxis(xs, left, plot_w, top, top + plot_h, chart.x_label());
  out += Line(left, top, left, top + plot_h, kAxisColor, 1);
  if (has_y_label) {
    const double cy = top + plot_h / 2;
    out += Text(14, cy, chart.y_label(), kLabelFont, "middle", absl::StrCat("transform=\"rotate(-90 14 ", N(cy), ")\""));
  }
  for (int k = 0; k < chart.series_size(); ++k) {
    const std::string d = PathData(chart, chart.series(k), xpos, ypos);
    out += absl::StrCat("<g class=\"series\" data-series=\"", HtmlEscape(chart.series(k).name()), "\">\n");
    if (!d.empty()) {
      out += absl::StrCat("<path d=\"", d, "\" fill=\"none\" stroke=\"", Color(k), "\" stroke-width=\"2\"",
                          *Dash(k) ? absl::StrCat(" stroke-dasharray=\"", Dash(k), "\"") : "", "/>\n");
    }
    out += "</g>\n";
  }
  if (legend_rows > 0) out += svg::Legend(legend, left, top + plot_h + 26 + x_label_h + 4, plot_w);
  out += "</svg>\n";
  return out;
}

}  // namespace govmetrics::reporting

#include "services/reporting/render/svg_charts.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/stats/significance_stars.h"
#include "services/reporting/render/chart_scale.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/svg_primitives.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;
using svg::Color;
using svg::Dash;
using svg::kAxisColor;
using svg::kGridColor;
using svg::kLabelFont;
using svg::kLegendRow;
using svg::kMarkerShapes;
using svg::kTickFont;
using svg::kWidth;
using svg::Legend;
using svg::LegendItem;
using svg::LegendRows;
using svg::Line;
using svg::Marker;
using svg::MaxTickWidth;
using svg::N;
using svg::NoData;
using svg::OpenSvg;
using svg::Text;

// ---------------------------------------------------------------------------------
// Line chart: categories on x (evenly spaced), one polyline per series.

std::string RenderLineChartSvg(const rv1::Chart& chart, rv1::Language language) {
  const int n = chart.categories_size();
  double lo = std::numeric_limits<double>::infinity();
  double hi = -lo;
  for (const auto& s : chart.series()) {
    for (int i = 0; i < s.values_size() && i < n; ++i) {
      if (!std::isfinite(s.values(i))) continue;
      lo = std::min(lo, s.values(i));
      hi = std::max(hi, s.values(i));
    }
  }
  if (n == 0 || !std::isfinite(lo)) return NoData(chart, language);
  const NiceScale scale = MakeNiceScale(lo, hi, 6);

  std::vector<LegendItem> legend;
  for (int k = 0; k < chart.series_size(); ++k) {
    legend.push_back(
        {chart.series(k).name(), Color(k), Dash(k), k % kMarkerShapes, false, true, false});
  }
  const bool has_y_label = !chart.y_label().empty();
  const double left = 12 + (has_y_label ? 22 : 0) + MaxTickWidth(scale);
  const double right = 20;
  const double plot_w = kWidth - left - right;
  const double top = 14;
  const double plot_h = 250;
  const int legend_rows =
      chart.series_size() > 1 || (chart.series_size() == 1 && !chart.series(0).name().empty())
          ? LegendRows(legend, plot_w)
          : 0;
  const double x_label_h = chart.x_label().empty() ? 0 : 22;
  const double height =
      top + plot_h + 26 + x_label_h + (legend_rows > 0 ? 8 + legend_rows * kLegendRow : 0) + 6;

  const double pad = 18;
  auto xpos = [&](int i) {
    return n == 1 ? left + plot_w / 2 : left + pad + (plot_w - 2 * pad) * i / (n - 1);
  };
  auto ypos = [&](double v) { return top + plot_h * (scale.max - v) / (scale.max - scale.min); };

  std::string svg = OpenSvg(kWidth, height, chart.title(), "chart chart-line");
  // Grid and y ticks.
  for (double t : scale.ticks) {
    const double y = ypos(t);
    svg += Line(left, y, left + plot_w, y, kGridColor, 1);
    svg += Text(left - 6, y + 4, FormatFixed(t, scale.decimals), kTickFont, "end");
  }
  svg += Line(left, top + plot_h, left + plot_w, top + plot_h, kAxisColor, 1);
  svg += Line(left, top, left, top + plot_h, kAxisColor, 1);
  // X ticks: thin labels out when they would overlap.
  double widest = 0;
  for (const auto& c : chart.categories()) widest = std::max(widest, ApproxTextWidth(c, kTickFont));
  const double slot = n > 1 ? (plot_w - 2 * pad) / (n - 1) : plot_w;
  const int every = std::max(1, static_cast<int>(std::ceil((widest + 8) / std::max(slot, 1.0))));
  for (int i = 0; i < n; ++i) {
    const double x = xpos(i);
    svg += Line(x, top + plot_h, x, top + plot_h + 4, kAxisColor, 1);
    if (i % every == 0) svg += Text(x, top + plot_h + 18, chart.categories(i), kTickFont, "middle");
  }
  if (has_y_label) {
    const double cy = top + plot_h / 2;
    svg += Text(14, cy, chart.y_label(), kLabelFont, "middle",
                absl::StrCat("transform=\"rotate(-90 14 ", N(cy), ")\""));
  }
  if (!chart.x_label().empty()) {
    svg += Text(left + plot_w / 2, top + plot_h + 38, chart.x_label(), kLabelFont, "middle");
  }
  // Series: a NaN breaks the line, so a missing year never looks interpolated.
  for (int k = 0; k < chart.series_size(); ++k) {
    const auto& s = chart.series(k);
    std::string d;
    bool pen_down = false;
    std::string markers;
    for (int i = 0; i < n && i < s.values_size(); ++i) {
      const double v = s.values(i);
      if (!std::isfinite(v)) {
        pen_down = false;
        continue;
      }
      absl::StrAppend(&d, pen_down ? " L" : (d.empty() ? "M" : " M"), N(xpos(i)), " ", N(ypos(v)));
      pen_down = true;
      markers += Marker(k % kMarkerShapes, xpos(i), ypos(v), Color(k));
    }
    svg += absl::StrCat("<g class=\"series\" data-series=\"", HtmlEscape(s.name()), "\">\n");
    if (!d.empty()) {
      svg += absl::StrCat(
          "<path d=\"", d, "\" fill=\"none\" stroke=\"", Color(k), "\" stroke-width=\"2\"",
          *Dash(k) ? absl::StrCat(" stroke-dasharray=\"", Dash(k), "\"") : "", "/>\n");
    }
    svg += markers;
    svg += "</g>\n";
  }
  if (legend_rows > 0) svg += Legend(legend, left, top + plot_h + 26 + x_label_h + 4, plot_w);
  svg += "</svg>\n";
  return svg;
}

// ---------------------------------------------------------------------------------
// Horizontal bars: one row per category, grouped when there are several series.

std::string RenderBarChartSvg(const rv1::Chart& chart, rv1::Language language) {
  const int n = chart.categories_size();
  const int k_series = chart.series_size();
  double lo = 0;
  double hi = 0;
  bool any = false;
  for (const auto& s : chart.series()) {
    for (int i = 0; i < s.values_size() && i < n; ++i) {
      if (!std::isfinite(s.values(i))) continue;
      lo = std::min(lo, s.values(i));
      hi = std::max(hi, s.values(i));
      any = true;
    }
  }
  if (n == 0 || k_series == 0 || !any) return NoData(chart, language);
  const NiceScale scale = MakeNiceScale(lo, hi, 6);
  // About four significant digits, like the tables: 0.1432, 12.50, 1250.
  const double max_abs = std::max(std::fabs(lo), std::fabs(hi));
  const int value_decimals =
      max_abs > 0 ? std::clamp(3 - static_cast<int>(std::floor(std::log10(max_abs))), 0, 4) : 2;

  constexpr double kLabelMax = 230;
  std::vector<std::vector<std::string>> labels;
  bool two_lines = false;
  double label_w = 0;
  for (const auto& c : chart.categories()) {
    labels.push_back(WrapText(c, kLabelMax, kTickFont, 2));
    if (labels.back().size() > 1) two_lines = true;
    for (const auto& line : labels.back())
      label_w = std::max(label_w, ApproxTextWidth(line, kTickFont));
  }
  const double row_h = std::max(two_lines ? 32.0 : 24.0, 8.0 + 14.0 * k_series);
  const double bar_h = std::min(16.0, (row_h - 8) / k_series);
  const double left = 12 + label_w + 8;
  const double value_room =
      ApproxTextWidth(FormatFixed(-std::max(std::fabs(lo), std::fabs(hi)), value_decimals),
                      kTickFont) +
      10;
  const double right = 14 + value_room;
  const double plot_w = kWidth - left - right;
  const double top = 10;
  const double plot_h = row_h * n;
  std::vector<LegendItem> legend;
  if (k_series > 1) {
    for (int k = 0; k < k_series; ++k)
      legend.push_back({chart.series(k).name(), Color(k), "", -1, false, false, true});
  }
  const int legend_rows = LegendRows(legend, plot_w);
  const double x_label_h = chart.x_label().empty() ? 0 : 22;
  const double height =
      top + plot_h + 26 + x_label_h + (legend_rows > 0 ? 8 + legend_rows * kLegendRow : 0) + 6;
  auto xpos = [&](double v) { return left + plot_w * (v - scale.min) / (scale.max - scale.min); };

  std::string svg = OpenSvg(kWidth, height, chart.title(), "chart chart-bar");
  for (double t : scale.ticks) {
    const double x = xpos(t);
    svg += Line(x, top, x, top + plot_h, kGridColor, 1);
    svg += Text(x, top + plot_h + 18, FormatFixed(t, scale.decimals), kTickFont, "middle");
  }
  svg += Line(left, top + plot_h, left + plot_w, top + plot_h, kAxisColor, 1);
  for (int i = 0; i < n; ++i) {
    const double row_top = top + row_h * i;
    const auto& lines = labels[static_cast<size_t>(i)];
    const double first_y = row_top + row_h / 2 + 4 - (lines.size() - 1) * 7.0;
    for (size_t l = 0; l < lines.size(); ++l) {
      svg += Text(left - 8, first_y + 14.0 * l, lines[l], kTickFont, "end");
    }
    const double group_top = row_top + (row_h - bar_h * k_series) / 2;
    for (int k = 0; k < k_series; ++k) {
      const auto& s = chart.series(k);
      if (i >= s.values_size() || !std::isfinite(s.values(i))) continue;
      const double v = s.values(i);
      const double x0 = xpos(std::min(0.0, v));
      const double x1 = xpos(std::max(0.0, v));
      const double y = group_top + bar_h * k;
      svg += absl::StrCat("<rect x=\"", N(x0), "\" y=\"", N(y + 1), "\" width=\"",
                          N(std::max(x1 - x0, 0.5)), "\" height=\"", N(bar_h - 2), "\" fill=\"",
                          Color(k), "\"/>\n");
      const bool negative = v < 0;
      svg += Text(negative ? x0 - 4 : x1 + 4, y + bar_h / 2 + 4, FormatFixed(v, value_decimals), 11,
                  negative ? "end" : "start", "fill=\"#333333\"");
    }
  }
  if (scale.min < 0 && scale.max > 0)
    svg += Line(xpos(0), top, xpos(0), top + plot_h, kAxisColor, 1);
  else
    svg += Line(left, top, left, top + plot_h, kAxisColor, 1);
  if (!chart.x_label().empty())
    svg += Text(left + plot_w / 2, top + plot_h + 38, chart.x_label(), kLabelFont, "middle");
  if (legend_rows > 0) svg += Legend(legend, left, top + plot_h + 26 + x_label_h + 4, plot_w);
  svg += "</svg>\n";
  return svg;
}

// ---------------------------------------------------------------------------------
// Coefficient plot: one row per specification, point estimate with CI whiskers, a
// dashed zero line, and the estimate with stars printed at the right.

std::string RenderCoefficientChartSvg(const rv1::Chart& chart, rv1::Language language) {
  const RenderStrings& words = StringsFor(language);
  const int n = chart.categories_size();
  const int k_series = chart.series_size();
  double lo = 0;
  double hi = 0;
  bool any = false;
  for (const auto& s : chart.series()) {
    for (int i = 0; i < s.values_size() && i < n; ++i) {
      if (!std::isfinite(s.values(i))) continue;
      any = true;
      lo = std::min(lo, s.values(i));
      hi = std::max(hi, s.values(i));
      if (i < s.lower_size() && std::isfinite(s.lower(i))) lo = std::min(lo, s.lower(i));
      if (i < s.upper_size() && std::isfinite(s.upper(i))) hi = std::max(hi, s.upper(i));
    }
  }
  if (n == 0 || k_series == 0 || !any) return NoData(chart, language);
  const NiceScale scale = MakeNiceScale(lo, hi, 6);

  constexpr double kLabelMax = 210;
  std::vector<std::vector<std::string>> labels;
  double label_w = 0;
  bool two_lines = false;
  for (const auto& c : chart.categories()) {
    labels.push_back(WrapText(c, kLabelMax, kTickFont, 2));
    if (labels.back().size() > 1) two_lines = true;
    for (const auto& line : labels.back())
      label_w = std::max(label_w, ApproxTextWidth(line, kTickFont));
  }
  const double row_h = std::max(two_lines ? 34.0 : 26.0, 10.0 + 12.0 * k_series);
  const double left = 12 + label_w + 10;
  const double value_col = 92;
  const double right = 12 + value_col;
  const double plot_w = kWidth - left - right;
  const double top = 10;
  const double plot_h = row_h * n;
  std::vector<LegendItem> legend;
  if (k_series > 1) {
    for (int k = 0; k < k_series; ++k) {
      legend.push_back(
          {chart.series(k).name(), Color(k), "", k % kMarkerShapes, true, false, false});
    }
  } else {
    legend.push_back({words.estimate, Color(0), "", 0, false, false, false});
    legend.push_back({words.confidence_interval, Color(0), "", -1, true, false, false});
  }
  const int legend_rows = LegendRows(legend, plot_w + value_col);
  const double x_label_h = chart.x_label().empty() ? 0 : 22;
  const double height = top + plot_h + 26 + x_label_h + 8 + legend_rows * kLegendRow + 6;
  auto xpos = [&](double v) { return left + plot_w * (v - scale.min) / (scale.max - scale.min); };

  std::string svg = OpenSvg(kWidth, height, chart.title(), "chart chart-coefficient");
  for (double t : scale.ticks) {
    const double x = xpos(t);
    svg += Line(x, top, x, top + plot_h, kGridColor, 1);
    svg += Text(x, top + plot_h + 18, FormatFixed(t, scale.decimals), kTickFont, "middle");
  }
  // Alternate row shading helps the eye follow a row to its estimate.
  for (int i = 0; i < n; i += 2) {
    svg +=
        absl::StrCat("<rect x=\"", N(left), "\" y=\"", N(top + row_h * i), "\" width=\"", N(plot_w),
                     "\" height=\"", N(row_h), "\" fill=\"#000000\" fill-opacity=\"0.035\"/>\n");
  }
  svg += Line(left, top + plot_h, left + plot_w, top + plot_h, kAxisColor, 1);
  svg += Line(xpos(0), top, xpos(0), top + plot_h, "#7a7a7a", 1.2, "5 4");
  for (int i = 0; i < n; ++i) {
    const double row_top = top + row_h * i;
    const auto& lines = labels[static_cast<size_t>(i)];
    const double first_y = row_top + row_h / 2 + 4 - (lines.size() - 1) * 7.0;
    for (size_t l = 0; l < lines.size(); ++l)
      svg += Text(left - 10, first_y + 14.0 * l, lines[l], kTickFont, "end");
    for (int k = 0; k < k_series; ++k) {
      const auto& s = chart.series(k);
      if (i >= s.values_size() || !std::isfinite(s.values(i))) continue;
      const double y = row_top + row_h / 2 + (k - (k_series - 1) / 2.0) * 12.0;
      const std::string color = Color(k);
      const bool has_ci = i < s.lower_size() && i < s.upper_size() && std::isfinite(s.lower(i)) &&
                          std::isfinite(s.upper(i));
      if (has_ci) {
        svg += Line(xpos(s.lower(i)), y, xpos(s.upper(i)), y, color, 1.6);
        svg += Line(xpos(s.lower(i)), y - 4, xpos(s.lower(i)), y + 4, color, 1.6);
        svg += Line(xpos(s.upper(i)), y - 4, xpos(s.upper(i)), y + 4, color, 1.6);
      }
      svg += Marker(k % kMarkerShapes, xpos(s.values(i)), y, color, 4.2);
      const double p =
          i < s.p_values_size() ? s.p_values(i) : std::numeric_limits<double>::quiet_NaN();
      svg += Text(left + plot_w + 10, y + 4,
                  absl::StrCat(FormatFixed(s.values(i), 3), stats::SignificanceStars(p)), kTickFont, "start",
                  absl::StrCat("fill=\"", color == "#000000" ? "#000000" : "#222222", "\""));
    }
  }
  if (!chart.x_label().empty())
    svg += Text(left + plot_w / 2, top + plot_h + 38, chart.x_label(), kLabelFont, "middle");
  svg += Legend(legend, left, top + plot_h + 26 + x_label_h + 4, plot_w + value_col);
  svg += "</svg>\n";
  return svg;
}

// ---------------------------------------------------------------------------------
// Mediation path diagram for one mediator: X (bottom left) -> M (top) -> Y (bottom
// right), direct path X -> Y. Significant paths solid, others dashed grey.

namespace {

struct Box {
  double x, y, w, h;
  double cx() const { return x + w / 2; }
  double cy() const { return y + h / 2; }
};

// Point where the ray from the box centre towards (tx, ty) leaves the box.
void ExitPoint(const Box& b, double tx, double ty, double* ox, double* oy) {
  const double dx = tx - b.cx();
  const double dy = ty - b.cy();
  const double sx = dx == 0 ? 1e9 : (b.w / 2) / std::fabs(dx);
  const double sy = dy == 0 ? 1e9 : (b.h / 2) / std::fabs(dy);
  const double s = std::min(sx, sy);
  *ox = b.cx() + dx * s;
  *oy = b.cy() + dy * s;
}

std::string BoxSvg(const Box& b, const std::string& label, bool emphasised, double font) {
  std::string svg =
      absl::StrCat("<rect x=\"", N(b.x), "\" y=\"", N(b.y), "\" width=\"", N(b.w), "\" height=\"",
                   N(b.h), "\" rx=\"4\" fill=\"", emphasised ? "#eef5fb" : "#ffffff",
                   "\" stroke=\"#333333\" stroke-width=\"1.2\"/>\n");
  const auto lines = WrapText(label, b.w - 12, font, 2);
  const double first = b.cy() + font / 3 - (static_cast<double>(lines.size()) - 1) * (font + 3) / 2;
  for (size_t i = 0; i < lines.size(); ++i)
    svg += Text(b.cx(), first + (font + 3) * i, lines[i], font, "middle");
  return svg;
}

std::string Arrow(const Box& from, const Box& to, bool significant) {
  double x1, y1, x2, y2;
  ExitPoint(from, to.cx(), to.cy(), &x1, &y1);
  ExitPoint(to, from.cx(), from.cy(), &x2, &y2);
  const double len = std::hypot(x2 - x1, y2 - y1);
  const double ux = (x2 - x1) / len;
  const double uy = (y2 - y1) / len;
  const double head = 9;
  const double bx = x2 - ux * head;
  const double by = y2 - uy * head;
  const std::string color = significant ? "#222222" : "#8a8a8a";
  std::string svg = Line(x1, y1, bx, by, color, 1.5, significant ? "" : "5 4");
  svg += absl::StrCat("<polygon points=\"", N(x2), ",", N(y2), " ", N(bx - uy * 4.5), ",",
                      N(by + ux * 4.5), " ", N(bx + uy * 4.5), ",", N(by - ux * 4.5), "\" fill=\"",
                      color, "\"/>\n");
  return svg;
}

}  // namespace

std::string RenderPathDiagramSvg(const rv1::Chart& chart, const rv1::Series& series,
                                 rv1::Language language) {
  const RenderStrings& words = StringsFor(language);
  auto value = [&](int i) {
    return i < series.values_size() ? series.values(i) : std::numeric_limits<double>::quiet_NaN();
  };
  auto p = [&](int i) {
    return i < series.p_values_size() ? series.p_values(i)
                                      : std::numeric_limits<double>::quiet_NaN();
  };
  auto coef = [&](int i, int digits) {
    return absl::StrCat(FormatFixed(value(i), digits), stats::SignificanceStars(p(i)));
  };
  auto significant = [&](int i) {
    return std::isfinite(p(i)) ? p(i) < 0.1 : std::isfinite(value(i));
  };

  // Drawn at 460 units and shown about 400 px wide, two per row: 13-unit text stays
  // legible at that scale.
  constexpr double kFont = 13;
  const double width = 460;
  const double height = 222;
  const Box x_box{8, 122, 136, 52};
  const Box m_box{162, 12, 136, 52};
  const Box y_box{316, 122, 136, 52};
  const std::string x_label =
      chart.treatment_label().empty() ? words.treatment : chart.treatment_label();
  const std::string y_label = chart.outcome_label().empty() ? words.outcome : chart.outcome_label();
  const std::string m_label = series.name().empty() ? words.mediator : series.name();

  std::string svg =
      OpenSvg(width, height, absl::StrCat(chart.title(), ": ", m_label), "chart chart-path");
  svg += BoxSvg(x_box, x_label, false, kFont);
  svg += BoxSvg(m_box, m_label, true, kFont);
  svg += BoxSvg(y_box, y_label, false, kFont);
  svg += Arrow(x_box, m_box, significant(0));
  svg += Arrow(m_box, y_box, significant(1));
  svg += Arrow(x_box, y_box, significant(3));
  // Path labels sit outside the triangle, beside the middle of each arrow.
  svg += Text((x_box.cx() + m_box.x) / 2 - 6, (x_box.y + m_box.cy()) / 2,
              absl::StrCat("a = ", coef(0, 3)), kFont, "end", "font-style=\"italic\"");
  svg += Text((y_box.cx() + m_box.x + m_box.w) / 2 + 6, (y_box.y + m_box.cy()) / 2,
              absl::StrCat("b = ", coef(1, 3)), kFont, "start", "font-style=\"italic\"");
  svg += Text(width / 2, x_box.cy() - 8, absl::StrCat("c' = ", coef(3, 3)), kFont, "middle",
              "font-style=\"italic\"");
  const bool zh = language == rv1::LANGUAGE_ZH;
  const std::string note = absl::StrCat(words.total_effect, " c = ", coef(2, 3), zh ? "；" : "; ",
                                        words.indirect_effect, " a×b = ", coef(4, 4));
  svg += Text(width / 2, 204, note, kFont, "middle", "fill=\"#333333\"");
  svg += "</svg>\n";
  return svg;
}

// ---------------------------------------------------------------------------------
// Conditional effect: the effect of X across a numeric moderator (x at x_values), as a
// line with a shaded confidence band, a zero line, the simple slopes as points with
// whiskers, and dashed vertical lines at x_reference_lines (Johnson-Neyman bounds).

namespace {

struct EffectFrame {
  NiceScale xs, ys;
  double left = 0, top = 14, plot_w = 0, plot_h = 250;
  double X(double v) const { return left + plot_w * (v - xs.min) / (xs.max - xs.min); }
  double Y(double v) const { return top + plot_h * (ys.max - v) / (ys.max - ys.min); }
};

double SeriesAt(const google::protobuf::RepeatedField<double>& values, int i) {
  return i < values.size() ? values.Get(i) : std::numeric_limits<double>::quiet_NaN();
}

// The x and y ranges of everything drawn (zero included); false when nothing is finite.
bool EffectRanges(const rv1::Chart& chart, double* x_lo, double* x_hi, double* y_lo, double* y_hi) {
  *x_lo = *y_lo = std::numeric_limits<double>::infinity();
  *x_hi = *y_hi = -*x_lo;
  for (int i = 0; i < chart.x_values_size(); ++i) {
    for (const auto& s : chart.series()) {
      if (!std::isfinite(SeriesAt(s.values(), i)) || !std::isfinite(chart.x_values(i))) continue;
      *x_lo = std::min(*x_lo, chart.x_values(i));
      *x_hi = std::max(*x_hi, chart.x_values(i));
      for (double v : {SeriesAt(s.values(), i), SeriesAt(s.lower(), i), SeriesAt(s.upper(), i)}) {
        if (std::isfinite(v)) *y_lo = std::min(*y_lo, v), *y_hi = std::max(*y_hi, v);
      }
    }
  }
  *y_lo = std::min(*y_lo, 0.0);
  *y_hi = std::max(*y_hi, 0.0);
  return std::isfinite(*x_lo);
}

std::string EffectAxes(const rv1::Chart& chart, const EffectFrame& f) {
  std::string svg;
  for (double t : f.ys.ticks) {
    svg += Line(f.left, f.Y(t), f.left + f.plot_w, f.Y(t), kGridColor, 1);
    svg += Text(f.left - 6, f.Y(t) + 4, FormatFixed(t, f.ys.decimals), kTickFont, "end");
  }
  for (double t : f.xs.ticks) {
    svg += Line(f.X(t), f.top + f.plot_h, f.X(t), f.top + f.plot_h + 4, kAxisColor, 1);
    svg += Text(f.X(t), f.top + f.plot_h + 18, FormatFixed(t, f.xs.decimals), kTickFont, "middle");
  }
  svg += Line(f.left, f.top + f.plot_h, f.left + f.plot_w, f.top + f.plot_h, kAxisColor, 1);
  svg += Line(f.left, f.top, f.left, f.top + f.plot_h, kAxisColor, 1);
  svg += Line(f.left, f.Y(0), f.left + f.plot_w, f.Y(0), "#7a7a7a", 1.2, "5 4");
  if (!chart.y_label().empty()) {
    const double cy = f.top + f.plot_h / 2;
    svg += Text(14, cy, chart.y_label(), kLabelFont, "middle", absl::StrCat("transform=\"rotate(-90 14 ", N(cy), ")\""));
  }
  if (!chart.x_label().empty()) {
    svg += Text(f.left + f.plot_w / 2, f.top + f.plot_h + 38, chart.x_label(), kLabelFont, "middle");
  }
  return svg;
}

// Series 0: band (lower..upper) under the line; points where the value is NaN are skipped.
std::string EffectCurve(const rv1::Chart& chart, const EffectFrame& f) {
  const auto& s = chart.series(0);
  std::string line, upper, lower;
  for (int i = 0; i < chart.x_values_size(); ++i) {
    const double x = chart.x_values(i), v = SeriesAt(s.values(), i);
    if (!std::isfinite(x) || !std::isfinite(v)) continue;
    absl::StrAppend(&line, line.empty() ? "M" : " L", N(f.X(x)), " ", N(f.Y(v)));
    const double lo = SeriesAt(s.lower(), i), hi = SeriesAt(s.upper(), i);
    if (!std::isfinite(lo) || !std::isfinite(hi)) continue;
    absl::StrAppend(&upper, upper.empty() ? "M" : " L", N(f.X(x)), " ", N(f.Y(hi)));
    lower = absl::StrCat(" L", N(f.X(x)), " ", N(f.Y(lo)), lower);  // walked back
  }
  std::string svg = absl::StrCat("<g class=\"series\" data-series=\"", HtmlEscape(s.name()), "\">\n");
  if (!upper.empty()) {
    svg += absl::StrCat("<path class=\"band\" d=\"", upper, lower, " Z\" fill=\"", Color(0),
                        "\" fill-opacity=\"0.18\" stroke=\"none\"/>\n");
  }
  if (!line.empty()) svg += absl::StrCat("<path d=\"", line, "\" fill=\"none\" stroke=\"", Color(0), "\" stroke-width=\"2\"/>\n");
  return svg + "</g>\n";
}

// Series 1: the simple slopes as points with whiskers.
std::string EffectPoints(const rv1::Chart& chart, const EffectFrame& f) {
  if (chart.series_size() < 2) return "";
  const auto& s = chart.series(1);
  std::string svg = absl::StrCat("<g class=\"series\" data-series=\"", HtmlEscape(s.name()), "\">\n");
  for (int i = 0; i < chart.x_values_size(); ++i) {
    const double x = chart.x_values(i), v = SeriesAt(s.values(), i);
    if (!std::isfinite(x) || !std::isfinite(v)) continue;
    const double lo = SeriesAt(s.lower(), i), hi = SeriesAt(s.upper(), i);
    if (std::isfinite(lo) && std::isfinite(hi)) {
      svg += Line(f.X(x), f.Y(lo), f.X(x), f.Y(hi), Color(1), 1.6);
      svg += Line(f.X(x) - 4, f.Y(lo), f.X(x) + 4, f.Y(lo), Color(1), 1.6);
      svg += Line(f.X(x) - 4, f.Y(hi), f.X(x) + 4, f.Y(hi), Color(1), 1.6);
    }
    svg += Marker(1, f.X(x), f.Y(v), Color(1), 4.2);
  }
  return svg + "</g>\n";
}

}  // namespace

std::string RenderConditionalEffectSvg(const rv1::Chart& chart, rv1::Language language) {
  double x_lo, x_hi, y_lo, y_hi;
  if (chart.series_size() == 0 || !EffectRanges(chart, &x_lo, &x_hi, &y_lo, &y_hi)) return NoData(chart, language);
  EffectFrame f;
  f.xs = MakeNiceScale(x_lo, x_hi, 7);
  f.ys = MakeNiceScale(y_lo, y_hi, 6);
  f.left = 12 + (chart.y_label().empty() ? 0 : 22) + MaxTickWidth(f.ys);
  f.plot_w = kWidth - f.left - 20;
  bool has_lines = false;  // a bound outside the plotted range is neither drawn nor in the legend
  for (double x : chart.x_reference_lines()) has_lines = has_lines || (x >= f.xs.min && x <= f.xs.max);
  std::vector<LegendItem> legend = {{chart.series(0).name(), Color(0), "", -1, false, false, true}};
  if (chart.series_size() > 1) legend.push_back({chart.series(1).name(), Color(1), "", 1, true, false, false});
  if (has_lines) legend.push_back({StringsFor(language).johnson_neyman, kAxisColor, "3 3", -1, false, true, false});
  const double x_label_h = chart.x_label().empty() ? 0 : 22;
  const double legend_top = f.top + f.plot_h + 26 + x_label_h + 4;
  const double height = legend_top + LegendRows(legend, f.plot_w) * kLegendRow + 10;
  std::string svg = OpenSvg(kWidth, height, chart.title(), "chart chart-conditional-effect");
  svg += EffectAxes(chart, f);
  svg += EffectCurve(chart, f);
  for (double x : chart.x_reference_lines()) {
    if (std::isfinite(x) && x >= f.xs.min && x <= f.xs.max) {
      svg += Line(f.X(x), f.top, f.X(x), f.top + f.plot_h, kAxisColor, 1.2, "3 3");
    }
  }
  svg += EffectPoints(chart, f);
  svg += Legend(legend, f.left, legend_top, f.plot_w);
  svg += "</svg>\n";
  return svg;
}

std::string RenderChartSvg(const rv1::Chart& chart, rv1::Language language) {
  switch (chart.kind()) {
    case rv1::CHART_KIND_BAR:
      return RenderBarChartSvg(chart, language);
    case rv1::CHART_KIND_COEFFICIENT:
      return RenderCoefficientChartSvg(chart, language);
    case rv1::CHART_KIND_CONDITIONAL_EFFECT:
      return RenderConditionalEffectSvg(chart, language);
    case rv1::CHART_KIND_PATH: {
      if (chart.series_size() == 0) return NoData(chart, language);
      std::string out;
      for (const auto& s : chart.series()) out += RenderPathDiagramSvg(chart, s, language);
      return out;
    }
    case rv1::CHART_KIND_RIDGELINE:
      return RenderRidgelineChartSvg(chart, language);
    case rv1::CHART_KIND_XY:
      return RenderXyChartSvg(chart, language);
    case rv1::CHART_KIND_LINE:
    default:
      return RenderLineChartSvg(chart, language);
  }
}

}  // namespace govmetrics::reporting

#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_SCALE_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_SCALE_H_

// Axis scales for the SVG charts: "nice" tick values (1, 2, 2.5, 5 x 10^k steps) that
// cover the data, and the number formats that go with them.

#include <string>
#include <vector>

namespace govmetrics::reporting {

struct NiceScale {
  double min = 0;
  double max = 1;
  double step = 0.2;
  int decimals = 1;           // enough to tell the ticks apart
  std::vector<double> ticks;  // min, min + step, ..., max
};

// A scale covering [lo, hi] with about `target_ticks` ticks. Non-finite bounds, and bounds
// without a representable scale (a range overflowing near +-1e308, an empty range at a
// subnormal value), give [0, 1]; an empty range is widened around its value.
NiceScale MakeNiceScale(double lo, double hi, int target_ticks = 5);

// Fixed-point text with `decimals` digits; never prints "-0".
std::string FormatFixed(double value, int decimals);

// The colour-blind-safe palette (Okabe & Ito 2008), yellow last: it is faint on white.
const std::vector<std::string>& SeriesPalette();

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_SCALE_H_

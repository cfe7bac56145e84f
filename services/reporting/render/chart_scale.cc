#include "services/reporting/render/chart_scale.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_format.h"

namespace govmetrics::reporting {

NiceScale MakeNiceScale(double lo, double hi, int target_ticks) {
  NiceScale scale;
  if (!std::isfinite(lo) || !std::isfinite(hi)) {
    lo = 0;
    hi = 1;
  }
  if (lo > hi) std::swap(lo, hi);
  if (hi - lo < 1e-12 * std::max(1.0, std::fabs(hi))) {
    const double pad = lo == 0 ? 1.0 : std::fabs(lo) * 0.1;
    lo -= pad;
    hi += pad;
  }
  target_ticks = std::max(target_ticks, 2);
  const double raw = (hi - lo) / (target_ticks - 1);
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / magnitude;
  double nice = 10;
  for (double candidate : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (fraction <= candidate + 1e-9) {
      nice = candidate;
      break;
    }
  }
  scale.step = nice * magnitude;
  scale.min = std::floor(lo / scale.step + 1e-9) * scale.step;
  scale.max = std::ceil(hi / scale.step - 1e-9) * scale.step;
  // No usable nice scale: a range near +-1e308 overflows (step or max - min is inf), an
  // empty range at a subnormal value underflows (step 0 or subnormal). log10(step) below
  // would be +-inf, and converting that to int is undefined (found by fuzz_render_documents),
  // or need hundreds of decimals. Fall back to [0, 1] as for non-finite bounds.
  if (!(scale.step >= std::numeric_limits<double>::min()) || !std::isfinite(scale.step) ||
      !std::isfinite(scale.max - scale.min)) {
    return MakeNiceScale(0, 1, target_ticks);
  }
  // Digits needed to print the step exactly: 0.25 needs 2, 0.5 needs 1, 20 needs 0.
  scale.decimals = std::max(0, -static_cast<int>(std::floor(std::log10(scale.step) + 1e-9)));
  if (nice == 2.5 && scale.decimals >= 0 && magnitude < 10) scale.decimals += 1;
  const int count = static_cast<int>(std::llround((scale.max - scale.min) / scale.step));
  for (int i = 0; i <= count; ++i) {
    double tick = scale.min + i * scale.step;
    if (std::fabs(tick) < scale.step * 1e-9) tick = 0;
    scale.ticks.push_back(tick);
  }
  return scale;
}

std::string FormatFixed(double value, int decimals) {
  if (!std::isfinite(value)) return "–";
  std::string text = absl::StrFormat("%.*f", decimals, value);
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}

const std::vector<std::string>& SeriesPalette() {
  static const std::vector<std::string> kPalette = {"#0072B2", "#E69F00", "#009E73", "#D55E00",
                                                    "#CC79A7", "#56B4E9", "#000000", "#F0E442"};
  return kPalette;
}

}  // namespace govmetrics::reporting

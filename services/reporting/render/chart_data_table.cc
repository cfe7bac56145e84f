#include "services/reporting/render/chart_data_table.h"

#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/stats/significance_stars.h"
#include "services/reporting/render/chart_scale.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/svg_charts.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

namespace {

double At(const google::protobuf::RepeatedField<double>& values, int i) {
  return i < values.size() ? values.Get(i) : std::numeric_limits<double>::quiet_NaN();
}

rv1::Cell Text(const std::string& text) {
  rv1::Cell cell;
  cell.set_text(text);
  return cell;
}

}  // namespace

rv1::Table ChartDataTable(const rv1::Chart& chart, rv1::Language language) {
  const RenderStrings& words = StringsFor(language);
  rv1::Table table;
  table.set_id(chart.id());
  table.set_title(chart.title());
  if (chart.kind() == rv1::CHART_KIND_PATH) {
    table.set_stub_header(words.mediator);
    for (const auto& c : chart.categories()) table.add_columns(c);
    for (const auto& s : chart.series()) {
      auto* row = table.add_rows();
      row->set_label(s.name());
      row->set_kind(rv1::ROW_KIND_COEFFICIENT);
      for (int i = 0; i < chart.categories_size(); ++i) {
        *row->add_cells() = Text(absl::StrCat(FormatFixed(At(s.values(), i), i == 4 ? 4 : 3),
                                              stats::SignificanceStars(At(s.p_values(), i))));
      }
    }
    return table;
  }
  const bool with_interval =
      chart.kind() == rv1::CHART_KIND_COEFFICIENT || chart.kind() == rv1::CHART_KIND_CONDITIONAL_EFFECT;
  const bool x_axis_named =
      chart.kind() == rv1::CHART_KIND_LINE || chart.kind() == rv1::CHART_KIND_CONDITIONAL_EFFECT ||
      chart.kind() == rv1::CHART_KIND_RIDGELINE || chart.kind() == rv1::CHART_KIND_XY;
  table.set_stub_header(x_axis_named && !chart.x_label().empty() ? chart.x_label() : words.category);
  for (const auto& s : chart.series())
    table.add_columns(s.name().empty() ? words.estimate : s.name());
  for (int i = 0; i < chart.categories_size(); ++i) {
    auto* row = table.add_rows();
    row->set_label(chart.categories(i));
    for (const auto& s : chart.series()) {
      const double v = At(s.values(), i);
      if (with_interval && !std::isfinite(v)) {
        *row->add_cells() = Text("");  // a simple slope only at its own moderator values
      } else if (with_interval) {
        std::string text = absl::StrCat(FormatFixed(v, 3), stats::SignificanceStars(At(s.p_values(), i)));
        const double lo = At(s.lower(), i);
        const double hi = At(s.upper(), i);
        if (std::isfinite(lo) && std::isfinite(hi)) {
          absl::StrAppend(&text, " [", FormatFixed(lo, 3), ", ", FormatFixed(hi, 3), "]");
        }
        *row->add_cells() = Text(text);
      } else {
        *row->add_cells() = Text(FormatFixed(v, 4));
      }
    }
  }
  return table;
}

}  // namespace govmetrics::reporting

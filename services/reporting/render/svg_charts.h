#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_SVG_CHARTS_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_SVG_CHARTS_H_

// Charts as inline SVG for the HTML report: line chart (series over periods),
// horizontal bar chart (indicator weights), coefficient plot (estimates with CI
// whiskers and a zero line), conditional-effect plot (moderation), mediation path diagram (X -> M -> Y, one per mediator),
// ridgeline (densities stacked by period) and XY lines over a numeric x axis.
// Pure functions of the Chart message: no ids, no scripts, no external references, so
// any number of charts can sit in one page. NaN values are skipped, empty series give a
// "no data" panel; nothing here can fail.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

// One or more <svg> elements (path diagrams: one per mediator series).
std::string RenderChartSvg(const reporting::v1::Chart& chart, reporting::v1::Language language);

std::string RenderLineChartSvg(const reporting::v1::Chart& chart, reporting::v1::Language language);
std::string RenderBarChartSvg(const reporting::v1::Chart& chart, reporting::v1::Language language);
std::string RenderCoefficientChartSvg(const reporting::v1::Chart& chart,
                                      reporting::v1::Language language);
// The effect of X across a numeric moderator: line, confidence band, simple slopes,
// Johnson-Neyman bounds (CHART_KIND_CONDITIONAL_EFFECT).
std::string RenderConditionalEffectSvg(const reporting::v1::Chart& chart,
                                       reporting::v1::Language language);
// Over the numeric x axis Chart.x_values (svg_numeric_charts.cc).
std::string RenderRidgelineChartSvg(const reporting::v1::Chart& chart, reporting::v1::Language language);
std::string RenderXyChartSvg(const reporting::v1::Chart& chart, reporting::v1::Language language);
std::string RenderPathDiagramSvg(const reporting::v1::Chart& chart,
                                 const reporting::v1::Series& series,
                                 reporting::v1::Language language);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_SVG_CHARTS_H_

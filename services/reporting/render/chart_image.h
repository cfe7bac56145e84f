#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_IMAGE_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_IMAGE_H_

// Charts as image files for the documents that cannot hold SVG (Word, PDF through
// LaTeX). The picture is the HTML report's own SVG (svg_charts.h) rasterised or
// converted by librsvg + cairo, so every format draws the same chart from one
// definition rather than a second plotting implementation.

#include <string>
#include <vector>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

enum class ImageType { kPng, kPdf };

struct ChartImage {
  std::string bytes;     // a PNG or a one-page PDF
  double width_px = 0;   // size at 96 dpi, as the SVG lays the chart out
  double height_px = 0;
};

// One image per panel: a path diagram gives one per mediator, other charts one. PNGs
// are drawn at twice the layout size, so they stay sharp when printed. A panel librsvg
// cannot draw is left out (never expected: the SVG is ours).
std::vector<ChartImage> ChartImages(const reporting::v1::Chart& chart,
                                    reporting::v1::Language language, ImageType type);

// ChartImages of several charts (the result in the same order), their panels drawn on
// up to ChartRenderThreads() threads at once: a Word report of the demo study has 16
// chart panels to rasterise, each independent of the others. The same charts give the
// same images whatever the thread count or timing.
std::vector<std::vector<ChartImage>> ChartImagesConcurrently(
    const std::vector<const reporting::v1::Chart*>& charts, reporting::v1::Language language,
    ImageType type);

// The machine's hardware threads, at most 4 (a report has tens of charts, not hundreds).
int ChartRenderThreads();

// The chart's panels as standalone SVG documents (namespace and fonts declared).
std::vector<std::string> ChartSvgDocuments(const reporting::v1::Chart& chart,
                                           reporting::v1::Language language);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_IMAGE_H_

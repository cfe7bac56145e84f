#include "services/reporting/render/chart_image.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <librsvg/rsvg.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/stats/bootstrap_runner.h"
#include "services/reporting/render/png_encoder.h"
#include "services/reporting/render/raster_buffer.h"
#include "services/reporting/render/svg_charts.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

// Inline SVG in HTML inherits its namespace and fonts from the page (CSS); a standalone
// document must declare both. Latin faces first, then CJK faces for Chinese labels
// (fontconfig falls back glyph by glyph), as the HTML report's chart CSS.
constexpr const char* kSvgRootAttributes =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" font-family=\"DejaVu Sans, Noto Sans, "
    "Liberation Sans, Noto Sans CJK SC, WenQuanYi Micro Hei, Droid Sans Fallback, sans-serif\" ";

std::string Standalone(const std::string& svg) {
  const size_t open = svg.find("<svg ");
  if (open == std::string::npos) return svg;
  return absl::StrCat(svg.substr(0, open), kSvgRootAttributes, svg.substr(open + 5));
}

cairo_status_t AppendToString(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

struct GObjectUnref {
  void operator()(RsvgHandle* handle) const { g_object_unref(handle); }
};
struct SurfaceDestroy {
  void operator()(cairo_surface_t* surface) const { cairo_surface_destroy(surface); }
};
struct ContextDestroy {
  void operator()(cairo_t* cr) const { cairo_destroy(cr); }
};

// The whole SVG document into `surface`, `scale` device units per SVG pixel.
bool Draw(RsvgHandle* handle, double scale, double w, double h, cairo_surface_t* surface) {
  std::unique_ptr<cairo_t, ContextDestroy> cr(cairo_create(surface));
  cairo_scale(cr.get(), scale, scale);
  RsvgRectangle viewport = {0, 0, w, h};
  GError* error = nullptr;
  const bool drawn = rsvg_handle_render_document(handle, cr.get(), &viewport, &error);
  if (error != nullptr) g_error_free(error);
  return drawn && cairo_status(cr.get()) == CAIRO_STATUS_SUCCESS;
}

// What one drawing thread reuses from panel to panel: the PNG encoder's compressor and
// output buffer, and the raster's memory (raster_buffer.h). A new cairo image surface
// per panel was zero-filled by the kernel page by page and then painted white.
struct RasterScratch {
  OpaquePngEncoder png;
  RasterBuffer pixels;
};

// The SVG at 96 dpi in a PDF page: 72 points per inch, so the drawing is scaled by 0.75.
bool DrawPdf(RsvgHandle* handle, double w, double h, ChartImage* image) {
  std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
      cairo_pdf_surface_create_for_stream(AppendToString, &image->bytes, w * 0.75, h * 0.75));
  // cairo stamps the current time otherwise; the same report must be the same bytes
  // (the date the Word, Excel and PDF documents carry).
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_CREATE_DATE, "2000-01-01T00:00:00Z");
  cairo_pdf_surface_set_metadata(surface.get(), CAIRO_PDF_METADATA_MOD_DATE, "2000-01-01T00:00:00Z");
  if (!Draw(handle, 0.75, w, h, surface.get())) return false;
  cairo_surface_finish(surface.get());  // a PDF is written out when the surface finishes
  return cairo_surface_status(surface.get()) == CAIRO_STATUS_SUCCESS;
}

// Twice the layout size in device pixels, so the PNG stays sharp when printed, on an
// opaque white ground: Word shows transparency as the page, viewers as black. Every
// byte 0xFF is opaque white in cairo's premultiplied ARGB32: the pixels that painting
// white over a new (transparent) surface gave.
bool DrawPng(RsvgHandle* handle, double w, double h, RasterScratch& scratch, ChartImage* image) {
  const int width = static_cast<int>(w * 2 + 0.5);
  const int height = static_cast<int>(h * 2 + 0.5);
  const int stride = cairo_format_stride_for_width(CAIRO_FORMAT_ARGB32, width);
  if (stride <= 0) return false;
  const size_t size = static_cast<size_t>(stride) * static_cast<size_t>(height);
  unsigned char* pixels = scratch.pixels.Reserve(size);
  if (pixels == nullptr) return false;
  std::memset(pixels, 0xFF, size);
  {
    std::unique_ptr<cairo_surface_t, SurfaceDestroy> surface(
        cairo_image_surface_create_for_data(pixels, CAIRO_FORMAT_ARGB32, width, height, stride));
    if (!Draw(handle, 2.0, w, h, surface.get())) return false;
    cairo_surface_finish(surface.get());  // cairo is done with the pixels before they are encoded over
  }
  image->bytes = scratch.png.EncodeInPlace(pixels, width, height, stride);
  return !image->bytes.empty();
}

bool RenderPanel(const std::string& svg, ImageType type, RasterScratch& scratch, ChartImage* image) {
  GError* error = nullptr;
  std::unique_ptr<RsvgHandle, GObjectUnref> handle(rsvg_handle_new_from_data(
      reinterpret_cast<const guint8*>(svg.data()), svg.size(), &error));
  if (handle == nullptr) {
    if (error != nullptr) g_error_free(error);
    return false;
  }
  rsvg_handle_set_dpi(handle.get(), 96);
  double w = 0, h = 0;
  if (!rsvg_handle_get_intrinsic_size_in_pixels(handle.get(), &w, &h) || w <= 0 || h <= 0) return false;
  const bool drawn = type == ImageType::kPdf ? DrawPdf(handle.get(), w, h, image)
                                             : DrawPng(handle.get(), w, h, scratch, image);
  image->width_px = w;
  image->height_px = h;
  return drawn && !image->bytes.empty();
}

}  // namespace

std::vector<std::string> ChartSvgDocuments(const rv1::Chart& chart, rv1::Language language) {
  std::vector<std::string> panels;
  if (chart.kind() == rv1::CHART_KIND_PATH && chart.series_size() > 0) {
    for (const auto& series : chart.series()) {
      panels.push_back(Standalone(RenderPathDiagramSvg(chart, series, language)));
    }
  } else {
    panels.push_back(Standalone(RenderChartSvg(chart, language)));
  }
  return panels;
}

std::vector<ChartImage> ChartImages(const rv1::Chart& chart, rv1::Language language, ImageType type) {
  return ChartImagesConcurrently({&chart}, language, type).front();
}

int ChartRenderThreads() {
  return static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1u, 4u));
}

std::vector<std::vector<ChartImage>> ChartImagesConcurrently(const std::vector<const rv1::Chart*>& charts,
                                                             rv1::Language language, ImageType type) {
  struct Panel {
    size_t chart;
    std::string svg;
    std::optional<ChartImage> image;  // empty when librsvg could not draw it
  };
  std::vector<Panel> panels;
  for (size_t c = 0; c < charts.size(); ++c) {
    for (std::string& svg : ChartSvgDocuments(*charts[c], language)) panels.push_back({c, std::move(svg), {}});
  }
  // Each panel writes only its own slot, so which thread draws which panel cannot change
  // the result. RunReplicates is the bounded atomic-counter pool the resampling uses;
  // with no stop callback it always runs every index (its status is always OK).
  const int threads = ChartRenderThreads();
  std::vector<RasterScratch> scratch(static_cast<size_t>(threads));
  (void)stats::RunReplicates(static_cast<int64_t>(panels.size()), threads, nullptr,
                             [&panels, &scratch, type](int64_t r, int worker) {
                               ChartImage image;
                               if (RenderPanel(panels[r].svg, type, scratch[worker], &image)) {
                                 panels[r].image = std::move(image);
                               }
                             });
  std::vector<std::vector<ChartImage>> images(charts.size());
  for (Panel& panel : panels) {
    if (panel.image.has_value()) images[panel.chart].push_back(*std::move(panel.image));
  }
  return images;
}

}  // namespace govmetrics::reporting

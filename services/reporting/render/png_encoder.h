#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_PNG_ENCODER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_PNG_ENCODER_H_

// PNG files of opaque chart rasters, written here rather than by cairo's
// cairo_surface_write_to_png_stream: that one runs libpng's adaptive filter search
// (five filters tried on every row) and zlib at level 6, which took most of the Word
// report's time (perf on the demo study: libz + libpng ~60% of the reporting
// process). Charts are flat colour areas, thin lines and text on white, so filter
// "None" with libdeflate's level 4 is both faster and smaller than that (the demo
// study's 16 charts: 1.14 MB against 1.30 MB). The bytes depend only on the pixels
// (fixed filter, level and chunk layout; no time stamp), so the same report gives the
// same file.

#include <cstddef>
#include <memory>
#include <string>

struct libdeflate_compressor;

namespace govmetrics::reporting {

// Writes PNGs one after another, keeping its compressor and its output buffer from one
// image to the next (one encoder per thread).
class OpaquePngEncoder {
 public:
  OpaquePngEncoder();
  ~OpaquePngEncoder();
  OpaquePngEncoder(const OpaquePngEncoder&) = delete;
  OpaquePngEncoder& operator=(const OpaquePngEncoder&) = delete;

  // An 8-bit RGB PNG of `width` x `height` pixels read from cairo's CAIRO_FORMAT_ARGB32
  // layout (native-endian 32-bit 0xAARRGGBB words, `stride` >= 4 * width bytes per
  // row). The alpha channel is dropped: callers paint an opaque background first. The
  // PNG's scanlines (3 bytes a pixel) are written over the pixels, which are lost: a
  // second buffer as large was one more chart-sized area of memory to fault in and
  // stream through per chart. Empty on a size of 0.
  std::string EncodeInPlace(unsigned char* argb32, int width, int height, int stride);

 private:
  struct CompressorFree {
    void operator()(libdeflate_compressor* compressor) const;
  };
  std::unique_ptr<libdeflate_compressor, CompressorFree> compressor_;
  std::unique_ptr<unsigned char[]> stream_;  // uninitialised: written before it is read
  size_t stream_capacity_ = 0;
};

// One image, its pixels left as they are (copied first).
std::string EncodeOpaquePng(const unsigned char* argb32, int width, int height, int stride);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_PNG_ENCODER_H_

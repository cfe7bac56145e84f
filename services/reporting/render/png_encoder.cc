#include "services/reporting/render/png_encoder.h"

#include <libdeflate.h>

#include <cstring>
#include <memory>

namespace govmetrics::reporting {
namespace {

// libdeflate's levels 2-4 are its fast greedy/lazy ones; 4 compressed the demo
// study's charts smallest among them at the same speed.
constexpr int kCompressionLevel = 4;
constexpr unsigned char kFilterNone = 0;

void AppendBigEndian32(uint32_t value, std::string* out) {
  const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                         static_cast<char>(value >> 8), static_cast<char>(value)};
  out->append(bytes, 4);
}

// length, type, data, CRC-32 of type + data (PNG specification, section 5.3).
void AppendChunk(const char type[4], const std::string& data, std::string* out) {
  AppendBigEndian32(static_cast<uint32_t>(data.size()), out);
  const size_t type_at = out->size();
  out->append(type, 4);
  out->append(data);
  const uint32_t crc = libdeflate_crc32(0, out->data() + type_at, data.size() + 4);
  AppendBigEndian32(crc, out);
}

std::string HeaderChunkData(int width, int height) {
  std::string data;
  AppendBigEndian32(static_cast<uint32_t>(width), &data);
  AppendBigEndian32(static_cast<uint32_t>(height), &data);
  // bit depth 8, colour type 2 (RGB), deflate, adaptive filtering method 0, no interlace
  data += std::string("\x08\x02\x00\x00\x00", 5);
  return data;
}

// A buffer of `size` bytes left uninitialised: the scanlines and the compressed stream
// are written in full (or cut to what was written), so zero-filling them first only
// cost time. Zero-filled, the compressor's output buffer (sized for the worst case,
// about the raw size, while a chart compresses ~50x) was the Word report's largest
// cost after drawing: every page of it faulted in and cleared (perf: memset + page
// faults ~25% of the reporting process in the demo study).
struct Buffer {
  explicit Buffer(size_t n) : bytes(new unsigned char[n]), size(n) {}
  std::unique_ptr<unsigned char[]> bytes;
  size_t size;
};

// Each scanline: its filter type byte, then R, G, B per pixel.
Buffer Scanlines(const unsigned char* argb32, int width, int height, int stride) {
  const size_t row_bytes = 1 + 3 * static_cast<size_t>(width);
  Buffer raw(row_bytes * height);
  for (int y = 0; y < height; ++y) {
    unsigned char* out = raw.bytes.get() + row_bytes * y;
    *out++ = kFilterNone;
    const unsigned char* row = argb32 + static_cast<size_t>(stride) * y;
    for (int x = 0; x < width; ++x) {
      uint32_t pixel;
      std::memcpy(&pixel, row + 4 * static_cast<size_t>(x), 4);
      *out++ = static_cast<unsigned char>(pixel >> 16);
      *out++ = static_cast<unsigned char>(pixel >> 8);
      *out++ = static_cast<unsigned char>(pixel);
    }
  }
  return raw;
}

struct CompressorFree {
  void operator()(libdeflate_compressor* compressor) const { libdeflate_free_compressor(compressor); }
};

std::string ZlibStream(const Buffer& raw) {
  std::unique_ptr<libdeflate_compressor, CompressorFree> compressor(
      libdeflate_alloc_compressor(kCompressionLevel));
  if (compressor == nullptr) return "";
  Buffer stream(libdeflate_zlib_compress_bound(compressor.get(), raw.size));
  const size_t size =
      libdeflate_zlib_compress(compressor.get(), raw.bytes.get(), raw.size, stream.bytes.get(), stream.size);
  return std::string(reinterpret_cast<const char*>(stream.bytes.get()), size);
}

}  // namespace

std::string EncodeOpaquePng(const unsigned char* argb32, int width, int height, int stride) {
  if (width <= 0 || height <= 0) return "";
  const std::string compressed = ZlibStream(Scanlines(argb32, width, height, stride));
  if (compressed.empty()) return "";
  std::string png("\x89PNG\r\n\x1a\n", 8);
  AppendChunk("IHDR", HeaderChunkData(width, height), &png);
  AppendChunk("IDAT", compressed, &png);
  AppendChunk("IEND", "", &png);
  return png;
}

}  // namespace govmetrics::reporting

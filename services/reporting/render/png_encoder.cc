#include "services/reporting/render/png_encoder.h"

#include <libdeflate.h>

#include <cstdint>
#include <cstring>
#include <vector>

namespace govmetrics::reporting {
namespace {

// libdeflate's levels 2-4 are its fast greedy/lazy ones; 4 compressed the demo
// study's charts smallest among them at the same speed (level 1 took twice as long
// on these long runs of white, levels 5-6 10-15% longer for 4% fewer bytes).
constexpr int kCompressionLevel = 4;
constexpr unsigned char kFilterNone = 0;

void AppendBigEndian32(uint32_t value, std::string* out) {
  const char bytes[4] = {static_cast<char>(value >> 24), static_cast<char>(value >> 16),
                         static_cast<char>(value >> 8), static_cast<char>(value)};
  out->append(bytes, 4);
}

// length, type, data, CRC-32 of type + data (PNG specification, section 5.3).
void AppendChunk(const char type[4], const unsigned char* data, size_t size, std::string* out) {
  AppendBigEndian32(static_cast<uint32_t>(size), out);
  const size_t type_at = out->size();
  out->append(type, 4);
  out->append(reinterpret_cast<const char*>(data), size);
  const uint32_t crc = libdeflate_crc32(0, out->data() + type_at, size + 4);
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

// Row `y`'s pixels as a scanline: filter byte, then R, G, B per pixel, written at
// y * (1 + 3 * width), over the raster itself. That is never past the pixels still to
// be read (stride >= 4 * width > 3 * width + 1 when width > 1; width 1 writes no
// further than it reads): each pixel is read before its bytes are written, and the
// filter byte, which for row 0 is pixel 0's first byte, is written last.
void ScanlineInPlace(unsigned char* argb32, int width, int stride, int y) {
  const unsigned char* in = argb32 + static_cast<size_t>(stride) * y;
  unsigned char* row = argb32 + (1 + 3 * static_cast<size_t>(width)) * y;
  unsigned char* out = row + 1;
  for (int x = 0; x < width; ++x) {
    uint32_t pixel;
    std::memcpy(&pixel, in + 4 * static_cast<size_t>(x), 4);
    *out++ = static_cast<unsigned char>(pixel >> 16);
    *out++ = static_cast<unsigned char>(pixel >> 8);
    *out++ = static_cast<unsigned char>(pixel);
  }
  row[0] = kFilterNone;
}

}  // namespace

void OpaquePngEncoder::CompressorFree::operator()(libdeflate_compressor* compressor) const {
  libdeflate_free_compressor(compressor);
}

OpaquePngEncoder::OpaquePngEncoder() : compressor_(libdeflate_alloc_compressor(kCompressionLevel)) {}
OpaquePngEncoder::~OpaquePngEncoder() = default;

std::string OpaquePngEncoder::EncodeInPlace(unsigned char* argb32, int width, int height, int stride) {
  if (width <= 0 || height <= 0 || stride < 4 * width || compressor_ == nullptr) return "";
  for (int y = 0; y < height; ++y) ScanlineInPlace(argb32, width, stride, y);
  const size_t raw = (1 + 3 * static_cast<size_t>(width)) * height;
  const size_t bound = libdeflate_zlib_compress_bound(compressor_.get(), raw);
  if (bound > stream_capacity_) {
    stream_.reset(new unsigned char[bound]);
    stream_capacity_ = bound;
  }
  const size_t size = libdeflate_zlib_compress(compressor_.get(), argb32, raw, stream_.get(), bound);
  if (size == 0) return "";
  std::string png("\x89PNG\r\n\x1a\n", 8);
  png.reserve(8 + 25 + (12 + size) + 12);
  const std::string header = HeaderChunkData(width, height);
  AppendChunk("IHDR", reinterpret_cast<const unsigned char*>(header.data()), header.size(), &png);
  AppendChunk("IDAT", stream_.get(), size, &png);
  AppendChunk("IEND", stream_.get(), 0, &png);  // no data
  return png;
}

std::string EncodeOpaquePng(const unsigned char* argb32, int width, int height, int stride) {
  if (width <= 0 || height <= 0) return "";
  std::vector<unsigned char> pixels(argb32, argb32 + static_cast<size_t>(stride) * height);
  return OpaquePngEncoder().EncodeInPlace(pixels.data(), width, height, stride);
}

}  // namespace govmetrics::reporting

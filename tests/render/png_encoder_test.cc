// The chart PNG writer, read back by libpng (an independent decoder that checks the
// signature, every chunk's CRC and the zlib stream).
#include "services/reporting/render/png_encoder.h"

#include <png.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <tuple>
#include <vector>

#include "gtest/gtest.h"

namespace govmetrics::reporting {
namespace {

// A cairo-ARGB32-laid-out test picture: a colour gradient with a padded stride.
struct Argb32Image {
  int width = 0;
  int height = 0;
  int stride = 0;
  std::vector<unsigned char> data;
};

uint32_t PixelAt(int x, int y) {
  return 0xff000000u | (static_cast<uint32_t>(x * 7 % 256) << 16) | (static_cast<uint32_t>(y * 13 % 256) << 8) |
         static_cast<uint32_t>((x + y) % 256);
}

Argb32Image Gradient(int width, int height) {
  Argb32Image image{width, height, width * 4 + 12, {}};
  image.data.assign(static_cast<size_t>(image.stride) * height, 0xAB);  // padding bytes must be ignored
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const uint32_t pixel = PixelAt(x, y);
      std::memcpy(image.data.data() + static_cast<size_t>(y) * image.stride + 4 * x, &pixel, 4);
    }
  }
  return image;
}

TEST(PngEncoder, LibpngReadsBackTheExactRgbPixels) {
  const Argb32Image image = Gradient(37, 21);
  const std::string png = EncodeOpaquePng(image.data.data(), image.width, image.height, image.stride);
  png_image decoded;
  std::memset(&decoded, 0, sizeof decoded);
  decoded.version = PNG_IMAGE_VERSION;
  ASSERT_TRUE(png_image_begin_read_from_memory(&decoded, png.data(), png.size())) << decoded.message;
  EXPECT_EQ(decoded.width, 37u);
  EXPECT_EQ(decoded.height, 21u);
  EXPECT_EQ(decoded.format & PNG_FORMAT_FLAG_ALPHA, 0u);  // written as RGB
  decoded.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> rgb(PNG_IMAGE_SIZE(decoded));
  ASSERT_TRUE(png_image_finish_read(&decoded, nullptr, rgb.data(), 0, nullptr)) << decoded.message;
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) {
      const uint32_t expected = PixelAt(x, y);
      const unsigned char* got = rgb.data() + 3 * (y * image.width + x);
      ASSERT_EQ(got[0], (expected >> 16) & 0xff) << x << "," << y;
      ASSERT_EQ(got[1], (expected >> 8) & 0xff) << x << "," << y;
      ASSERT_EQ(got[2], expected & 0xff) << x << "," << y;
    }
  }
}

TEST(PngEncoder, SamePixelsGiveTheSameBytes) {
  const Argb32Image image = Gradient(64, 48);
  EXPECT_EQ(EncodeOpaquePng(image.data.data(), 64, 48, image.stride),
            EncodeOpaquePng(image.data.data(), 64, 48, image.stride));
}

TEST(PngEncoder, EmptyImageGivesNoFile) {
  EXPECT_TRUE(EncodeOpaquePng(nullptr, 0, 10, 0).empty());
  EXPECT_TRUE(EncodeOpaquePng(nullptr, 10, 0, 40).empty());
}

// Decoded RGB bytes of a PNG (libpng), or empty when libpng rejects it.
std::vector<unsigned char> DecodeRgb(const std::string& png, unsigned* width, unsigned* height) {
  png_image decoded;
  std::memset(&decoded, 0, sizeof decoded);
  decoded.version = PNG_IMAGE_VERSION;
  if (!png_image_begin_read_from_memory(&decoded, png.data(), png.size())) return {};
  decoded.format = PNG_FORMAT_RGB;
  std::vector<unsigned char> rgb(PNG_IMAGE_SIZE(decoded));
  if (!png_image_finish_read(&decoded, nullptr, rgb.data(), 0, nullptr)) return {};
  *width = decoded.width;
  *height = decoded.height;
  return rgb;
}

// One encoder through images of growing and shrinking sizes, strides padded or not
// (the in-place scanlines must never overwrite a pixel not yet read, a 1-pixel-wide
// raster included): every image decodes to its own pixels.
TEST(PngEncoder, OneEncoderInPlaceThroughImagesOfEverySize) {
  OpaquePngEncoder encoder;
  for (const auto& [width, height, padding] : std::vector<std::tuple<int, int, int>>{
           {1, 1, 0}, {1, 7, 0}, {1, 5, 8}, {64, 48, 0}, {2, 3, 0}, {300, 200, 16}, {17, 9, 4}}) {
    Argb32Image image = Gradient(width, height);
    if (padding == 0) {  // repack at stride 4 * width, cairo's own for ARGB32
      Argb32Image packed{width, height, 4 * width, {}};
      for (int y = 0; y < height; ++y) {
        const unsigned char* row = image.data.data() + static_cast<size_t>(y) * image.stride;
        packed.data.insert(packed.data.end(), row, row + 4 * width);
      }
      image = packed;
    }
    const std::string expected = EncodeOpaquePng(image.data.data(), width, height, image.stride);
    const std::string png = encoder.EncodeInPlace(image.data.data(), width, height, image.stride);
    EXPECT_EQ(png, expected) << width << "x" << height;
    unsigned w = 0, h = 0;
    const std::vector<unsigned char> rgb = DecodeRgb(png, &w, &h);
    ASSERT_EQ(rgb.size(), 3u * width * height) << width << "x" << height;
    for (int y = 0; y < height; ++y) {
      for (int x = 0; x < width; ++x) {
        const uint32_t pixel = PixelAt(x, y);
        const unsigned char* got = rgb.data() + 3 * (static_cast<size_t>(y) * width + x);
        ASSERT_EQ(got[0], (pixel >> 16) & 0xff) << width << "x" << height << " at " << x << "," << y;
        ASSERT_EQ(got[1], (pixel >> 8) & 0xff);
        ASSERT_EQ(got[2], pixel & 0xff);
      }
    }
  }
}

TEST(PngEncoder, StrideNarrowerThanTheRowGivesNoFile) {
  std::vector<unsigned char> pixels(64, 0xFF);
  EXPECT_TRUE(OpaquePngEncoder().EncodeInPlace(pixels.data(), 4, 4, 12).empty());
}

}  // namespace
}  // namespace govmetrics::reporting

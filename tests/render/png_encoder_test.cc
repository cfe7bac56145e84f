// The chart PNG writer, read back by libpng (an independent decoder that checks the
// signature, every chunk's CRC and the zlib stream).
#include "services/reporting/render/png_encoder.h"

#include <png.h>

#include <cstdint>
#include <cstring>
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

}  // namespace
}  // namespace govmetrics::reporting

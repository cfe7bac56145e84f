// The OOXML zip writer, read back by libzip's reader: every entry's bytes in order, and
// how each is compressed (already-compressed images stored, the XML deflated).
#include "services/reporting/render/zip_writer.h"

#include <zip.h>

#include <string>

#include "gtest/gtest.h"

namespace govmetrics::reporting {
namespace {

struct ReadEntry {
  std::string name;
  std::string bytes;
  zip_uint16_t method = 0;
};

std::vector<ReadEntry> ReadBack(const std::string& archive_bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(archive_bytes.data(), archive_bytes.size(), 0, &error);
  zip_t* archive = source == nullptr ? nullptr : zip_open_from_source(source, ZIP_RDONLY | ZIP_CHECKCONS, &error);
  std::vector<ReadEntry> entries;
  if (archive == nullptr) {
    ADD_FAILURE() << "libzip cannot open the archive: " << zip_error_strerror(&error);
    if (source != nullptr) zip_source_free(source);
    return entries;
  }
  for (zip_int64_t i = 0; i < zip_get_num_entries(archive, 0); ++i) {
    zip_stat_t stat;
    zip_stat_index(archive, i, 0, &stat);
    ReadEntry entry{stat.name, std::string(stat.size, '\0'), stat.comp_method};
    zip_file_t* file = zip_fopen_index(archive, i, 0);
    EXPECT_EQ(zip_fread(file, entry.bytes.data(), stat.size), static_cast<zip_int64_t>(stat.size));
    zip_fclose(file);
    entries.push_back(std::move(entry));
  }
  zip_close(archive);  // frees the source
  return entries;
}

TEST(ZipWriter, EntriesReadBackInOrderWithImagesStoredAndTextDeflated) {
  const std::string xml(5000, 'x');  // compressible: deflated
  std::string png("\x89PNG\r\n\x1a\n", 8);
  for (int i = 0; i < 3000; ++i) png.push_back(static_cast<char>(i * 37 % 251));
  const ZipEntries entries = {{"[Content_Types].xml", xml}, {"word/media/chart1.png", png},
                              {"word/media/photo.JPEG", png}, {"word/document.xml", "<w:document/>"}};
  auto bytes = WriteZip(entries);
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  const std::vector<ReadEntry> read = ReadBack(*bytes);
  ASSERT_EQ(read.size(), entries.size());
  for (size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(read[i].name, entries[i].first);
    EXPECT_EQ(read[i].bytes, entries[i].second) << entries[i].first;
  }
  EXPECT_EQ(read[0].method, ZIP_CM_DEFLATE);
  EXPECT_EQ(read[1].method, ZIP_CM_STORE);
  EXPECT_EQ(read[2].method, ZIP_CM_STORE);
  EXPECT_LT(bytes->size(), xml.size() + 2 * png.size());  // the XML did shrink
}

TEST(ZipWriter, SameEntriesGiveTheSameBytes) {
  const ZipEntries entries = {{"a.xml", "<a/>"}, {"b.png", std::string(100, 'p')}};
  auto first = WriteZip(entries);
  auto second = WriteZip(entries);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(*first, *second);
}

}  // namespace
}  // namespace govmetrics::reporting

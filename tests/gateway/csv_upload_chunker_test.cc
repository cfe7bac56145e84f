// The streamed CSV upload's pieces, against common/files reading the whole file: the same
// rows whatever the pieces the body arrives in, quoted line breaks never cut, rows named
// as in the whole file, and a late text cell in a numeric column refused.
#include "services/gateway/csv_upload_chunker.h"

#include <string>
#include <vector>

#include "common/files/panel_rows.h"
#include "common/files/read_panel.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::gateway {
namespace {

UploadParams Params() {
  UploadParams params;
  params.file_name = "upload.csv";
  params.options.period = "year";
  return params;
}

// A CSV with a quoted label holding commas, quotes and a line break, and a blank line.
std::string Csv(int entities, int years) {
  std::string csv = "\xEF\xBB\xBF" "entity,year,x,note\n\n";
  for (int y = 0; y < years; ++y) {
    for (int e = 0; e < entities; ++e) {
      csv += "E" + std::to_string(e) + "," + std::to_string(2000 + y) + "," + std::to_string(e * 0.5 + y) +
             ",\"line one, \"\"quoted\"\"\nline two " + std::to_string(e) + "\"\n";
    }
  }
  return csv;
}

// Feeds `csv` in pieces of `step` bytes (pieces cut at `piece_bytes`); the rows emitted.
absl::StatusOr<std::vector<common::v1::Panel>> Stream(const std::string& csv, size_t step, size_t piece_bytes) {
  std::vector<common::v1::Panel> chunks;
  CsvUploadChunker chunker(Params(), [&](common::v1::Panel chunk) {
    chunks.push_back(std::move(chunk));
    return absl::OkStatus();
  }, piece_bytes);
  for (size_t at = 0; at < csv.size(); at += step) {
    if (absl::Status fed = chunker.Feed(absl::string_view(csv).substr(at, step)); !fed.ok()) return fed;
  }
  if (absl::Status done = chunker.Finish(); !done.ok()) return done;
  return chunks;
}

TEST(CsvUploadChunkerTest, PiecesHoldTheRowsOfTheWholeFileWhateverTheBodyPieces) {
  const std::string csv = Csv(7, 30);
  auto whole = files::ReadPanelBytes(csv, "upload.csv", Params().options);
  ASSERT_TRUE(whole.ok()) << whole.status();
  for (size_t step : {1u, 7u, 64u, 100000u}) {
    auto chunks = Stream(csv, step, 500);
    ASSERT_TRUE(chunks.ok()) << chunks.status();
    EXPECT_GT(chunks->size(), 5u) << "step " << step;
    int row = 0;
    for (const common::v1::Panel& chunk : *chunks) {
      const common::v1::Panel expected = files::PanelRows(*whole, row, chunk.entity_size());
      EXPECT_EQ(chunk.SerializeAsString(), expected.SerializeAsString()) << "step " << step << " row " << row;
      row += chunk.entity_size();
    }
    EXPECT_EQ(row, whole->entity_size());
  }
}

TEST(CsvUploadChunkerTest, ALateTextCellInANumericColumnIsRefusedNamingItsFileRow) {
  std::string csv = "entity,year,x\n";
  for (int y = 0; y < 200; ++y) csv += "A" + std::to_string(y) + ",2000," + std::to_string(y) + "\n";
  csv += "B,2000,oops\n";  // file row 202
  auto chunks = Stream(csv, 64, 256);
  ASSERT_FALSE(chunks.ok());
  EXPECT_EQ(chunks.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(chunks.status().message(), testing::HasSubstr("upload.csv, row 202"));
  EXPECT_THAT(chunks.status().message(), testing::HasSubstr("oops"));
}

TEST(CsvUploadChunkerTest, MalformedRowsAreNamedAsInTheWholeFile) {
  std::string csv = "entity,year,x\n";
  for (int y = 0; y < 100; ++y) csv += "A,"  + std::to_string(2000 + y) + ",1\n";
  csv += "A,2100\n";  // file row 102: two fields
  auto chunks = Stream(csv, 10, 128);
  ASSERT_FALSE(chunks.ok());
  EXPECT_THAT(chunks.status().message(), testing::HasSubstr("row 102"));
}

TEST(CsvUploadChunkerTest, AnEmptyBodyIsRefused) {
  auto chunks = Stream("", 1, 128);
  ASSERT_FALSE(chunks.ok());
  EXPECT_THAT(chunks.status().message(), testing::HasSubstr("empty"));
}

}  // namespace
}  // namespace govmetrics::gateway

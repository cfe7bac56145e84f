// The stored layout: parts decode to the rows they came from, and the fingerprint computed
// from parts equals contracts::PanelFingerprint of the same panel sent inline.

#include <map>

#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "gtest/gtest.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/dataset_upload.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::workspace {
namespace {

// Splits `panel` into chunks of `rows`, as stored, and fingerprints the parts.
std::string FingerprintViaParts(const common::v1::Panel& panel, int rows) {
  const common::v1::Panel schema = SchemaOf(panel);
  std::map<int, std::vector<std::string>> stored;  // part -> chunks
  std::vector<int64_t> sizes(PartCount(schema), 0);
  for (int first = 0; first < panel.entity_size(); first += rows) {
    auto parts = EncodeChunkParts(testing::RowSlice(panel, first, rows));
    for (size_t p = 0; p < parts.size(); ++p) {
      sizes[p] += parts[p].size();
      stored[p].push_back(parts[p]);
    }
  }
  auto fingerprint = PanelFingerprintOfParts(
      schema, panel.entity_size(), sizes,
      [&](int part, const std::function<void(const std::string&)>& sink) {
        for (const auto& bytes : stored[part]) sink(bytes);
        return absl::OkStatus();
      });
  return *fingerprint;
}

TEST(DatasetPartsTest, FingerprintOfPartsEqualsTheInlineFingerprintForAnyChunking) {
  for (auto [entities, periods] : {std::pair{1, 1}, {4, 3}, {31, 7}, {200, 12}}) {
    const common::v1::Panel panel = testing::MakeTestPanel(entities, periods);
    for (int rows : {1, 5, 64, 100000}) {
      EXPECT_EQ(FingerprintViaParts(panel, rows), contracts::PanelFingerprint(panel))
          << entities << "x" << periods << " in chunks of " << rows;
    }
  }
}

TEST(DatasetPartsTest, PanelWithoutLabelsOrColumnsFingerprintsToo) {
  common::v1::Panel panel = testing::MakeTestPanel(6, 4);
  panel.clear_labels();
  EXPECT_EQ(FingerprintViaParts(panel, 5), contracts::PanelFingerprint(panel));
  panel.clear_columns();
  EXPECT_EQ(FingerprintViaParts(panel, 5), contracts::PanelFingerprint(panel));
}

TEST(DatasetPartsTest, PartsDecodeToTheSameRowsAndOnlyTheWantedColumns) {
  const common::v1::Panel panel = testing::MakeTestPanel(5, 5);
  const auto parts = EncodeChunkParts(panel);
  std::vector<bool> all(parts.size(), true);
  auto decoded = DecodeChunkParts(SchemaOf(panel), parts, all);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(decoded->SerializeAsString(), panel.SerializeAsString());
  std::vector<bool> only_y(parts.size(), false);
  only_y[kEntityPart] = only_y[kPeriodPart] = only_y[ColumnPart(1)] = true;
  auto narrow = DecodeChunkParts(SchemaOf(panel), parts, only_y);
  ASSERT_EQ(narrow->columns_size(), 1);
  EXPECT_EQ(narrow->columns(0).name(), "y");
  EXPECT_EQ(narrow->labels_size(), 0);
}

TEST(DatasetUploadTest, ChunkWithOtherColumnsIsRejectedNamingTheChunk) {
  DatasetUpload upload;
  common::v1::Panel panel = testing::MakeTestPanel(4, 2);
  ASSERT_TRUE(upload.Add(testing::RowSlice(panel, 0, 4), 0).ok());
  common::v1::Panel second = testing::RowSlice(panel, 4, 4);
  second.mutable_columns(1)->set_name("z");
  absl::Status status = upload.Add(second, 1);
  ASSERT_TRUE(absl::IsInvalidArgument(status));
  const auto violations = contracts::ViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].first, "chunks[1].columns[1].name");
}

TEST(DatasetUploadTest, DuplicatePairAcrossChunksIsRejectedAtTheEnd) {
  DatasetUpload upload;
  const common::v1::Panel panel = testing::MakeTestPanel(3, 2);
  ASSERT_TRUE(upload.Add(panel, 0).ok());
  ASSERT_TRUE(upload.Add(testing::RowSlice(panel, 2, 1), 1).ok());
  auto shape = upload.Finish();
  ASSERT_TRUE(absl::IsInvalidArgument(shape.status()));
  EXPECT_NE(shape.status().message().find("period 2000 more than once"), std::string::npos)
      << shape.status();
}

TEST(DatasetUploadTest, InvalidChunkNamesTheStreamMessageAndRow) {
  DatasetUpload upload;
  common::v1::Panel panel = testing::MakeTestPanel(2, 2);
  panel.set_entity(1, "");
  absl::Status status = upload.Add(panel, 0);
  ASSERT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_EQ(contracts::ViolationsOf(status)[0].first, "chunks[0].entity[1]");
}

TEST(DatasetUploadTest, SmallChunksAreRegroupedIntoLargerStoredChunks) {
  DatasetUpload upload;
  const common::v1::Panel panel = testing::MakeTestPanel(100, 10);
  for (int r = 0; r < panel.entity_size(); ++r) {
    ASSERT_TRUE(upload.Add(testing::RowSlice(panel, r, 1), r).ok());
    EXPECT_FALSE(upload.TakeStoredChunk(false).has_value());  // 1000 rows x 5 < 2^18 cells
  }
  auto chunk = upload.TakeStoredChunk(true);
  ASSERT_TRUE(chunk.has_value());
  EXPECT_EQ(chunk->SerializeAsString(), panel.SerializeAsString());
  EXPECT_TRUE(upload.Finish().ok());
}

}  // namespace
}  // namespace govmetrics::workspace

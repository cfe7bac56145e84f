// The stored layout: parts decode to the rows they came from, and the fingerprint computed
// from parts equals contracts::PanelFingerprint of the same panel sent inline.

#include <algorithm>
#include <limits>
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

// The parts as the stored format defines them, from protobuf's own serialisation of
// single-field messages (how EncodeChunkParts built them before it appended bytes).
std::vector<std::string> PartsViaProtobuf(const common::v1::Panel& panel) {
  std::vector<std::string> parts(PartCount(panel));
  common::v1::Panel entities;
  *entities.mutable_entity() = panel.entity();
  parts[kEntityPart] = entities.SerializeAsString();
  common::v1::Panel periods;
  *periods.mutable_period() = panel.period();
  const std::string packed = periods.SerializeAsString();  // tag, length, varints
  const size_t header = panel.period_size() == 0 ? packed.size() : 1 + (packed[1] & 0x80 ? 2 : 1);
  parts[kPeriodPart] = packed.substr(std::min(header, packed.size()));
  for (int c = 0; c < panel.columns_size(); ++c) {
    const auto& values = panel.columns(c).values();
    parts[ColumnPart(c)].assign(reinterpret_cast<const char*>(values.data()),
                                sizeof(double) * values.size());
  }
  for (int l = 0; l < panel.labels_size(); ++l) {
    common::v1::Label values_only;
    *values_only.mutable_values() = panel.labels(l).values();
    parts[LabelPart(panel, l)] = values_only.SerializeAsString();
  }
  return parts;
}

TEST(DatasetPartsTest, AppendedChunksAreTheStoredBytesOfTheirConcatenatedRows) {
  common::v1::Panel panel = testing::MakeTestPanel(5, 4);  // 20 rows: a 1-byte period header
  panel.set_period(0, -1);                                 // 10-byte varints
  panel.set_period(1, std::numeric_limits<int32_t>::min());
  panel.set_period(2, std::numeric_limits<int32_t>::max());
  panel.set_entity(3, "");
  panel.mutable_labels(0)->set_values(4, std::string(300, 'z'));  // a 2-byte length
  const std::vector<std::string> expected = PartsViaProtobuf(panel);
  EXPECT_EQ(EncodeChunkParts(panel), expected);
  for (int rows : {1, 3, 7, 20}) {
    std::vector<std::string> appended(PartCount(panel));
    for (int first = 0; first < panel.entity_size(); first += rows) {
      AppendChunkParts(testing::RowSlice(panel, first, rows), &appended);
    }
    EXPECT_EQ(appended, expected) << "in chunks of " << rows;
  }
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
  ASSERT_EQ(chunk->size(), static_cast<size_t>(StoredPartCount(panel)));  // + the entity runs
  chunk->resize(PartCount(panel));
  EXPECT_EQ(*chunk, EncodeChunkParts(panel));
  EXPECT_TRUE(upload.Finish().ok());
}

TEST(DatasetUploadTest, RowsInAnyOrderAreCountedAndDuplicatesFound) {
  // (a, 1), (b, 1), (a, 2): an entity seen again after another, keys out of order.
  common::v1::Panel panel;
  for (auto [entity, period] : {std::pair{"a", 1}, {"b", 1}, {"a", 2}}) {
    panel.add_entity(entity);
    panel.add_period(period);
  }
  DatasetUpload upload;
  ASSERT_TRUE(upload.Add(panel, 0).ok());
  auto shape = upload.Finish();
  ASSERT_TRUE(shape.ok()) << shape.status();
  EXPECT_EQ(shape->rows, 3);
  EXPECT_EQ(shape->entities, 2);
  EXPECT_EQ(shape->periods, 2);
  EXPECT_FALSE(shape->balanced);
  panel.set_period(2, 1);  // (a, 1) again, after b (a chunk itself rejects a repeat)
  DatasetUpload duplicated;
  ASSERT_TRUE(duplicated.Add(testing::RowSlice(panel, 0, 2), 0).ok());
  ASSERT_TRUE(duplicated.Add(testing::RowSlice(panel, 2, 1), 1).ok());
  EXPECT_NE(duplicated.Finish().status().message().find("entity 'a' has period 1 more than once"),
            std::string::npos);
}

TEST(DatasetUploadTest, SortedRowsRepeatingARowAcrossChunksAreDuplicates) {
  // Sorted up to the repeat: the check must not trust the order once it breaks.
  const common::v1::Panel panel = testing::MakeTestPanel(3, 4);
  DatasetUpload upload;
  ASSERT_TRUE(upload.Add(testing::RowSlice(panel, 0, 12), 0).ok());
  ASSERT_TRUE(upload.Add(testing::RowSlice(panel, 11, 1), 1).ok());
  EXPECT_TRUE(absl::IsInvalidArgument(upload.Finish().status()));
  DatasetUpload sorted;
  ASSERT_TRUE(sorted.Add(testing::RowSlice(panel, 0, 7), 0).ok());
  ASSERT_TRUE(sorted.Add(testing::RowSlice(panel, 7, 5), 1).ok());
  auto shape = sorted.Finish();
  ASSERT_TRUE(shape.ok());
  EXPECT_TRUE(shape->balanced);
  EXPECT_EQ(shape->entities, 3);
}

}  // namespace
}  // namespace govmetrics::workspace

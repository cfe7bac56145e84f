// The entity runs and new entities parts an upload stores per chunk
// (services/workspace/stored_entity_runs.h): a COLUMNAR stream that sends them writes, chunk
// for chunk, exactly the bytes of a stream that codes the per-row names (with and without
// run_length_codes, any subset of columns and labels, rows sorted by entity or not, names
// coming back after others, several stored chunks); stored parts that cannot be what an
// upload wrote are DATA_LOSS naming the part. The same through the database, on both
// backends, is in workspace_store_test.cc.
#include "services/workspace/stored_entity_runs.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "services/workspace/columnar_chunk.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/dataset_upload.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::workspace {
namespace {

// `panel` uploaded in messages of `message_rows` rows: the stored chunks' parts.
std::vector<std::vector<std::string>> StoredChunks(const common::v1::Panel& panel,
                                                   int message_rows) {
  DatasetUpload upload;
  std::vector<std::vector<std::string>> chunks;
  for (int first = 0, index = 0; first < panel.entity_size(); first += message_rows, ++index) {
    EXPECT_TRUE(upload.Add(testing::RowSlice(panel, first, message_rows), index).ok());
    while (auto chunk = upload.TakeStoredChunk(false)) chunks.push_back(*std::move(chunk));
  }
  EXPECT_TRUE(upload.Finish().ok());
  while (auto chunk = upload.TakeStoredChunk(true)) chunks.push_back(*std::move(chunk));
  return chunks;
}

// The wire bytes of each chunk's message: one encoder over the stream, reading `wanted`.
std::vector<std::string> StreamBytes(const common::v1::Panel& schema,
                                     const std::vector<std::vector<std::string>>& chunks,
                                     const std::vector<bool>& wanted, bool runs) {
  ColumnarChunkEncoder encoder(schema, wanted, runs);
  std::vector<std::string> messages;
  std::vector<ColumnarChunkEncoder::WirePiece> pieces;
  int64_t first_row = 0;
  for (std::vector<std::string> parts : chunks) {
    for (size_t p = 0; p < parts.size(); ++p) {
      if (p >= wanted.size() || !wanted[p]) parts[p].clear();  // as ReadChunkInto leaves them
    }
    parts.resize(wanted.size());
    auto rows = encoder.EncodeResponse(first_row, &parts, [](int) { return std::string(); },
                                       &pieces);
    EXPECT_TRUE(rows.ok()) << rows.status();
    first_row += rows.value_or(0);
    messages.emplace_back();
    for (const auto& piece : pieces) messages.back() += piece.bytes;
  }
  return messages;
}

// The same stream as messages (Encode), serialised.
std::vector<std::string> MessageBytes(const common::v1::Panel& schema,
                                      const std::vector<std::vector<std::string>>& chunks,
                                      const std::vector<bool>& wanted, bool runs) {
  ColumnarChunkEncoder encoder(schema, wanted, runs);
  std::vector<std::string> messages;
  v1::ColumnarChunk chunk;
  for (std::vector<std::string> parts : chunks) {
    parts.resize(wanted.size());
    EXPECT_TRUE(encoder.Encode(parts, &chunk).ok());
    messages.push_back(chunk.SerializeAsString());
  }
  return messages;
}

// Every column and label, or only "y" and the label.
std::vector<std::vector<bool>> WantedSets(const common::v1::Panel& schema) {
  std::vector<bool> all(PartCount(schema), true), some(PartCount(schema), false);
  some[kEntityPart] = some[kPeriodPart] = some[ColumnPart(1)] = some[LabelPart(schema, 0)] = true;
  return {all, some};
}

TEST(StoredEntityRunsTest, StreamsFromTheRunsSendTheBytesOfStreamsCodingTheNames) {
  // Sorted by entity; period-major (each name again in every period, chunks later);
  // negative periods with gaps (every third row skips ahead: period runs break); one row.
  const common::v1::Panel sorted = testing::MakeTestPanel(60000, 5);
  common::v1::Panel gaps = sorted;
  for (int r = 0; r < gaps.period_size(); ++r) gaps.set_period(r, gaps.period(r) - 2003);
  for (int r = 0; r < gaps.period_size(); r += 3) gaps.set_period(r, gaps.period(r) + 50);
  for (const common::v1::Panel& panel : {sorted, testing::PeriodMajor(sorted, 60000, 5), gaps,
                                         testing::MakeTestPanel(1, 1)}) {
    const common::v1::Panel schema = SchemaOf(panel);
    for (int message_rows : {1000, 7001, 1000000}) {
      const auto chunks = StoredChunks(panel, message_rows);
      for (const std::vector<bool>& names : WantedSets(schema)) {
        std::vector<bool> runs_wanted = names;
        WantStoredRuns(schema, &runs_wanted);
        ASSERT_TRUE(ReadsStoredRuns(schema, runs_wanted));
        ASSERT_FALSE(ReadsStoredRuns(schema, names));
        for (bool runs : {false, true}) {
          SCOPED_TRACE(absl::StrCat(panel.entity_size(), " rows in messages of ", message_rows,
                                    ", ", chunks.size(), " stored chunks, run_length_codes ",
                                    runs));
          EXPECT_EQ(StreamBytes(schema, chunks, runs_wanted, runs),
                    StreamBytes(schema, chunks, names, runs));
          EXPECT_EQ(MessageBytes(schema, chunks, runs_wanted, runs),
                    MessageBytes(schema, chunks, names, runs));
        }
      }
      if (message_rows < panel.entity_size()) {
        EXPECT_GT(chunks.size(), 1u) << message_rows;
      }
    }
  }
}

TEST(StoredEntityRunsTest, TheUploadStoresOneRunPerRunOfNamesAndPeriodsAndEachNameOnce) {
  // Rows a a b a | c c (two messages, one stored chunk): runs a2 b1 a1 c2, names a b c.
  common::v1::Panel panel;
  for (auto [entity, period] : {std::pair{"a", 1}, {"a", 2}, {"b", 1}, {"a", 3}, {"c", 1},
                                {"c", 2}}) {
    panel.add_entity(entity);
    panel.add_period(period);
  }
  DatasetUpload upload;
  ASSERT_TRUE(upload.Add(testing::RowSlice(panel, 0, 5), 0).ok());
  ASSERT_TRUE(upload.Add(testing::RowSlice(panel, 5, 1), 1).ok());
  ASSERT_TRUE(upload.Finish().ok());
  auto chunk = upload.TakeStoredChunk(true);
  ASSERT_TRUE(chunk.has_value());
  const common::v1::Panel schema = SchemaOf(panel);
  ASSERT_EQ(chunk->size(), static_cast<size_t>(StoredPartCount(schema)));
  EXPECT_EQ((*chunk)[EntityRunsPart(schema)], std::string("\x00\x02\x01\x01\x00\x01\x02\x02", 8));
  EXPECT_EQ((*chunk)[NewEntitiesPart(schema)], "\x0a\x01" "a" "\x0a\x01" "b" "\x0a\x01" "c");
  // Periods 1 2 | 1 | 3 | 1 2: runs of consecutive periods.
  EXPECT_EQ((*chunk)[PeriodRunsPart(schema)], std::string("\x01\x02\x01\x01\x03\x01\x01\x02", 8));
  std::vector<std::string> panel_parts(chunk->begin(), chunk->begin() + PartCount(schema));
  EXPECT_EQ(panel_parts, EncodeChunkParts(panel));  // the panel's parts are unchanged
}

// The status of reading a chunk whose entity runs / new entities parts are `runs` and
// `names`, after a first chunk that sent the names "a" and "b".
absl::Status ReadAfterTwoNames(const std::string& runs, const std::string& names) {
  EntityRunsReader reader;
  ValueRuns out;
  auto ignore = [](absl::string_view) {};
  EXPECT_TRUE(reader.Read(std::string("\x00\x01\x01\x01", 4), "\x0a\x01" "a" "\x0a\x01" "b",
                          &out, ignore)
                  .ok());
  return reader.Read(runs, names, &out, ignore);
}

TEST(StoredEntityRunsTest, PartsThatNoUploadWritesAreDataLossNamingThePart) {
  const std::string c = "\x0a\x01" "c";
  EXPECT_TRUE(ReadAfterTwoNames(std::string("\x01\x05\x02\x01\x00\x02", 6), c).ok());
  const std::pair<std::string, std::string> runs_corrupt[] = {
      {std::string("\x01", 1), ""},                       // a code without its length
      {std::string("\x01\x80", 2), ""},                   // a truncated varint
      {std::string("\x01\x00", 2), ""},                   // an empty run
      {std::string("\x03\x01", 2), c},                    // a code never introduced
      {std::string("\x02\x01\x03\x01", 4), c},            // beyond the new names
      {std::string("\x01\x80\x80\x80\x80\x10", 6), ""},   // a run longer than int32
  };
  for (const auto& [runs, names] : runs_corrupt) {
    const absl::Status status = ReadAfterTwoNames(runs, names);
    EXPECT_TRUE(absl::IsDataLoss(status)) << status;
    EXPECT_NE(status.message().find("entity runs part"), std::string::npos) << status;
  }
  const std::pair<std::string, std::string> names_corrupt[] = {
      {std::string("\x02\x01", 2), "\x12\x01" "c"},            // wrong tag
      {std::string("\x02\x01", 2), "\x0a\x05" "c"},            // past the end
      {std::string("\x02\x01", 2), std::string("\x0a\x00", 2)},  // an empty name
      {std::string("\x01\x01", 2), c},                         // a name no run uses
  };
  for (const auto& [runs, names] : names_corrupt) {
    const absl::Status status = ReadAfterTwoNames(runs, names);
    EXPECT_TRUE(absl::IsDataLoss(status)) << status;
    EXPECT_NE(status.message().find("new entities part"), std::string::npos) << status;
  }
}

TEST(StoredEntityRunsTest, RunsThatDisagreeWithThePeriodsAreDataLoss) {
  const common::v1::Panel panel = testing::MakeTestPanel(3, 2);
  const common::v1::Panel schema = SchemaOf(panel);
  auto chunks = StoredChunks(panel, 100);
  ASSERT_EQ(chunks.size(), 1u);
  chunks[0][EntityRunsPart(schema)] = std::string("\x00\x02\x01\x02\x02\x01", 6);  // 5 rows of 6
  std::vector<bool> wanted(PartCount(schema), true);
  WantStoredRuns(schema, &wanted);
  for (bool runs : {false, true}) {
    ColumnarChunkEncoder encoder(schema, wanted, runs);
    std::vector<ColumnarChunkEncoder::WirePiece> pieces;
    auto parts = chunks[0];
    auto rows = encoder.EncodeResponse(0, &parts, [](int) { return std::string(); }, &pieces);
    EXPECT_TRUE(absl::IsDataLoss(rows.status())) << rows.status();
    ColumnarChunkEncoder messages(schema, wanted, runs);
    v1::ColumnarChunk chunk;
    EXPECT_TRUE(absl::IsDataLoss(messages.Encode(chunks[0], &chunk)));
  }
}

TEST(StoredEntityRunsTest, CorruptPeriodRunsAreDataLossNamingThePart) {
  const common::v1::Panel panel = testing::MakeTestPanel(3, 2);  // 3 runs of 2 periods
  const common::v1::Panel schema = SchemaOf(panel);
  auto chunks = StoredChunks(panel, 100);
  ASSERT_EQ(chunks.size(), 1u);
  std::vector<bool> wanted(PartCount(schema), true);
  WantStoredRuns(schema, &wanted);
  for (const std::string& corrupt : {std::string("\xd0\x0f\x02\xd0\x0f", 5),  // truncated
                                     std::string("\xd0\x0f\x00", 3),          // empty run
                                     std::string("\xd0\x0f\x05", 3)}) {       // 5 rows of 6
    auto parts = chunks[0];
    parts[PeriodRunsPart(schema)] = corrupt;
    ColumnarChunkEncoder encoder(schema, wanted, /*run_length_codes=*/true);
    std::vector<ColumnarChunkEncoder::WirePiece> pieces;
    auto rows = encoder.EncodeResponse(0, &parts, [](int) { return std::string(); }, &pieces);
    EXPECT_TRUE(absl::IsDataLoss(rows.status())) << rows.status();
    EXPECT_NE(rows.status().message().find("period runs part"), std::string::npos)
        << rows.status();
  }
}

TEST(StoredEntityRunsTest, ColumnarStreamsFromTheFirstChunkOrNumberingTheDatasetSendThem) {
  EXPECT_TRUE(SendsStoredEntityRuns(true, v1::CHUNK_ENCODING_COLUMNAR, 0, false));
  EXPECT_TRUE(SendsStoredEntityRuns(true, v1::CHUNK_ENCODING_COLUMNAR, 0, true));
  EXPECT_TRUE(SendsStoredEntityRuns(true, v1::CHUNK_ENCODING_COLUMNAR, 3, true));
  EXPECT_FALSE(SendsStoredEntityRuns(false, v1::CHUNK_ENCODING_COLUMNAR, 0, false));  // older
  EXPECT_FALSE(SendsStoredEntityRuns(false, v1::CHUNK_ENCODING_COLUMNAR, 3, true));   // dataset
  EXPECT_FALSE(SendsStoredEntityRuns(true, v1::CHUNK_ENCODING_COLUMNAR, 3, false));   // a slice
  EXPECT_FALSE(SendsStoredEntityRuns(true, v1::CHUNK_ENCODING_ROWS, 0, false));
}

// The messages of a stream from stored chunk `first` on, numbering the dataset's entities
// after `before` when `before` >= 0 (else coding the names, as today), chunk `seq` at row
// 1000 + seq on every stream.
std::vector<std::string> SliceMessages(const common::v1::Panel& schema,
                                       const std::vector<std::vector<std::string>>& chunks,
                                       std::vector<bool> wanted, bool runs, int64_t first,
                                       int64_t before) {
  if (before >= 0) WantStoredRuns(schema, &wanted);
  ColumnarChunkEncoder encoder(schema, wanted, runs);
  if (before >= 0) {
    EXPECT_TRUE(encoder.NumberDatasetEntities(before).ok());
  }
  std::vector<std::string> messages;
  std::vector<ColumnarChunkEncoder::WirePiece> pieces;
  for (size_t seq = static_cast<size_t>(first); seq < chunks.size(); ++seq) {
    std::vector<std::string> parts = chunks[seq];
    parts.resize(std::max(parts.size(), wanted.size()));
    auto rows = encoder.EncodeResponse(
        1000 + static_cast<int64_t>(seq), &parts, [](int) { return std::string(); }, &pieces);
    EXPECT_TRUE(rows.ok()) << rows.status();
    messages.emplace_back();
    for (const auto& piece : pieces) messages.back() += piece.bytes;
  }
  return messages;
}

// A stream numbering the dataset's entities sends, from whichever stored chunk it starts,
// each chunk's message of a stream from the first chunk (the same entity codes and new
// names; its label values numbered by the stream, as today's slice from that chunk numbers
// them) followed by the two fields that say so, byte for byte what protobuf serialises;
// entities_before counts the names of the chunks before (0: left out).
TEST(StoredEntityRunsTest, SlicesNumberingTheDatasetSendTheWholeStreamsChunksAndSaySo) {
  const common::v1::Panel sorted = testing::MakeTestPanel(60000, 5);
  for (const common::v1::Panel& panel : {sorted, testing::PeriodMajor(sorted, 60000, 5)}) {
    const common::v1::Panel schema = SchemaOf(panel);
    const auto chunks = StoredChunks(panel, 7001);
    ASSERT_GT(chunks.size(), 2u);
    auto entities_before = [&](size_t seq) {
      int64_t entities = 0;
      for (size_t k = 0; k < seq; ++k)
        entities += CountNewEntities(chunks[k][NewEntitiesPart(schema)]);
      return entities;
    };
    for (const std::vector<bool>& names : WantedSets(schema)) {
      for (bool runs : {false, true}) {
        const auto whole = SliceMessages(schema, chunks, names, runs, 0, -1);
        for (size_t first = 0; first < chunks.size(); ++first) {
          SCOPED_TRACE(absl::StrCat("from chunk ", first, ", run_length_codes ", runs));
          const auto sliced =
              SliceMessages(schema, chunks, names, runs, first, entities_before(first));
          const auto own = SliceMessages(schema, chunks, names, runs, first, -1);  // today's
          ASSERT_EQ(sliced.size(), chunks.size() - first);
          for (size_t k = 0; k < sliced.size(); ++k) {
            v1::ReadDatasetResponse expected, today;
            ASSERT_TRUE(expected.ParseFromString(whole[first + k]));
            ASSERT_TRUE(today.ParseFromString(own[k]));
            *expected.mutable_columnar()->mutable_labels() = today.columnar().labels();
            expected.set_dataset_entity_codes(true);
            expected.set_entities_before(static_cast<int32_t>(entities_before(first + k)));
            const std::string want = expected.SerializeAsString();
            EXPECT_TRUE(sliced[k] == want)  // not EXPECT_EQ: megabytes of bytes
                << "chunk " << first + k << ": " << sliced[k].size() << " bytes, expected "
                << want.size() << ", first difference at "
                << std::mismatch(want.begin(), want.end(), sliced[k].begin(), sliced[k].end())
                           .first -
                       want.begin();
          }
        }
        EXPECT_EQ(entities_before(chunks.size()), 60000);  // every entity, named once
      }
    }
  }
}

// Numbering the dataset's entities needs the stored runs: an encoder coding the names
// (a dataset stored without them) refuses, INTERNAL (the service never asks it).
TEST(StoredEntityRunsTest, NumberingTheDatasetWithoutTheStoredRunsIsInternal) {
  const common::v1::Panel schema = SchemaOf(testing::MakeTestPanel(2, 2));
  ColumnarChunkEncoder names(schema, std::vector<bool>(PartCount(schema), true), true);
  EXPECT_EQ(names.NumberDatasetEntities(3).code(), absl::StatusCode::kInternal);
  EXPECT_EQ(CountNewEntities("\x0a\x01"
                             "a"
                             "\x0a\x02"
                             "bc"),
            2);
  EXPECT_EQ(CountNewEntities(""), 0);
  EXPECT_EQ(CountNewEntities("\x0a\x05"
                             "a"),
            -1);  // past the end
}

}  // namespace
}  // namespace govmetrics::workspace

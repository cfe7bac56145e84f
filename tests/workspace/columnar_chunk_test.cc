// The COLUMNAR encoding of ReadDataset (services/workspace/columnar_chunk.h) against the
// ROWS encoding of the same stored parts: a stream of ColumnarChunks, decoded by the
// compute services' builder (contracts::ColumnarPanelBuilder), gives exactly the rows
// (NaN bits, negative zero, negative periods, non-ASCII names, labels) and the entity
// codes of the panel sent inline, for any chunking and any subset of columns; corrupt
// stored bytes are DATA_LOSS, never a wrong panel. The hand-written wire form
// (EncodeResponse) is byte for byte the serialisation of the message Encode fills, and a
// stock protobuf parser reads it back as that message. With run_length_codes the entity
// codes and periods go as runs where that is shorter, and the compute services' parser
// decodes them to the same panel; without it no run field is ever sent.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/columnar_panel.h"
#include "common/workspace_client/columnar_chunk_parser.h"
#include "grpcpp/support/byte_buffer.h"
#include "grpcpp/support/slice.h"
#include "gtest/gtest.h"
#include "services/workspace/columnar_chunk.h"
#include "services/workspace/dataset_parts.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::workspace {
namespace {

// The rows a ColumnarPanel holds, as a Panel (names instead of codes).
common::v1::Panel RowsOf(const contracts::ColumnarPanel& columns) {
  common::v1::Panel panel;
  for (int32_t code : columns.entity) panel.add_entity(columns.entity_names[code]);
  for (int32_t period : columns.period) panel.add_period(period);
  for (size_t c = 0; c < columns.column_names.size(); ++c) {
    auto* column = panel.add_columns();
    column->set_name(columns.column_names[c]);
    for (double v : columns.column(static_cast<int>(c))) column->add_values(v);
  }
  for (size_t l = 0; l < columns.labels.size(); ++l) {
    auto* label = panel.add_labels();
    label->set_name(columns.label_names[l]);
    for (int32_t code : columns.labels[l]) label->add_values(columns.label_levels[l][code]);
  }
  return panel;
}

// `panel` stored in chunks of `chunk_rows`, read back in the COLUMNAR encoding (the parts
// `wanted` says) and decoded as the compute services do.
contracts::ColumnarPanel ReadColumnar(const common::v1::Panel& panel, int chunk_rows,
                                      const std::vector<bool>& wanted) {
  const common::v1::Panel schema = SchemaOf(panel);
  std::vector<std::string> columns, labels;
  for (int c = 0; c < schema.columns_size(); ++c) {
    if (wanted[ColumnPart(c)]) columns.push_back(schema.columns(c).name());
  }
  for (int l = 0; l < schema.labels_size(); ++l) {
    if (wanted[LabelPart(schema, l)]) labels.push_back(schema.labels(l).name());
  }
  ColumnarChunkEncoder encoder(schema, wanted);
  contracts::ColumnarPanelBuilder builder(columns, labels, panel.entity_size());
  v1::ColumnarChunk chunk;  // reused, as the server reuses its message
  for (int first = 0; first < panel.entity_size(); first += chunk_rows) {
    const auto parts = EncodeChunkParts(testing::RowSlice(panel, first, chunk_rows));
    EXPECT_TRUE(encoder.Encode(parts, &chunk).ok());
    const absl::Status appended = builder.Append(chunk);
    EXPECT_TRUE(appended.ok()) << appended;
  }
  return std::move(builder).Finish();
}

common::v1::Panel PanelWithNegativePeriods() {
  common::v1::Panel panel = testing::MakeTestPanel(7, 5);
  for (int r = 0; r < panel.period_size(); ++r) panel.set_period(r, panel.period(r) - 2003);
  return panel;
}

TEST(ColumnarChunkTest, StreamDecodesToTheRowsAndCodesOfTheInlinePanel) {
  for (const common::v1::Panel& panel :
       {testing::MakeTestPanel(1, 1), testing::MakeTestPanel(31, 7), PanelWithNegativePeriods()}) {
    const std::vector<bool> all(PartCount(SchemaOf(panel)), true);
    auto inline_columns = contracts::ToColumnar(panel);
    ASSERT_TRUE(inline_columns.ok());
    for (int rows : {1, 5, 64, 100000}) {
      const contracts::ColumnarPanel read = ReadColumnar(panel, rows, all);
      EXPECT_EQ(RowsOf(read).SerializeAsString(), panel.SerializeAsString()) << rows;
      EXPECT_EQ(read.entity, inline_columns->entity) << rows;
      EXPECT_EQ(read.entity_names, inline_columns->entity_names) << rows;
      EXPECT_EQ(read.label_levels, inline_columns->label_levels) << rows;
    }
  }
}

// Names of 5 to 43 bytes, each differing from its neighbours of the same length in one
// byte only (the first, a middle or the last of its tail), in runs of 1 to 4 rows, some
// coming back after others; 20,000 of them, so that codes take 1, 2 and 3 varint bytes.
// The encoder codes a run of byte-identical fields at once; this checks it against the
// inline coding row by row.
common::v1::Panel PanelWithRunsOfNames() {
  common::v1::Panel panel;
  auto* x = panel.add_columns();
  x->set_name("x");
  auto name = [](int e) {
    std::string tail(3 + (e / 3) % 38, 'n');
    const size_t at[] = {0, tail.size() / 2, tail.size() - 1};
    tail[at[(e / 114) % 3]] = static_cast<char>('A' + e % 3);
    return absl::StrCat(e / 342, ":", tail);  // the prefix keeps every name distinct
  };
  int row = 0;
  auto add = [&](int e, int rows) {
    for (int r = 0; r < rows; ++r, ++row) {
      panel.add_entity(name(e));
      panel.add_period(row);
      x->add_values(row);
    }
  };
  for (int e = 0; e < 20000; ++e) {
    add(e, 1 + e % 4);
    if (e % 7 == 6) add(e - 5, 2);  // an earlier name again, after others
  }
  return panel;
}

TEST(ColumnarChunkTest, RunsOfEqualNamesAreCodedAsRowByRow) {
  const common::v1::Panel panel = PanelWithRunsOfNames();
  const std::vector<bool> all(PartCount(SchemaOf(panel)), true);
  auto inline_columns = contracts::ToColumnar(panel);
  ASSERT_TRUE(inline_columns.ok()) << inline_columns.status();
  ASSERT_GT(inline_columns->entity_names.size(), size_t{16384});  // 3-byte codes
  for (int rows : {1, 3, 7, 4096, 1000000}) {
    const contracts::ColumnarPanel read = ReadColumnar(panel, rows, all);
    EXPECT_EQ(read.entity, inline_columns->entity) << rows;
    EXPECT_EQ(read.entity_names, inline_columns->entity_names) << rows;
  }
}

TEST(ColumnarChunkTest, OnlyTheWantedColumnsAndLabelsAreSent) {
  const common::v1::Panel panel = testing::MakeTestPanel(10, 4);
  std::vector<bool> only_y(PartCount(SchemaOf(panel)), false);
  only_y[kEntityPart] = only_y[kPeriodPart] = only_y[ColumnPart(1)] = true;
  const contracts::ColumnarPanel read = ReadColumnar(panel, 7, only_y);
  EXPECT_EQ(read.column_names, std::vector<std::string>{"y"});
  EXPECT_TRUE(read.label_names.empty());
  common::v1::Panel expected = panel;
  expected.mutable_columns()->DeleteSubrange(0, 1);
  expected.clear_labels();
  EXPECT_EQ(RowsOf(read).SerializeAsString(), expected.SerializeAsString());
}

TEST(ColumnarChunkTest, EachNameIsSentOnceInTheChunkWhereItFirstAppears) {
  const common::v1::Panel panel = testing::MakeTestPanel(4, 3);  // E.. rows 0-2, 3-5, ...
  const std::vector<bool> all(PartCount(SchemaOf(panel)), true);
  ColumnarChunkEncoder encoder(SchemaOf(panel), all);
  v1::ColumnarChunk first, second;
  ASSERT_TRUE(encoder.Encode(EncodeChunkParts(testing::RowSlice(panel, 0, 5)), &first).ok());
  ASSERT_TRUE(encoder.Encode(EncodeChunkParts(testing::RowSlice(panel, 5, 7)), &second).ok());
  EXPECT_EQ(std::vector<std::string>(first.new_entities().begin(), first.new_entities().end()),
            (std::vector<std::string>{panel.entity(0), panel.entity(3)}));
  EXPECT_EQ(std::vector<int32_t>(first.entity_codes().begin(), first.entity_codes().end()),
            (std::vector<int32_t>{0, 0, 0, 1, 1}));
  EXPECT_EQ(std::vector<std::string>(second.new_entities().begin(), second.new_entities().end()),
            (std::vector<std::string>{panel.entity(6), panel.entity(9)}));
  EXPECT_EQ(std::vector<int32_t>(second.entity_codes().begin(), second.entity_codes().end()),
            (std::vector<int32_t>{1, 2, 2, 2, 3, 3, 3}));
  EXPECT_EQ(second.labels(0).new_values_size(), 0);  // "east" and "west" came first
}

// The rows of a ColumnarChunk, whichever form its entity codes take.
int64_t ChunkRows(const v1::ColumnarChunk& chunk) {
  int64_t rows = chunk.entity_codes_size();
  for (int32_t length : chunk.entity_run_lengths()) rows += length;
  return rows;
}

// The bytes EncodeResponse writes for a stream of `panel` in chunks of `chunk_rows`,
// checked chunk by chunk against SerializeAsString of the message Encode fills.
void ExpectWireEqualsSerializedMessages(const common::v1::Panel& panel, int chunk_rows,
                                        const std::vector<bool>& wanted, bool runs) {
  const common::v1::Panel schema = SchemaOf(panel);
  ColumnarChunkEncoder messages(schema, wanted, runs), wire(schema, wanted, runs);
  v1::ReadDatasetResponse message;
  std::vector<ColumnarChunkEncoder::WirePiece> pieces;
  auto fresh = [](int) { return std::string(); };
  for (int first = 0; first == 0 || first < panel.entity_size(); first += chunk_rows) {
    std::vector<std::string> parts = EncodeChunkParts(testing::RowSlice(panel, first, chunk_rows));
    for (int p = 0; p < PartCount(schema); ++p) {
      if (!wanted[p]) parts[p].clear();  // as ReadChunkInto leaves them
    }
    ASSERT_TRUE(messages.Encode(parts, message.mutable_columnar()).ok());
    message.set_first_row(first);
    const char* column_bytes = parts[ColumnPart(1)].data();
    auto rows = wire.EncodeResponse(first, &parts, fresh, &pieces);
    ASSERT_TRUE(rows.ok()) << rows.status();
    EXPECT_EQ(*rows, ChunkRows(message.columnar()));
    std::string bytes;
    for (const auto& piece : pieces) bytes += piece.bytes;
    ASSERT_EQ(bytes, message.SerializeAsString()) << "rows from " << first;
    v1::ReadDatasetResponse parsed;
    ASSERT_TRUE(parsed.ParseFromString(bytes));
    EXPECT_EQ(parsed.SerializeAsString(), bytes);  // a stock parser reads the same message
    for (const auto& piece : pieces) {  // stored doubles moved, not copied (past SSO size)
      if (piece.source == ColumnPart(1) && *rows > 1) {
        EXPECT_EQ(piece.bytes.data(), column_bytes);
      }
    }
  }
}

TEST(ColumnarChunkTest, HandWrittenResponseIsTheSerializedMessage) {
  const common::v1::Panel panel = testing::MakeTestPanel(31, 7);
  const std::vector<bool> all(PartCount(SchemaOf(panel)), true);
  std::vector<bool> only_y(all.size(), false);
  only_y[kEntityPart] = only_y[kPeriodPart] = only_y[ColumnPart(1)] = true;
  for (const common::v1::Panel& stream :
       {panel, testing::MakeTestPanel(1, 1), PanelWithNegativePeriods(), SchemaOf(panel),
        PanelWithRunsOfNames()}) {
    for (int rows : {1, 5, 64, 100000}) {
      for (bool runs : {false, true}) {
        ExpectWireEqualsSerializedMessages(stream, rows, all, runs);
        ExpectWireEqualsSerializedMessages(stream, rows, only_y, runs);
      }
    }
  }
}

TEST(ColumnarChunkTest, HandWrittenCodesGoIntoTheBuffersGiven) {
  const common::v1::Panel panel = testing::MakeTestPanel(3, 2);
  const std::vector<bool> all(PartCount(SchemaOf(panel)), true);
  ColumnarChunkEncoder encoder(SchemaOf(panel), all);
  std::vector<int> asked;
  std::vector<const char*> given;
  auto buffer = [&](int source) {
    std::string bytes;
    bytes.reserve(4096);
    asked.push_back(source);
    given.push_back(bytes.data());
    return bytes;
  };
  std::vector<std::string> parts = EncodeChunkParts(panel);
  std::vector<ColumnarChunkEncoder::WirePiece> pieces;
  ASSERT_TRUE(encoder.EncodeResponse(0, &parts, buffer, &pieces).ok());
  EXPECT_EQ(asked, (std::vector<int>{ColumnarChunkEncoder::kComputedEntityCodes,
                                     ColumnarChunkEncoder::ComputedLabelCodes(0)}));
  for (const auto& piece : pieces) {
    if (piece.source == ColumnarChunkEncoder::kComputedEntityCodes) {
      EXPECT_EQ(piece.bytes.data(), given[0]);
    }
  }
}

TEST(ColumnarChunkTest, CorruptStoredBytesAreDataLoss) {
  const common::v1::Panel panel = testing::MakeTestPanel(3, 2);
  const std::vector<bool> all(PartCount(SchemaOf(panel)), true);
  auto corrupt = [&](int part, std::string bytes) {
    auto parts = EncodeChunkParts(panel);
    parts[part] = std::move(bytes);
    absl::Status status;
    for (bool runs : {false, true}) {
      ColumnarChunkEncoder encoder(SchemaOf(panel), all, runs), wire(SchemaOf(panel), all, runs);
      v1::ColumnarChunk chunk;
      status = encoder.Encode(parts, &chunk);
      std::vector<ColumnarChunkEncoder::WirePiece> pieces;
      auto parts_copy = parts;
      auto written = wire.EncodeResponse(0, &parts_copy, [](int) { return std::string(); }, &pieces);
      EXPECT_EQ(written.status().code(), status.code()) << "part " << part << " runs " << runs;
    }
    return status;
  };
  const std::string entities = EncodeChunkParts(panel)[kEntityPart];
  EXPECT_TRUE(absl::IsDataLoss(corrupt(kEntityPart, entities.substr(0, entities.size() - 1))));
  EXPECT_TRUE(absl::IsDataLoss(corrupt(kEntityPart, "\x12\x01" "A")));  // wrong tag
  EXPECT_TRUE(absl::IsDataLoss(corrupt(kPeriodPart, "\x80")));          // truncated varint
  EXPECT_TRUE(absl::IsDataLoss(corrupt(kPeriodPart, "\x01")));          // too few periods
  EXPECT_TRUE(absl::IsDataLoss(corrupt(ColumnPart(0), std::string(7, '\0'))));
  EXPECT_TRUE(absl::IsDataLoss(corrupt(LabelPart(SchemaOf(panel), 0), "\x12\x01" "e")));
}

// `panel` stored in chunks of `chunk_rows`, sent as EncodeResponse writes it with
// run_length_codes and decoded by the compute services' parser; `messages` gets each
// message as a stock parser reads it.
contracts::ColumnarPanel ReadWithRuns(const common::v1::Panel& panel, int chunk_rows,
                                      std::vector<v1::ReadDatasetResponse>* messages) {
  const common::v1::Panel schema = SchemaOf(panel);
  const std::vector<bool> all(PartCount(schema), true);
  ColumnarChunkEncoder encoder(schema, all, /*run_length_codes=*/true);
  std::vector<std::string> columns, labels;
  for (const auto& column : schema.columns()) columns.push_back(column.name());
  for (const auto& label : schema.labels()) labels.push_back(label.name());
  contracts::ColumnarPanelBuilder builder(columns, labels, panel.entity_size());
  workspace_client::ColumnarChunkParser parser(&builder, panel.entity_size());
  std::vector<ColumnarChunkEncoder::WirePiece> pieces;
  for (int first = 0; first < panel.entity_size(); first += chunk_rows) {
    std::vector<std::string> parts = EncodeChunkParts(testing::RowSlice(panel, first, chunk_rows));
    auto rows = encoder.EncodeResponse(first, &parts, [](int) { return std::string(); }, &pieces);
    EXPECT_TRUE(rows.ok()) << rows.status();
    std::string bytes;
    for (const auto& piece : pieces) bytes += piece.bytes;
    messages->emplace_back();
    EXPECT_TRUE(messages->back().ParseFromString(bytes));
    grpc::Slice slice(bytes);
    grpc::ByteBuffer buffer(&slice, 1);
    auto parsed = parser.Append(buffer);
    EXPECT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(parsed.value_or(-1), rows.value_or(-2));
  }
  return std::move(builder).Finish();
}

TEST(ColumnarChunkTest, RunsDecodeToTheInlinePanelWhateverTheRowOrder) {
  const common::v1::Panel sorted = testing::MakeTestPanel(31, 7);
  common::v1::Panel gaps = sorted;  // every third row's period skips ahead: runs break
  for (int r = 0; r < gaps.period_size(); r += 3) gaps.set_period(r, gaps.period(r) + 50);
  for (const common::v1::Panel& panel :
       {sorted, gaps, PanelWithNegativePeriods(), testing::PeriodMajor(sorted, 31, 7),
        PanelWithRunsOfNames(), testing::MakeTestPanel(1, 1)}) {
    auto inline_columns = contracts::ToColumnar(panel);
    ASSERT_TRUE(inline_columns.ok());
    for (int rows : {1, 5, 64, 100000}) {
      std::vector<v1::ReadDatasetResponse> messages;
      const contracts::ColumnarPanel read = ReadWithRuns(panel, rows, &messages);
      EXPECT_EQ(RowsOf(read).SerializeAsString(), panel.SerializeAsString()) << rows;
      EXPECT_EQ(read.entity, inline_columns->entity) << rows;
      EXPECT_EQ(read.entity_names, inline_columns->entity_names) << rows;
      EXPECT_EQ(read.period, inline_columns->period) << rows;
    }
  }
}

TEST(ColumnarChunkTest, RunsAreSentOnlyWhereShorterAndOnlyWhenAskedFor) {
  const common::v1::Panel sorted = testing::MakeTestPanel(31, 7);
  std::vector<v1::ReadDatasetResponse> messages;
  ReadWithRuns(sorted, 100000, &messages);
  ASSERT_EQ(messages.size(), 1u);
  const v1::ColumnarChunk& runs = messages[0].columnar();
  EXPECT_EQ(runs.entity_codes_size(), 0);
  EXPECT_EQ(runs.period_size(), 0);
  EXPECT_EQ(runs.entity_run_codes_size(), 31);  // one run per entity
  EXPECT_EQ(runs.period_run_starts_size(), 31);  // 2000-2006 for each
  EXPECT_EQ(runs.period_run_lengths(30), 7);

  messages.clear();  // period-major: the entity codes run 0, 1, 2...: one per row is shorter
  ReadWithRuns(testing::PeriodMajor(sorted, 31, 7), 100000, &messages);
  EXPECT_EQ(messages[0].columnar().entity_codes_size(), 31 * 7);
  EXPECT_EQ(messages[0].columnar().entity_run_codes_size(), 0);
  EXPECT_EQ(messages[0].columnar().period_run_starts_size(), 0);  // 31 rows per period, not runs
  EXPECT_EQ(messages[0].columnar().period_size(), 31 * 7);

  const std::vector<bool> all(PartCount(SchemaOf(sorted)), true);
  ColumnarChunkEncoder per_row(SchemaOf(sorted), all);  // not asked for: today's message
  v1::ColumnarChunk chunk;
  ASSERT_TRUE(per_row.Encode(EncodeChunkParts(sorted), &chunk).ok());
  EXPECT_EQ(chunk.entity_codes_size(), 31 * 7);
  EXPECT_EQ(chunk.period_size(), 31 * 7);
  EXPECT_EQ(chunk.entity_run_codes_size() + chunk.period_run_starts_size(), 0);
}

}  // namespace
}  // namespace govmetrics::workspace

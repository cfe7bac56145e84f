// A dataset read over several ReadDataset streams (ReadDatasetRequest.slice): the
// workspace's choice of stored chunks for a slice (services/workspace/read_slice.h), the
// joining of slices decoded with dictionaries of their own into the columns one stream
// gives (common/workspace_client/slice_merger.h) with each slice's values written in place
// (ColumnarPanelBuilder::WriteValuesTo, at the row its first message's first_row names:
// response_first_row.h), and the cancelling of the other streams when one fails
// (concurrent_streams.h). The reads with the real binaries, and the fit
// on them, are in compute_by_reference_e2e_test.py (SlicedReads).
#include <chrono>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/contracts/columnar_panel.h"
#include "common/contracts/field_violations.h"
#include "common/workspace_client/columnar_chunk_parser.h"
#include "common/workspace_client/concurrent_streams.h"
#include "common/workspace_client/response_header.h"
#include "common/workspace_client/slice_merger.h"
#include "common/workspace_client/slice_numbering.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/workspace/columnar_chunk.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/read_slice.h"
#include "services/workspace/stored_entity_runs.h"
#include "services/workspace/stored_period_runs.h"
#include "tests/workspace/test_panels.h"

namespace govmetrics::workspace {
namespace {

v1::ReadSlice Slice(int count, int index) {
  v1::ReadSlice slice;
  slice.set_count(count);
  slice.set_index(index);
  return slice;
}

TEST(ReadSlice, TheSlicesOfOneCountTileTheChunksInOrder) {
  for (int64_t chunks : {0, 1, 2, 3, 7, 100, 3052}) {
    for (int count : {1, 2, 3, 5, 1024}) {
      int64_t next = 0;
      for (int index = 0; index < count; ++index) {
        auto range = SliceChunks(Slice(count, index), chunks);
        ASSERT_TRUE(range.ok()) << range.status();
        EXPECT_EQ(range->begin, next) << chunks << " chunks, slice " << index << " of " << count;
        EXPECT_GE(range->end, range->begin);
        EXPECT_LE(range->end - range->begin, chunks / count + 1);
        next = range->end;
      }
      EXPECT_EQ(next, chunks) << chunks << " chunks, " << count << " slices";
    }
  }
}

TEST(ReadSlice, UnsetIsEveryChunk) {
  auto range = SliceChunks(v1::ReadSlice(), 9);
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->begin, 0);
  EXPECT_EQ(range->end, 9);
}

TEST(ReadSlice, OutOfRangeNamesTheField) {
  const std::pair<v1::ReadSlice, const char*> cases[] = {
      {Slice(-1, 0), "slice.count"},  {Slice(kMaxReadSlices + 1, 0), "slice.count"},
      {Slice(2, 2), "slice.index"},   {Slice(2, -1), "slice.index"},
      {Slice(0, 1), "slice.index"}};
  for (const auto& [slice, field] : cases) {
    auto range = SliceChunks(slice, 10);
    ASSERT_EQ(range.status().code(), absl::StatusCode::kInvalidArgument) << field;
    const auto violations = contracts::ViolationsOf(range.status());
    ASSERT_EQ(violations.size(), 1u);
    EXPECT_EQ(violations[0].first, field);
  }
}

// Unbalanced (entity e has 1 + e % 5 periods), entity-major or period-major (every
// entity in every slice), with a label whose values recur across slices.
common::v1::Panel Unbalanced(int entities, bool period_major) {
  common::v1::Panel panel;
  auto* x = panel.add_columns();
  x->set_name("x");
  auto* y = panel.add_columns();
  y->set_name("y");
  auto* region = panel.add_labels();
  region->set_name("region");
  auto add = [&](int e, int t) {
    panel.add_entity(absl::StrCat(e % 3 == 0 ? "省" : "E", e));
    panel.add_period(2000 + t);
    const int row = panel.entity_size();
    x->add_values(row == 4 ? std::numeric_limits<double>::quiet_NaN() : 0.25 * row - 3);
    y->add_values(row == 5 ? -0.0 : std::sin(row) * 1e6);
    region->add_values(absl::StrCat("r", (e * 7 + t) % 4));
  };
  for (int outer = 0; outer < (period_major ? 5 : entities); ++outer) {
    for (int inner = 0; inner < (period_major ? entities : 5); ++inner) {
      const int e = period_major ? inner : outer, t = period_major ? outer : inner;
      if (t < 1 + e % 5) add(e, t);
    }
  }
  return panel;
}

// `panel` in stored chunks of `chunk_rows` rows, with the parts an upload writes: the
// panel's, then the entity runs, new entities and period runs (stored_entity_runs.h),
// numbered across the chunks as the upload numbers them.
std::vector<std::vector<std::string>> StoredChunks(const common::v1::Panel& panel, int chunk_rows) {
  absl::flat_hash_map<std::string, int32_t> codes;
  EntityRunsWriter runs;
  std::vector<std::vector<std::string>> chunks;
  for (int first = 0; first < panel.entity_size(); first += chunk_rows) {
    const common::v1::Panel rows = testing::RowSlice(panel, first, chunk_rows);
    chunks.push_back(EncodeChunkParts(rows));
    for (const std::string& name : rows.entity()) {
      auto [it, added] = codes.try_emplace(name, static_cast<int32_t>(codes.size()));
      if (added) runs.AddNewName(name);
      runs.AddRows(it->second, 1);
    }
    runs.MoveInto(&chunks.back());
    chunks.back().push_back(PeriodRunsPartOf(chunks.back()[kPeriodPart]));
  }
  return chunks;
}

// The entities stored chunks [0, seq) introduce (what EntitiesBefore reads in the database).
int64_t EntitiesBeforeChunk(const std::vector<std::vector<std::string>>& chunks,
                            const common::v1::Panel& schema, int64_t seq) {
  int64_t entities = 0;
  for (int64_t k = 0; k < seq; ++k)
    entities += CountNewEntities(chunks[k][NewEntitiesPart(schema)]);
  return entities;
}

// How the slices of ReadSliced number their entities: their own (a workspace or dataset
// without dataset-wide codes), the dataset's, or the dataset's on odd slices only.
enum class Numbering { kOwn, kDataset, kMixed };

// One slice's stream as the reader takes it: each message, written by the workspace's
// encoder (numbering the dataset's entities or not), goes as wire bytes through the header
// (where its rows go, how they are numbered) into the slice's builder.
void ReadOneSlice(const common::v1::Panel& schema,
                  const std::vector<std::vector<std::string>>& chunks, ChunkRange range,
                  bool dataset_codes, Eigen::MatrixXd* block,
                  contracts::ColumnarPanelBuilder* builder,
                  workspace_client::SliceNumbering* numbering) {
  std::vector<bool> wanted(PartCount(schema), true);
  if (dataset_codes) WantStoredRuns(schema, &wanted);
  ColumnarChunkEncoder encoder(schema, wanted, /*run_length_codes=*/true);
  if (dataset_codes) {
    ASSERT_TRUE(
        encoder.NumberDatasetEntities(EntitiesBeforeChunk(chunks, schema, range.begin)).ok());
  }
  workspace_client::ColumnarChunkParser parser(builder, block->rows());
  std::vector<ColumnarChunkEncoder::WirePiece> pieces;
  int64_t first_row = 0;
  for (int64_t seq = 0; seq < range.end; ++seq) {
    if (seq < range.begin) {  // rows before the slice: where it starts
      first_row += static_cast<int64_t>(chunks[seq][ColumnPart(0)].size() / sizeof(double));
      continue;
    }
    std::vector<std::string> parts = chunks[seq];
    auto rows = encoder.EncodeResponse(
        first_row, &parts, [](int) { return std::string(); }, &pieces);
    ASSERT_TRUE(rows.ok()) << rows.status();
    std::string bytes;
    for (const auto& piece : pieces) bytes += piece.bytes;
    grpc::Slice slice(bytes);
    grpc::ByteBuffer message(&slice, 1);
    auto header = workspace_client::ReadResponseHeader(message);
    ASSERT_TRUE(header.ok()) << header.status();
    EXPECT_EQ(header->dataset_entity_codes, dataset_codes);
    if (seq == range.begin) builder->WriteValuesTo(block, header->first_row);
    const absl::Status numbered = numbering->Next(*header, builder);
    ASSERT_TRUE(numbered.ok()) << numbered;
    auto appended = parser.Append(message);
    ASSERT_TRUE(appended.ok()) << appended.status();
    ASSERT_EQ(*appended, *rows);
    first_row += *rows;
  }
}

// `panel` stored in chunks of `chunk_rows`, read as `slices` slices (each with an encoder
// of its own, as each stream has on the workspace), each decoded into a builder of its
// own that writes its values into their rows of one block, joined. The first slice's
// builder has room for every row, the others for one (their arrays grow).
contracts::ColumnarPanel ReadSliced(const common::v1::Panel& panel, int chunk_rows, int slices,
                                    Numbering numbering = Numbering::kOwn) {
  const common::v1::Panel schema = SchemaOf(panel);
  const auto chunks = StoredChunks(panel, chunk_rows);
  std::vector<std::unique_ptr<contracts::ColumnarPanelBuilder>> builders;
  std::vector<workspace_client::SliceNumbering> numberings(slices);
  Eigen::MatrixXd block(panel.entity_size(), 2);
  for (int s = 0; s < slices; ++s) {
    builders.push_back(std::make_unique<contracts::ColumnarPanelBuilder>(
        std::vector<std::string>{"x", "y"}, std::vector<std::string>{"region"},
        s == 0 ? panel.entity_size() : 1, std::vector<std::string>{"y"}));
    auto range = SliceChunks(Slice(slices, s), static_cast<int64_t>(chunks.size()));
    EXPECT_TRUE(range.ok());
    const bool dataset_codes =
        numbering == Numbering::kDataset || (numbering == Numbering::kMixed && s % 2 == 1);
    ReadOneSlice(schema, chunks, *range, dataset_codes, &block, builders.back().get(),
                 &numberings[s]);
  }
  workspace_client::SliceMerger merger;
  for (int s = 0; s < slices; ++s) {
    const absl::Status appended =
        merger.Append(std::move(builders[s]->mutable_panel()), numberings[s].entities_before());
    EXPECT_TRUE(appended.ok()) << appended;
  }
  return std::move(merger).Finish(std::move(block));
}

// The facts the builders gathered as the rows came (columnar_checks.h) are those of one
// builder over every row: each covers the whole panel.
void ExpectSameFacts(const contracts::ColumnarPanel& got, const contracts::ColumnarPanel& want) {
  ASSERT_TRUE(want.checks.Cover(want.rows()));
  ASSERT_TRUE(got.checks.Cover(got.rows()));
  EXPECT_FALSE(got.checks.Cover(got.rows() - 1));
  EXPECT_EQ(got.checks.PeriodsIncrease(), want.checks.PeriodsIncrease());
  for (int c = 0; c < static_cast<int>(want.column_names.size()); ++c) {
    EXPECT_EQ(got.checks.AllFinite(c), want.checks.AllFinite(c)) << want.column_names[c];
  }
  // The counts the engine makes its factors from (identifier_facts.h): one builder's.
  ASSERT_TRUE(want.identifiers.Cover(want.rows()));
  ASSERT_TRUE(got.identifiers.Cover(got.rows()));
  EXPECT_EQ(got.identifiers.entity().counts, want.identifiers.entity().counts);
  EXPECT_EQ(got.identifiers.period().first, want.identifiers.period().first);
  EXPECT_EQ(got.identifiers.period().counts, want.identifiers.period().counts);
}

void ExpectIdentical(const contracts::ColumnarPanel& got, const contracts::ColumnarPanel& want) {
  EXPECT_EQ(got.entity_names, want.entity_names);
  EXPECT_EQ(got.entity, want.entity);
  EXPECT_EQ(got.period, want.period);
  EXPECT_EQ(got.column_names, want.column_names);
  ASSERT_EQ(got.values.rows(), want.values.rows());
  ASSERT_EQ(got.values.cols(), want.values.cols());
  EXPECT_EQ(std::memcmp(got.values.data(), want.values.data(), sizeof(double) * want.values.size()),
            0);  // bit for bit: NaN, negative zero
  EXPECT_EQ(got.label_names, want.label_names);
  EXPECT_EQ(got.label_levels, want.label_levels);
  EXPECT_EQ(got.labels, want.labels);
  ExpectSameFacts(got, want);
}

// Whether the slices number their own entities (joined through dictionaries), the
// dataset's (concatenated), or some one way and some the other (a workspace replica of
// each kind), the join is the single stream's panel, facts and counts included.
TEST(SliceMerger, SlicesJoinIntoTheColumnsOfOneStreamBitForBit) {
  for (bool period_major : {false, true}) {
    const common::v1::Panel panel = Unbalanced(23, period_major);
    // One stream (one slice) is the reference: the read without slices.
    for (int chunk_rows : {1, 4, 7, 200}) {  // 4 and 7 split entities between chunks
      const contracts::ColumnarPanel one = ReadSliced(panel, chunk_rows, 1);
      ASSERT_EQ(one.rows(), panel.entity_size());
      ExpectIdentical(ReadSliced(panel, chunk_rows, 1, Numbering::kDataset), one);
      for (int slices : {2, 3, 5}) {  // 200 rows a chunk: one chunk, empty slices
        for (Numbering numbering : {Numbering::kOwn, Numbering::kDataset, Numbering::kMixed}) {
          SCOPED_TRACE(absl::StrCat(period_major ? "period" : "entity", "-major, chunks of ",
                                    chunk_rows, ", ", slices, " slices, numbering ",
                                    static_cast<int>(numbering)));
          ExpectIdentical(ReadSliced(panel, chunk_rows, slices, numbering), one);
        }
      }
    }
  }
}

// Rows (entity, period) with x = 0.5 * row and y = 1 (an infinite x at row `inf_row`).
common::v1::Panel PanelOfRows(const std::vector<std::pair<const char*, int>>& rows, int inf_row = -1) {
  common::v1::Panel panel;
  auto* x = panel.add_columns();
  x->set_name("x");
  auto* y = panel.add_columns();
  y->set_name("y");
  for (const auto& [entity, period] : rows) {
    const int row = panel.entity_size();
    panel.add_entity(entity);
    panel.add_period(period);
    x->add_values(row == inf_row ? std::numeric_limits<double>::infinity() : 0.5 * row);
    y->add_values(1.0);
  }
  return panel;
}

// `panel` read as slices starting at rows `starts` (the first 0), each into a builder of
// its own writing its values into one block, joined; and read by one builder.
struct TwoReads {
  contracts::ColumnarPanel sliced;
  contracts::ColumnarPanel whole;
};
TwoReads ReadBothWays(const common::v1::Panel& panel, const std::vector<int>& starts) {
  const int rows = panel.entity_size();
  Eigen::MatrixXd block(rows, 2);
  std::vector<contracts::ColumnarPanelBuilder> builders;
  for (size_t s = 0; s < starts.size(); ++s) {
    const int end = s + 1 < starts.size() ? starts[s + 1] : rows;
    builders.emplace_back(std::vector<std::string>{"x", "y"}, std::vector<std::string>{}, rows);
    builders.back().WriteValuesTo(&block, starts[s]);
    const absl::Status appended = builders.back().Append(testing::RowSlice(panel, starts[s], end - starts[s]));
    EXPECT_TRUE(appended.ok()) << appended;
  }
  workspace_client::SliceMerger merger;
  for (size_t s = 0; s < builders.size(); ++s) {
    const absl::Status appended = merger.Append(std::move(builders[s].mutable_panel()), {});
    EXPECT_TRUE(appended.ok()) << appended;
  }
  contracts::ColumnarPanelBuilder one({"x", "y"}, {}, rows);
  EXPECT_TRUE(one.Append(panel).ok());
  return {std::move(merger).Finish(std::move(block)), std::move(one).Finish()};
}

// Joining the slices' facts proves what one builder proves over all the rows, for every
// place the slices can start: PeriodsIncrease (every entity's periods strictly increase
// in row order, hence no repeated (entity, period)) fails for a pair repeated across a
// slice boundary, for periods decreasing across it, and for an entity that comes back,
// after another, in a later slice at a period it had; it holds for an entity that comes
// back later at a later period (as it does on one stream: period-major panels).
TEST(SliceMerger, JoinedFactsAreOneStreamsFactsWhereverTheSlicesStart) {
  using R = std::vector<std::pair<const char*, int>>;
  const std::pair<R, bool> cases[] = {
      {{{"A", 1}, {"A", 2}, {"B", 1}, {"B", 2}, {"C", 5}}, true},  // entity-major
      {{{"A", 1}, {"B", 1}, {"C", 1}, {"A", 2}, {"B", 2}}, true},  // period-major
      {{{"A", 1}, {"A", 2}, {"A", 2}, {"B", 1}, {"B", 3}}, false},  // (A, 2) twice, adjacent
      {{{"A", 1}, {"A", 3}, {"A", 2}, {"B", 1}, {"B", 2}}, false},  // A's periods decrease
      {{{"A", 1}, {"A", 2}, {"B", 1}, {"B", 2}, {"A", 2}}, false},  // A comes back at 2
      {{{"A", 1}, {"A", 2}, {"B", 1}, {"C", 3}, {"A", 1}}, false},  // A comes back at 1
      {{{"A", 5}, {"B", 1}, {"C", 1}, {"D", 1}, {"A", 4}}, false},  // A back, lower
      {{{"A", 1}, {"B", 1}, {"C", 2}, {"B", 2}, {"A", 3}}, true},   // back, later periods
  };
  // Slices from these rows (the first always 0; empty slices first, in the middle, last).
  const std::vector<std::vector<int>> starts = {{0}, {0, 1}, {0, 2}, {0, 3}, {0, 4},
                                                {0, 2, 3}, {0, 1, 4}, {0, 0, 3}, {0, 2, 2, 4}, {0, 1, 2, 3, 5}};
  for (size_t c = 0; c < std::size(cases); ++c) {
    for (const std::vector<int>& slice_starts : starts) {
      SCOPED_TRACE(absl::StrCat("case ", c, ", slices from rows ", absl::StrJoin(slice_starts, ",")));
      const TwoReads reads = ReadBothWays(PanelOfRows(cases[c].first), slice_starts);
      EXPECT_EQ(reads.whole.checks.PeriodsIncrease(), cases[c].second);
      ExpectSameFacts(reads.sliced, reads.whole);
      EXPECT_EQ(reads.sliced.entity, reads.whole.entity);
    }
  }
}

// Each slice checks the values it wrote into the shared block, at its own rows: an
// infinite value in any slice is seen, and rows other slices write are not read.
TEST(SliceMerger, EachSliceChecksItsOwnRowsOfTheSharedBlock) {
  const common::v1::Panel clean = PanelOfRows({{"A", 1}, {"A", 2}, {"B", 1}, {"B", 2}, {"C", 1}});
  for (int inf_row = -1; inf_row < clean.entity_size(); ++inf_row) {
    const TwoReads reads = ReadBothWays(PanelOfRows({{"A", 1}, {"A", 2}, {"B", 1}, {"B", 2}, {"C", 1}},
                                             inf_row), {0, 2, 3});
    EXPECT_EQ(reads.sliced.checks.AllFinite(0), inf_row < 0) << inf_row;  // x
    EXPECT_TRUE(reads.sliced.checks.AllFinite(1)) << inf_row;             // y
    ExpectSameFacts(reads.sliced, reads.whole);
  }
  // Rows 0-2 of the block are not the slice's: left NaN, they are not its facts.
  Eigen::MatrixXd block = Eigen::MatrixXd::Constant(5, 2, std::numeric_limits<double>::quiet_NaN());
  contracts::ColumnarPanelBuilder last({"x", "y"}, {}, 2);
  last.WriteValuesTo(&block, 3);
  ASSERT_TRUE(last.Append(testing::RowSlice(clean, 3, 2)).ok());
  ASSERT_TRUE(last.mutable_panel().checks.Cover(2));
  EXPECT_TRUE(last.mutable_panel().checks.AllFinite(0));
  EXPECT_TRUE(last.mutable_panel().checks.AllFinite(1));
}

// A slice without facts (not a builder's, or Finished: its periods freed) leaves the
// joined panel with none (then every check runs in full), never with wrong ones.
TEST(SliceMerger, ASliceWithoutFactsLeavesNone) {
  const common::v1::Panel panel = PanelOfRows({{"A", 1}, {"A", 2}, {"B", 1}});
  contracts::ColumnarPanelBuilder first({"x", "y"}, {}, 3);
  ASSERT_TRUE(first.Append(testing::RowSlice(panel, 0, 2)).ok());
  contracts::ColumnarPanel unbuilt;
  unbuilt.column_names = {"x", "y"};
  unbuilt.entity_names = {"B"};
  unbuilt.entity = {0};
  unbuilt.period = {1};
  workspace_client::SliceMerger merger;
  ASSERT_TRUE(merger.Append(std::move(first.mutable_panel()), {}).ok());
  ASSERT_TRUE(merger.Append(std::move(unbuilt), {}).ok());
  const contracts::ColumnarPanel without = std::move(merger).Finish(Eigen::MatrixXd::Zero(3, 2));
  EXPECT_FALSE(without.checks.Cover(3));
  EXPECT_FALSE(without.identifiers.Cover(3));

  contracts::ColumnarPanelBuilder again({"x", "y"}, {}, 3), finished({"x", "y"}, {}, 1);
  ASSERT_TRUE(again.Append(testing::RowSlice(panel, 0, 2)).ok());
  ASSERT_TRUE(finished.Append(testing::RowSlice(panel, 2, 1)).ok());
  const contracts::ColumnarPanel done = std::move(finished).Finish();
  ASSERT_TRUE(done.checks.PeriodsIncrease());
  workspace_client::SliceMerger joined;
  ASSERT_TRUE(joined.Append(std::move(again.mutable_panel()), {}).ok());
  ASSERT_TRUE(joined.Append(contracts::ColumnarPanel(done), {}).ok());
  const contracts::ColumnarPanel result = std::move(joined).Finish(Eigen::MatrixXd::Zero(3, 2));
  ASSERT_TRUE(result.checks.Cover(3));
  EXPECT_FALSE(result.checks.PeriodsIncrease());  // unproven: checked in full
}

TEST(SliceMerger, TheJoinedColumnsAreTheInlinePanelsColumns) {
  const common::v1::Panel panel = Unbalanced(31, /*period_major=*/true);
  auto inline_columns = contracts::ToColumnar(panel);
  ASSERT_TRUE(inline_columns.ok());
  const contracts::ColumnarPanel sliced = ReadSliced(panel, 6, 3);
  EXPECT_EQ(sliced.entity_names, inline_columns->entity_names);
  EXPECT_EQ(sliced.entity, inline_columns->entity);
  EXPECT_EQ(sliced.labels, inline_columns->labels);
  EXPECT_EQ(sliced.label_levels, inline_columns->label_levels);
}

TEST(SliceMerger, ValuesPastTheSharedBlockAreDataLossAndNotWritten) {
  const common::v1::Panel panel = Unbalanced(4, /*period_major=*/false);
  const int rows = panel.entity_size();
  Eigen::MatrixXd block = Eigen::MatrixXd::Constant(rows, 2, 7.0);
  contracts::ColumnarPanelBuilder builder({"x", "y"}, {"region"}, rows);
  builder.WriteValuesTo(&block, 1);  // one row too far on
  const absl::Status appended = builder.Append(panel);
  EXPECT_EQ(appended.code(), absl::StatusCode::kDataLoss) << appended;
  EXPECT_EQ(block, Eigen::MatrixXd::Constant(rows, 2, 7.0));
  contracts::ColumnarPanelBuilder fits({"x", "y"}, {"region"}, rows);
  fits.WriteValuesTo(&block, 0);
  EXPECT_TRUE(fits.Append(panel).ok());
  EXPECT_EQ(block(rows - 1, 1), panel.columns(1).values(rows - 1));
  EXPECT_EQ(fits.mutable_panel().values.size(), 0);  // its own block was freed
}

TEST(ResponseHeader, ReadsTheFieldsFromTheWireBytesWhereverTheyAre) {
  v1::ReadDatasetResponse response;
  response.mutable_columnar()->add_period(2001);
  auto header = [](const v1::ReadDatasetResponse& message) {
    grpc::Slice slice(message.SerializeAsString());
    grpc::ByteBuffer bytes(&slice, 1);
    auto read = workspace_client::ReadResponseHeader(bytes);
    EXPECT_TRUE(read.ok()) << read.status();
    return read.value_or(workspace_client::ResponseHeader());
  };
  EXPECT_EQ(header(response).first_row, 0);  // absent: 0
  EXPECT_FALSE(header(response).dataset_entity_codes);
  EXPECT_EQ(header(response).entities_before, 0);
  response.set_first_row(int64_t{1} << 40);
  response.set_dataset_entity_codes(true);
  response.set_entities_before(123456);
  response.mutable_chunk()->add_entity("A");  // a field before them
  EXPECT_EQ(header(response).first_row, int64_t{1} << 40);
  EXPECT_TRUE(header(response).dataset_entity_codes);
  EXPECT_EQ(header(response).entities_before, 123456);
  response.set_entities_before(-1);  // a negative int32: 10 bytes, read as -1
  EXPECT_EQ(header(response).entities_before, -1);
  for (const std::string& garbage :
       {std::string("\x10\xff", 2), std::string("\x28", 1), std::string("\x1a\x05\x00", 3)}) {
    grpc::Slice slice(garbage);
    grpc::ByteBuffer bytes(&slice, 1);
    EXPECT_EQ(workspace_client::ReadResponseHeader(bytes).status().code(),
              absl::StatusCode::kDataLoss);
  }
}

TEST(SliceMerger, ASliceWithOtherColumnsIsDataLossNamingThem) {
  contracts::ColumnarPanelBuilder first({"x", "y"}, {}, 1);
  contracts::ColumnarPanelBuilder other({"x", "z"}, {}, 1);
  workspace_client::SliceMerger merger;
  ASSERT_TRUE(merger.Append(std::move(first.mutable_panel()), {}).ok());
  const absl::Status appended = merger.Append(std::move(other.mutable_panel()), {});
  EXPECT_EQ(appended.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(appended.message().find("[x, z]"), std::string::npos) << appended;
}

// A slice with the entity names `names` and rows of codes `codes` (in period 2000).
contracts::ColumnarPanel DatasetCodedSlice(std::vector<std::string> names,
                                           std::vector<int32_t> codes) {
  contracts::ColumnarPanel slice;
  slice.column_names = {"x", "y"};
  slice.entity_names = std::move(names);
  slice.entity = std::move(codes);
  slice.period.assign(slice.entity.size(), 2000);
  return slice;
}

// The workspace said how many entities come before each slice: the join checks it
// against the names the slices before sent (a name sent by two slices, or one missing,
// would otherwise shift every code after it), and the first slice has none before it.
TEST(SliceMerger, EntitiesBeforeASliceThatAreNotTheNamesBeforeItAreDataLoss) {
  {
    workspace_client::SliceMerger merger;
    ASSERT_TRUE(merger.Append(DatasetCodedSlice({"A", "B"}, {0, 1}), 0).ok());
    ASSERT_TRUE(merger.Append(DatasetCodedSlice({"C"}, {1, 2}), 2).ok());
    const absl::Status appended = merger.Append(DatasetCodedSlice({"D"}, {3}), 2);
    EXPECT_EQ(appended.code(), absl::StatusCode::kDataLoss) << appended;
    EXPECT_NE(appended.message().find("after 2 entities"), std::string::npos) << appended;
    EXPECT_NE(appended.message().find("sent 3"), std::string::npos) << appended;
  }
  {
    workspace_client::SliceMerger merger;
    const absl::Status appended = merger.Append(DatasetCodedSlice({"B"}, {1}), 1);
    EXPECT_EQ(appended.code(), absl::StatusCode::kDataLoss) << appended;
    EXPECT_NE(appended.message().find("first slice"), std::string::npos) << appended;
  }
  {  // a slice numbering its own entities after one numbering the dataset's, and back
    workspace_client::SliceMerger merger;
    ASSERT_TRUE(merger.Append(DatasetCodedSlice({"A", "B"}, {0, 1}), 0).ok());
    ASSERT_TRUE(merger.Append(DatasetCodedSlice({"B", "C"}, {0, 1}), std::nullopt).ok());
    ASSERT_TRUE(merger.Append(DatasetCodedSlice({"D"}, {2, 3}), 3).ok());
    const contracts::ColumnarPanel joined = std::move(merger).Finish(Eigen::MatrixXd::Zero(6, 2));
    EXPECT_EQ(joined.entity_names, (std::vector<std::string>{"A", "B", "C", "D"}));
    EXPECT_EQ(joined.entity, (std::vector<int32_t>{0, 1, 1, 2, 2, 3}));
  }
}

// A builder numbering after `before` entities: codes below it are known without their
// names, its own names take the codes from `before` on, in order of first appearance.
TEST(SliceNumbering, ABuilderNumberingTheDatasetsEntitiesChecksItsCodesAgainstThem) {
  auto status_of = [](std::vector<std::string> names, std::vector<int32_t> codes) {
    contracts::ColumnarPanelBuilder builder({}, {}, 4);
    builder.NumberEntitiesAfter(5);
    builder.StartChunk();
    for (auto& name : names) EXPECT_TRUE(builder.AddEntityName(std::move(name)).ok());
    auto& panel = builder.mutable_panel();
    panel.entity = std::move(codes);
    panel.period.assign(panel.entity.size(), 2000);
    return builder.EndChunk().status();
  };
  EXPECT_TRUE(status_of({"F", "G"}, {4, 5, 0, 6}).ok());
  EXPECT_TRUE(status_of({}, {4, 0}).ok());
  EXPECT_EQ(status_of({"F"}, {7}).code(), absl::StatusCode::kDataLoss);          // past the names
  EXPECT_EQ(status_of({"F", "G"}, {6, 5}).code(), absl::StatusCode::kDataLoss);  // out of order
  EXPECT_EQ(status_of({"F", "G"}, {5}).code(), absl::StatusCode::kDataLoss);     // G unused
  EXPECT_EQ(status_of({}, {-1}).code(), absl::StatusCode::kDataLoss);
}

workspace_client::ResponseHeader Header(int64_t first_row, bool dataset_codes, int64_t before) {
  workspace_client::ResponseHeader header;
  header.first_row = first_row;
  header.dataset_entity_codes = dataset_codes;
  header.entities_before = before;
  return header;
}

// Every message of a slice's stream must number its entities as the first did, and say
// how many entities come before its chunk: the first's plus the names received since.
TEST(SliceNumbering, AStreamThatBreaksItsNumberingIsDataLossAsItsChunkComes) {
  contracts::ColumnarPanelBuilder builder({}, {}, 10);
  workspace_client::SliceNumbering numbering;
  ASSERT_TRUE(numbering.Next(Header(100, true, 40), &builder).ok());
  EXPECT_EQ(numbering.entities_before(), 40);
  ASSERT_TRUE(builder.AddEntityName("A").ok());
  ASSERT_TRUE(builder.AddEntityName("B").ok());
  EXPECT_TRUE(numbering.Next(Header(110, true, 42), &builder).ok());
  const absl::Status shifted = numbering.Next(Header(120, true, 41), &builder);
  EXPECT_EQ(shifted.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(shifted.message().find("entities_before"), std::string::npos) << shifted;
  const absl::Status dropped = numbering.Next(Header(120, false, 0), &builder);
  EXPECT_EQ(dropped.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(dropped.message().find("dataset_entity_codes"), std::string::npos) << dropped;

  workspace_client::SliceNumbering own;  // a stream numbering its own: no entities before
  ASSERT_TRUE(own.Next(Header(100, false, 0), &builder).ok());
  EXPECT_EQ(own.entities_before(), std::nullopt);
  EXPECT_EQ(own.Next(Header(110, true, 0), &builder).code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(workspace_client::SliceNumbering().entities_before(), std::nullopt);  // no message

  for (int64_t before : {-1, 101}) {  // no more entities than rows before the slice
    workspace_client::SliceNumbering bad;
    const absl::Status started = bad.Next(Header(100, true, before), &builder);
    EXPECT_EQ(started.code(), absl::StatusCode::kDataLoss) << before;
    EXPECT_NE(started.message().find("entities_before"), std::string::npos) << started;
  }
}

// A ReadDataset that sends nothing and ends only when its call is cancelled.
class EndlessReads final : public v1::WorkspaceService::Service {
  grpc::Status ReadDataset(grpc::ServerContext* context, const v1::ReadDatasetRequest*,
                           grpc::ServerWriter<v1::ReadDatasetResponse>*) override {
    while (!context->IsCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    return grpc::Status::CANCELLED;
  }
};

TEST(ConcurrentStreams, TheFirstFailureCancelsTheOtherStreamsAndIsTheResult) {
  EndlessReads service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  auto stub = v1::WorkspaceService::NewStub(
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials()));
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<grpc::ClientContext*> pointers;
  for (int i = 0; i < 3; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    // Only so that a broken cancel fails the test instead of hanging it.
    contexts.back()->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    pointers.push_back(contexts.back().get());
  }
  std::vector<grpc::StatusCode> ends(3, grpc::StatusCode::OK);
  const absl::Status status = workspace_client::RunConcurrently(pointers, [&](int i) {
    if (i == 1) return absl::DataLossError("slice 1 is corrupt");
    v1::ReadDatasetResponse response;
    auto reader = stub->ReadDataset(contexts[i].get(), v1::ReadDatasetRequest());
    while (reader->Read(&response)) {
    }
    ends[i] = reader->Finish().error_code();
    return absl::CancelledError("cancelled");
  });
  EXPECT_EQ(status, absl::DataLossError("slice 1 is corrupt"));
  EXPECT_EQ(ends[0], grpc::StatusCode::CANCELLED);
  EXPECT_EQ(ends[2], grpc::StatusCode::CANCELLED);
  server->Shutdown();
}

TEST(ConcurrentStreams, AllSucceedingIsOk) {
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<grpc::ClientContext*> pointers;
  for (int i = 0; i < 4; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    pointers.push_back(contexts.back().get());
  }
  std::vector<int> ran(4, 0);
  EXPECT_TRUE(workspace_client::RunConcurrently(pointers, [&](int i) {
                ran[i] = 1;
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(ran, std::vector<int>(4, 1));
}

}  // namespace
}  // namespace govmetrics::workspace

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

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/contracts/columnar_panel.h"
#include "common/contracts/field_violations.h"
#include "common/workspace_client/concurrent_streams.h"
#include "common/workspace_client/response_first_row.h"
#include "common/workspace_client/slice_merger.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "gtest/gtest.h"
#include "services/workspace/columnar_chunk.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/read_slice.h"
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

// `panel` stored in chunks of `chunk_rows`, read as `slices` slices (each with an encoder
// of its own, as each stream has on the workspace), each decoded into a builder of its
// own that writes its values into their rows of one block, joined. The first slice's
// builder has room for every row, the others for one (their arrays grow).
contracts::ColumnarPanel ReadSliced(const common::v1::Panel& panel, int chunk_rows, int slices) {
  const common::v1::Panel schema = SchemaOf(panel);
  std::vector<std::vector<std::string>> chunks;
  for (int first = 0; first < panel.entity_size(); first += chunk_rows) {
    chunks.push_back(EncodeChunkParts(testing::RowSlice(panel, first, chunk_rows)));
  }
  const std::vector<bool> wanted(PartCount(schema), true);
  std::vector<contracts::ColumnarPanelBuilder> builders;
  Eigen::MatrixXd block(panel.entity_size(), 2);
  for (int s = 0; s < slices; ++s) {
    builders.emplace_back(std::vector<std::string>{"x", "y"}, std::vector<std::string>{"region"},
                          s == 0 ? panel.entity_size() : 1, std::vector<std::string>{"y"});
    auto range = SliceChunks(Slice(slices, s), static_cast<int64_t>(chunks.size()));
    EXPECT_TRUE(range.ok());
    builders.back().WriteValuesTo(&block, range->begin * chunk_rows);
    ColumnarChunkEncoder encoder(schema, wanted);
    v1::ColumnarChunk chunk;
    for (int64_t seq = range->begin; seq < range->end; ++seq) {
      EXPECT_TRUE(encoder.Encode(chunks[seq], &chunk).ok());
      const absl::Status appended = builders.back().Append(chunk);
      EXPECT_TRUE(appended.ok()) << appended;
    }
  }
  workspace_client::SliceMerger merger(std::move(builders[0].mutable_panel()));
  for (int s = 1; s < slices; ++s) {
    const absl::Status appended = merger.Append(builders[s].mutable_panel());
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

TEST(SliceMerger, SlicesJoinIntoTheColumnsOfOneStreamBitForBit) {
  for (bool period_major : {false, true}) {
    const common::v1::Panel panel = Unbalanced(23, period_major);
    // One stream (one slice) is the reference: the read without slices.
    for (int chunk_rows : {1, 4, 7, 200}) {  // 4 and 7 split entities between chunks
      const contracts::ColumnarPanel one = ReadSliced(panel, chunk_rows, 1);
      ASSERT_EQ(one.rows(), panel.entity_size());
      for (int slices : {2, 3, 5}) {  // 200 rows a chunk: one chunk, empty slices
        SCOPED_TRACE(absl::StrCat(period_major ? "period" : "entity", "-major, chunks of ",
                                  chunk_rows, ", ", slices, " slices"));
        ExpectIdentical(ReadSliced(panel, chunk_rows, slices), one);
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
  workspace_client::SliceMerger merger(std::move(builders[0].mutable_panel()));
  for (size_t s = 1; s < builders.size(); ++s) {
    const absl::Status appended = merger.Append(builders[s].mutable_panel());
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
  workspace_client::SliceMerger merger(std::move(first.mutable_panel()));
  ASSERT_TRUE(merger.Append(unbuilt).ok());
  EXPECT_FALSE(std::move(merger).Finish(Eigen::MatrixXd::Zero(3, 2)).checks.Cover(3));

  contracts::ColumnarPanelBuilder again({"x", "y"}, {}, 3), finished({"x", "y"}, {}, 1);
  ASSERT_TRUE(again.Append(testing::RowSlice(panel, 0, 2)).ok());
  ASSERT_TRUE(finished.Append(testing::RowSlice(panel, 2, 1)).ok());
  const contracts::ColumnarPanel done = std::move(finished).Finish();
  ASSERT_TRUE(done.checks.PeriodsIncrease());
  workspace_client::SliceMerger joined(std::move(again.mutable_panel()));
  ASSERT_TRUE(joined.Append(done).ok());
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

TEST(ResponseFirstRow, ReadsTheFieldFromTheWireBytesWhereverItIs) {
  v1::ReadDatasetResponse response;
  response.mutable_columnar()->add_period(2001);
  auto first_row = [](const v1::ReadDatasetResponse& message) {
    grpc::Slice slice(message.SerializeAsString());
    grpc::ByteBuffer bytes(&slice, 1);
    return workspace_client::ResponseFirstRow(bytes);
  };
  EXPECT_EQ(*first_row(response), 0);  // absent: 0
  response.set_first_row(int64_t{1} << 40);
  EXPECT_EQ(*first_row(response), int64_t{1} << 40);
  response.mutable_chunk()->add_entity("A");  // a field before it
  EXPECT_EQ(*first_row(response), int64_t{1} << 40);
  grpc::Slice garbage(std::string("\x10\xff", 2));
  grpc::ByteBuffer bytes(&garbage, 1);
  EXPECT_EQ(workspace_client::ResponseFirstRow(bytes).status().code(), absl::StatusCode::kDataLoss);
}

TEST(SliceMerger, ASliceWithOtherColumnsIsDataLossNamingThem) {
  contracts::ColumnarPanelBuilder first({"x", "y"}, {}, 1);
  contracts::ColumnarPanelBuilder other({"x", "z"}, {}, 1);
  workspace_client::SliceMerger merger(std::move(first.mutable_panel()));
  const absl::Status appended = merger.Append(other.mutable_panel());
  EXPECT_EQ(appended.code(), absl::StatusCode::kDataLoss);
  EXPECT_NE(appended.message().find("[x, z]"), std::string::npos) << appended;
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

// The wire parser of COLUMNAR ReadDataset messages (common/workspace_client/
// columnar_chunk_parser.h) fills the ColumnarPanel the generated parser plus
// ColumnarPanelBuilder::Append fill, from the same bytes split across many gRPC slices;
// it takes what a protobuf parser takes (unpacked numbers, unknown fields, a ROWS
// message from an older workspace), and refuses what the builder refuses, and malformed
// bytes, as DATA_LOSS. Entity codes and periods sent as runs (ReadDatasetRequest.
// run_length_codes) give the panel of the same rows sent one value per row, in any mix of
// forms across fields and chunks; runs that do not cover the chunk's rows exactly are
// DATA_LOSS naming the field.
#include <climits>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "common/contracts/columnar_panel.h"
#include "common/workspace_client/columnar_chunk_parser.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "grpcpp/support/slice.h"
#include "gtest/gtest.h"

namespace govmetrics::workspace_client {
namespace {

using contracts::ColumnarPanel;
using contracts::ColumnarPanelBuilder;
using workspace::v1::ColumnarChunk;
using workspace::v1::ReadDatasetResponse;

// `bytes` as gRPC receives a message: in slices (here of `slice` bytes, to cross every
// field boundary somewhere).
grpc::ByteBuffer Buffer(const std::string& bytes, size_t slice = 7) {
  std::vector<grpc::Slice> slices;
  for (size_t at = 0; at < bytes.size(); at += slice) {
    slices.emplace_back(bytes.substr(at, slice));
  }
  return grpc::ByteBuffer(slices.data(), slices.size());
}

std::string Serialized(const ColumnarChunk& chunk) {
  ReadDatasetResponse response;
  response.set_first_row(3);
  *response.mutable_columnar() = chunk;
  return response.SerializeAsString();
}

// Entities by code, period 2000 + row, y and x, a label "region" with values by code.
ColumnarChunk Chunk(std::vector<std::string> new_entities, std::vector<int32_t> codes,
                    std::vector<std::string> new_regions, std::vector<int32_t> region_codes) {
  ColumnarChunk chunk;
  for (auto& name : new_entities) chunk.add_new_entities(name);
  auto* y = chunk.add_columns();
  y->set_name("y");
  auto* x = chunk.add_columns();
  x->set_name("x");
  for (size_t r = 0; r < codes.size(); ++r) {
    chunk.add_entity_codes(codes[r]);
    chunk.add_period(r % 2 == 0 ? 2000 + static_cast<int>(r) : -7);  // a negative varint too
    y->add_values(0.5 * codes[r] - 1e300);
    x->add_values(r == 1 ? std::nan("") : 3.25 * r);
  }
  auto* region = chunk.add_labels();
  region->set_name("region");
  for (auto& value : new_regions) region->add_new_values(value);
  for (int32_t code : region_codes) region->add_codes(code);
  return chunk;
}

ColumnarPanelBuilder NewBuilder() { return ColumnarPanelBuilder({"y", "x"}, {"region"}, 8); }

void ExpectSame(const ColumnarPanel& a, const ColumnarPanel& b) {
  EXPECT_EQ(a.entity_names, b.entity_names);
  EXPECT_EQ(a.entity, b.entity);
  EXPECT_EQ(a.period, b.period);
  EXPECT_EQ(a.column_names, b.column_names);
  ASSERT_EQ(a.values.rows(), b.values.rows());
  ASSERT_EQ(a.values.cols(), b.values.cols());
  for (Eigen::Index i = 0; i < a.values.size(); ++i) {  // bit for bit (NaN, -0)
    EXPECT_EQ(std::memcmp(a.values.data() + i, b.values.data() + i, sizeof(double)), 0) << i;
  }
  EXPECT_EQ(a.label_levels, b.label_levels);
  EXPECT_EQ(a.labels, b.labels);
  // What the builder established as the rows came (however they came: runs or rows).
  EXPECT_EQ(a.checks.Cover(a.rows()), b.checks.Cover(b.rows()));
  EXPECT_EQ(a.checks.PeriodsIncrease(), b.checks.PeriodsIncrease());
  for (int c = 0; c < static_cast<int>(a.values.cols()); ++c) {
    EXPECT_EQ(a.checks.AllFinite(c), b.checks.AllFinite(c)) << c;
  }
  EXPECT_EQ(a.identifiers.Cover(a.rows()), b.identifiers.Cover(b.rows()));
  EXPECT_EQ(a.identifiers.entity().counts, b.identifiers.entity().counts);
  EXPECT_EQ(a.identifiers.period().first, b.identifiers.period().first);
  EXPECT_EQ(a.identifiers.period().counts, b.identifiers.period().counts);
}

TEST(ColumnarChunkParser, FillsWhatTheBuilderFillsFromTheSameMessages) {
  const ColumnarChunk chunks[] = {Chunk({"A", "B"}, {0, 1, 1}, {"east"}, {0, 0, 0}),
                                  Chunk({"C"}, {1, 2, 2, 0, 2}, {"west"}, {1, 0, 1, 1, 0})};
  ColumnarPanelBuilder expected = NewBuilder(), parsed = NewBuilder();
  ColumnarChunkParser parser(&parsed, 1000);
  for (const auto& chunk : chunks) {
    ASSERT_TRUE(expected.Append(chunk).ok());
    grpc::ByteBuffer bytes = Buffer(Serialized(chunk));
    absl::StatusOr<int64_t> rows = parser.Append(bytes);
    ASSERT_TRUE(rows.ok()) << rows.status();
    EXPECT_EQ(*rows, chunk.entity_codes_size());
  }
  ExpectSame(std::move(parsed).Finish(), std::move(expected).Finish());
}

// ReadDatasetResponse.columnar written by hand: entity code, period and column "y" as
// unpacked numbers with an unknown field among them, then the rest as protobuf writes it.
std::string HandWrittenChunk() {
  std::string numbers;
  {
    google::protobuf::io::StringOutputStream out(&numbers);
    google::protobuf::io::CodedOutputStream n(&out);
    n.WriteTag((2 << 3) | 0);  // entity_codes, unpacked
    n.WriteVarint32(0);
    n.WriteTag((3 << 3) | 0);  // period, unpacked
    n.WriteVarint32(2000);
    n.WriteTag((99 << 3) | 0);  // an unknown field
    n.WriteVarint32(5);
    n.WriteTag((4 << 3) | 2);  // column "y" with one unpacked double
    n.WriteVarint32(1 + 1 + 1 + 1 + 8);
    n.WriteTag((1 << 3) | 2);
    n.WriteVarint32(1);
    n.WriteRaw("y", 1);
    n.WriteTag((2 << 3) | 1);
    n.WriteLittleEndian64(0x4000000000000000ULL);  // 2.0
  }
  ColumnarChunk rest = Chunk({"A"}, {0}, {"east"}, {0});  // then names, column "x", label
  rest.clear_entity_codes();
  rest.clear_period();
  rest.mutable_columns()->DeleteSubrange(0, 1);
  const std::string chunk = numbers + rest.SerializeAsString();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.WriteTag((3 << 3) | 2);  // ReadDatasetResponse.columnar
    coded.WriteVarint32(static_cast<uint32_t>(chunk.size()));
    coded.WriteRaw(chunk.data(), static_cast<int>(chunk.size()));
  }
  return bytes;
}

// The values are copied from each slice and checked on the way (ColumnarChecks::
// CopyValues): bit for bit whatever the slicing (a double split between slices too), and
// a column is all finite exactly when none of its values is NaN or infinite.
TEST(ColumnarChunkParser, ValuesAreCopiedBitForBitAndCheckedAcrossAnySlicing) {
  const uint64_t specials[] = {
      0x7FEFFFFFFFFFFFFFULL,  // the largest finite double
      0x0000000000000001ULL,  // the smallest subnormal
      0x8000000000000000ULL,  // -0
      0x7FF0000000000000ULL,  // +inf
      0xFFF0000000000000ULL,  // -inf
      0x7FF8000000000000ULL,  // a quiet NaN
      0x7FF0000000000001ULL,  // a signalling NaN
      0xFFFFFFFFFFFFFFFFULL,  // a NaN with every payload bit
  };
  for (const uint64_t bits : specials) {
    ColumnarChunk chunk = Chunk({"A", "B"}, {0, 1, 1}, {"east"}, {0, 0, 0});
    chunk.mutable_columns(1)->set_values(1, 0.5);  // x's NaN replaced: only `bits` is special
    double value;
    std::memcpy(&value, &bits, sizeof(value));
    chunk.mutable_columns(0)->set_values(2, value);
    const bool finite = (bits & 0x7FF0000000000000ULL) != 0x7FF0000000000000ULL;
    for (const size_t slice : {1, 3, 8, 13, 4096}) {
      SCOPED_TRACE(testing::Message() << std::hex << bits << std::dec << " slice " << slice);
      ColumnarPanelBuilder builder = NewBuilder();
      ColumnarChunkParser parser(&builder, 1000);
      grpc::ByteBuffer bytes = Buffer(Serialized(chunk), slice);
      ASSERT_TRUE(parser.Append(bytes).ok());
      const ColumnarPanel panel = std::move(builder).Finish();
      uint64_t copied;
      std::memcpy(&copied, &panel.values(2, 0), sizeof(copied));
      EXPECT_EQ(copied, bits);
      EXPECT_EQ(panel.values(1, 0), 0.5 * 1 - 1e300);
      EXPECT_EQ(panel.checks.AllFinite(0), finite);  // y
      EXPECT_TRUE(panel.checks.AllFinite(1));        // x
    }
  }
}

TEST(ColumnarChunkParser, TakesUnpackedNumbersAndSkipsUnknownFields) {
  const std::string bytes = HandWrittenChunk();
  ColumnarPanelBuilder builder = NewBuilder();
  ColumnarChunkParser parser(&builder, 1000);
  grpc::ByteBuffer buffer = Buffer(bytes, 3);
  absl::StatusOr<int64_t> rows = parser.Append(buffer);
  ASSERT_TRUE(rows.ok()) << rows.status();
  const ColumnarPanel panel = std::move(builder).Finish();
  EXPECT_EQ(panel.entity, (std::vector<int32_t>{0}));
  EXPECT_EQ(panel.period, (std::vector<int32_t>{2000}));
  EXPECT_EQ(panel.values, (Eigen::MatrixXd(1, 2) << 2.0, 0.0).finished());
  EXPECT_EQ(panel.entity_names, (std::vector<std::string>{"A"}));
}

TEST(ColumnarChunkParser, TakesARowsMessageFromAnOlderWorkspace) {
  common::v1::Panel rows;
  for (const char* e : {"A", "B", "A"}) rows.add_entity(e);
  for (int p : {1, 1, 2}) rows.add_period(p);
  for (const char* name : {"y", "x"}) {
    auto* column = rows.add_columns();
    column->set_name(name);
    for (double v : {1.0, 2.0, 3.0}) column->add_values(v);
  }
  auto* label = rows.add_labels();
  label->set_name("region");
  for (const char* v : {"east", "west", "east"}) label->add_values(v);
  ReadDatasetResponse response;
  *response.mutable_chunk() = rows;
  ColumnarPanelBuilder expected = NewBuilder(), parsed = NewBuilder();
  ASSERT_TRUE(expected.Append(rows).ok());
  ColumnarChunkParser parser(&parsed, 1000);
  grpc::ByteBuffer buffer = Buffer(response.SerializeAsString());
  absl::StatusOr<int64_t> count = parser.Append(buffer);
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 3);
  ExpectSame(std::move(parsed).Finish(), std::move(expected).Finish());
}

ColumnarChunk WithRuns(ColumnarChunk chunk, bool entity, bool period);

absl::Status ParseOne(const std::string& bytes) {
  ColumnarPanelBuilder builder = NewBuilder();
  ColumnarChunkParser parser(&builder, 1000);
  grpc::ByteBuffer buffer = Buffer(bytes);
  return parser.Append(buffer).status();
}

TEST(ColumnarChunkParser, RefusesWhatTheBuilderRefusesAsDataLoss) {
  const struct {
    ColumnarChunk chunk;
    const char* says;
  } bad[] = {
      {Chunk({"A"}, {1}, {"east"}, {0}), "out of range"},
      {Chunk({"A", "B"}, {1, 0}, {"east"}, {0, 0}), "first-appearance order"},
      {Chunk({"A", "B"}, {0, 0}, {"east"}, {0, 0}), "no row of the chunk uses"},
      {Chunk({"A", "A"}, {0, 1}, {"east"}, {0, 0}), "sent as new twice"},
      {Chunk({"A"}, {0}, {"east"}, {1}), "label value code 1"},
      {Chunk({"A"}, {0, 0}, {"east"}, {0}), "label 0 ('region')"},  // a short label
  };
  for (const auto& [chunk, says] : bad) {
    ColumnarPanelBuilder builder = NewBuilder();
    EXPECT_TRUE(absl::IsDataLoss(builder.Append(chunk)));
    const absl::Status status = ParseOne(Serialized(chunk));
    EXPECT_TRUE(absl::IsDataLoss(status)) << status;
    EXPECT_NE(status.message().find(says), std::string::npos) << status;
  }
  // Entity codes sent as runs are checked run by run, with the status of the same codes
  // one per row, word for word.
  for (const auto& [chunk, says] : bad) {
    const absl::Status per_row = ParseOne(Serialized(chunk));
    EXPECT_EQ(ParseOne(Serialized(WithRuns(chunk, true, false))), per_row) << says;
    EXPECT_EQ(ParseOne(Serialized(WithRuns(chunk, true, true))), per_row) << says;
  }
  ColumnarChunk renamed = Chunk({"A"}, {0}, {"east"}, {0});
  renamed.mutable_columns(1)->set_name("z");
  EXPECT_NE(ParseOne(Serialized(renamed)).message().find("column 1 ('z')"), std::string::npos);
  ColumnarChunk missing = renamed;
  missing.mutable_columns()->RemoveLast();
  EXPECT_NE(ParseOne(Serialized(missing)).message().find("1 columns and 1 labels instead of 2"),
            std::string::npos);
}

TEST(ColumnarChunkParser, MalformedBytesAreDataLoss) {
  const std::string good = Serialized(Chunk({"A", "B"}, {0, 1}, {"east"}, {0, 0}));
  for (size_t cut : {good.size() - 1, good.size() - 9, size_t{5}, size_t{3}}) {
    const absl::Status status = ParseOne(good.substr(0, cut));
    EXPECT_TRUE(absl::IsDataLoss(status)) << cut << ": " << status;
  }
  const absl::Status garbage = ParseOne(std::string("\x1a\x05\x22\x03\x12\x01\x00", 7));
  EXPECT_TRUE(absl::IsDataLoss(garbage)) << garbage;  // 1 byte of packed doubles
  EXPECT_TRUE(absl::IsDataLoss(ParseOne(good + good))) << "two chunks in one message";
}

// `chunk` with its entity codes (`entity`) and periods (`period`) sent as runs instead:
// runs of one code, runs of consecutive periods.
ColumnarChunk WithRuns(ColumnarChunk chunk, bool entity, bool period) {
  if (entity) {
    for (int r = 0; r < chunk.entity_codes_size(); ++r) {
      const int32_t code = chunk.entity_codes(r);
      if (r > 0 && code == chunk.entity_codes(r - 1)) {
        const int last = chunk.entity_run_lengths_size() - 1;
        chunk.set_entity_run_lengths(last, chunk.entity_run_lengths(last) + 1);
      } else {
        chunk.add_entity_run_codes(code);
        chunk.add_entity_run_lengths(1);
      }
    }
    chunk.clear_entity_codes();
  }
  if (period) {
    for (int r = 0; r < chunk.period_size(); ++r) {
      const int last = chunk.period_run_lengths_size() - 1;
      if (r > 0 && static_cast<int64_t>(chunk.period(r)) == int64_t{chunk.period(r - 1)} + 1) {
        chunk.set_period_run_lengths(last, chunk.period_run_lengths(last) + 1);
      } else {
        chunk.add_period_run_starts(chunk.period(r));
        chunk.add_period_run_lengths(1);
      }
    }
    chunk.clear_period();
  }
  return chunk;
}

// Two chunks of an unbalanced panel: entity A has periods 2000-2002, B 2000 and 2002 (a
// gap), C appears in the second chunk, B's rows continue there, periods go negative.
std::vector<ColumnarChunk> UnbalancedChunks() {
  ColumnarChunk first = Chunk({"A", "B"}, {0, 0, 0, 1, 1}, {"east"}, {0, 0, 0, 0, 0});
  ColumnarChunk second = Chunk({"C"}, {1, 2, 2, 2, 0}, {"west"}, {1, 1, 0, 1, 0});
  const int32_t first_periods[] = {2000, 2001, 2002, 2000, 2002};
  const int32_t second_periods[] = {2003, -2, -1, 0, 2001};
  for (int r = 0; r < 5; ++r) {
    first.set_period(r, first_periods[r]);
    second.set_period(r, second_periods[r]);
  }
  return {first, second};
}

ColumnarPanel ParseAll(const std::vector<ColumnarChunk>& chunks) {
  ColumnarPanelBuilder builder = NewBuilder();
  ColumnarChunkParser parser(&builder, 1000);
  for (const ColumnarChunk& chunk : chunks) {
    grpc::ByteBuffer bytes = Buffer(Serialized(chunk), 3);
    absl::StatusOr<int64_t> rows = parser.Append(bytes);
    EXPECT_TRUE(rows.ok()) << rows.status();
    EXPECT_EQ(rows.value_or(-1), chunk.columns(0).values_size());
  }
  return std::move(builder).Finish();
}

TEST(ColumnarChunkParser, RunsGiveThePanelOfOneValuePerRowInAnyMixOfForms) {
  const std::vector<ColumnarChunk> per_row = UnbalancedChunks();
  const ColumnarPanel expected = ParseAll(per_row);
  ASSERT_EQ(expected.rows(), 10);
  for (int form = 0; form < 16; ++form) {  // each chunk: entity runs or not, period runs or not
    std::vector<ColumnarChunk> chunks;
    for (int c = 0; c < 2; ++c) {
      chunks.push_back(WithRuns(per_row[c], form >> (2 * c) & 1, form >> (2 * c + 1) & 1));
    }
    SCOPED_TRACE(form);
    ExpectSame(ParseAll(chunks), expected);
  }
  const ColumnarChunk runs = WithRuns(per_row[0], true, true);  // what the runs look like
  EXPECT_EQ(runs.entity_run_lengths(0), 3);
  EXPECT_EQ(runs.period_run_starts_size(), 3);  // A 2000-2002, B 2000, B 2002
}

// Periods that increase within every entity across chunks (entity B resumes in the
// second chunk after a gap), then the same with entity A's periods going back by one in
// the second chunk (a run that starts at its last period): the facts gathered stretch by
// stretch are those gathered row by row, in every mix of forms.
TEST(ColumnarChunkParser, RunsGiveTheChecksAndCountsOfTheirRows) {
  for (const int32_t a_resumes : {2003, 2002}) {
    std::vector<ColumnarChunk> per_row = UnbalancedChunks();
    const int32_t second_periods[] = {2003, -2, -1, 0, a_resumes};
    for (int r = 0; r < 5; ++r) per_row[1].set_period(r, second_periods[r]);
    for (ColumnarChunk& chunk : per_row) chunk.mutable_columns(1)->set_values(1, 1.5);  // no NaN
    const ColumnarPanel expected = ParseAll(per_row);
    EXPECT_EQ(expected.checks.PeriodsIncrease(), a_resumes == 2003);
    EXPECT_TRUE(expected.checks.AllFinite(1));
    EXPECT_EQ(expected.identifiers.entity().counts, (std::vector<int64_t>{4, 3, 3}));
    for (int form = 0; form < 16; ++form) {
      std::vector<ColumnarChunk> chunks;
      for (int c = 0; c < 2; ++c) {
        chunks.push_back(WithRuns(per_row[c], form >> (2 * c) & 1, form >> (2 * c + 1) & 1));
      }
      SCOPED_TRACE(testing::Message() << a_resumes << " form " << form);
      ExpectSame(ParseAll(chunks), expected);
    }
  }
}

TEST(ColumnarChunkParser, RunsThatDoNotCoverTheChunksRowsAreDataLossNamingTheField) {
  const ColumnarChunk runs = WithRuns(UnbalancedChunks()[0], true, true);  // 5 rows
  struct Case {
    ColumnarChunk chunk;
    const char* says;
  };
  std::vector<Case> bad(9, Case{runs, ""});
  bad[0].chunk.set_entity_run_lengths(0, 4), bad[0].says = "entity_run_lengths add up to 6 rows";
  bad[1].chunk.set_period_run_lengths(2, 2), bad[1].says = "period_run_lengths add up to 6 rows";
  bad[2].chunk.add_entity_run_codes(1), bad[2].says = "entity_run_codes has 3 values";
  bad[3].chunk.add_period_run_lengths(1), bad[3].says = "period_run_starts has 3 values";
  bad[4].chunk.set_entity_run_lengths(1, 0), bad[4].says = "entity_run_lengths[1] is 0";
  bad[5].chunk.set_period_run_lengths(0, -1), bad[5].says = "period_run_lengths[0] is -1";
  bad[6].chunk.add_entity_codes(0), bad[6].says = "entity_codes and entity_run_codes";
  bad[7].chunk.add_period(2000), bad[7].says = "period and period_run_starts";
  bad[8].chunk.set_period_run_starts(0, INT32_MAX - 1), bad[8].says = "runs past the largest int32";
  for (const auto& [chunk, says] : bad) {
    const absl::Status status = ParseOne(Serialized(chunk));
    EXPECT_TRUE(absl::IsDataLoss(status)) << says << ": " << status;
    EXPECT_NE(status.message().find(says), std::string::npos) << status;
  }
}

TEST(ColumnarChunkParser, RunsClaimingMoreRowsThanTheDatasetAreRefusedBeforeExpanding) {
  ColumnarChunk huge;  // no columns or labels: nothing per row to check the runs against
  huge.add_new_entities("A");
  huge.add_entity_run_codes(0);
  huge.add_entity_run_lengths(INT32_MAX);
  huge.add_period_run_starts(0);
  huge.add_period_run_lengths(INT32_MAX);
  ColumnarPanelBuilder builder({}, {}, 0);
  ColumnarChunkParser parser(&builder, 1000);
  grpc::ByteBuffer bytes = Buffer(Serialized(huge));
  const absl::Status status = parser.Append(bytes).status();
  EXPECT_TRUE(absl::IsDataLoss(status)) << status;
  EXPECT_NE(status.message().find("the dataset has 1000"), std::string::npos) << status;
  EXPECT_EQ(builder.mutable_panel().entity.size(), 0u);

  huge.set_entity_run_lengths(0, 600);  // fits, but the two run fields disagree
  huge.set_period_run_lengths(0, 500);
  ColumnarPanelBuilder other({}, {}, 0);
  ColumnarChunkParser other_parser(&other, 1000);
  grpc::ByteBuffer disagreeing = Buffer(Serialized(huge));
  EXPECT_NE(other_parser.Append(disagreeing).status().message().find(
                "period_run_lengths add up to 500 rows; the chunk has 600"),
            std::string::npos);
}

}  // namespace
}  // namespace govmetrics::workspace_client

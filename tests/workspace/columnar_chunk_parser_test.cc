// The wire parser of COLUMNAR ReadDataset messages (common/workspace_client/
// columnar_chunk_parser.h) fills the ColumnarPanel the generated parser plus
// ColumnarPanelBuilder::Append fill, from the same bytes split across many gRPC slices;
// it takes what a protobuf parser takes (unpacked numbers, unknown fields, a ROWS
// message from an older workspace), and refuses what the builder refuses, and malformed
// bytes, as DATA_LOSS.
#include <cmath>
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
}

TEST(ColumnarChunkParser, FillsWhatTheBuilderFillsFromTheSameMessages) {
  const ColumnarChunk chunks[] = {Chunk({"A", "B"}, {0, 1, 1}, {"east"}, {0, 0, 0}),
                                  Chunk({"C"}, {1, 2, 2, 0, 2}, {"west"}, {1, 0, 1, 1, 0})};
  ColumnarPanelBuilder expected = NewBuilder(), parsed = NewBuilder();
  ColumnarChunkParser parser(&parsed);
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
    n.WriteTag((9 << 3) | 0);  // an unknown field
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

TEST(ColumnarChunkParser, TakesUnpackedNumbersAndSkipsUnknownFields) {
  const std::string bytes = HandWrittenChunk();
  ColumnarPanelBuilder builder = NewBuilder();
  ColumnarChunkParser parser(&builder);
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
  ColumnarChunkParser parser(&parsed);
  grpc::ByteBuffer buffer = Buffer(response.SerializeAsString());
  absl::StatusOr<int64_t> count = parser.Append(buffer);
  ASSERT_TRUE(count.ok()) << count.status();
  EXPECT_EQ(*count, 3);
  ExpectSame(std::move(parsed).Finish(), std::move(expected).Finish());
}

absl::Status ParseOne(const std::string& bytes) {
  ColumnarPanelBuilder builder = NewBuilder();
  ColumnarChunkParser parser(&builder);
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

}  // namespace
}  // namespace govmetrics::workspace_client
